#!/usr/bin/env bash
# Two quill servers on the shipped model that differ in their flags, loaded in turn by
# `quill loadgen` (closed loop, every stage on, streaming), A B A B ... so that drift on a shared
# host falls on both alike. Prints one Markdown row per run and the medians, A over B; JSON
# results (and the servers' /v1/stats after the last run) in quill-bench/target/results/NAME/.
#
#   quill-bench/run-serve-ab.sh NAME LABEL_A "FLAGS_A" LABEL_B "FLAGS_B"
#   CLIENTS=1 RUNS=5 DURATION=5s quill-bench/run-serve-ab.sh speculation on "" off "--speculate false"
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
[ $# -eq 5 ] || { echo "usage: $0 NAME LABEL_A FLAGS_A LABEL_B FLAGS_B" >&2; exit 2; }
name=$1 label_a=$2 flags_a=$3 label_b=$4 flags_b=$5
clients=${CLIENTS:-8}
runs=${RUNS:-3}
duration=${DURATION:-10s}
out="$bench/target/results/$name"
mkdir -p "$out"
"$root/bin/quill" build >/dev/null

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
start_server() { # port, extra flags (word-split on purpose)
  local port=$1 flags=$2
  # shellcheck disable=SC2086
  "$root/bin/quill" serve --host 127.0.0.1 --port "$port" --rate-limit-per-minute 0 $flags >"$out/server-$port.log" 2>&1 &
  pids+=($!)
}
start_server 18480 "$flags_a"
start_server 18481 "$flags_b"
for port in 18480 18481; do
  for _ in $(seq 1 120); do
    grep -q "listening on port $port" "$out/server-$port.log" && break
    sleep 1
  done
  grep -q "listening on port $port" "$out/server-$port.log" || { echo "server on $port did not start" >&2; exit 1; }
done
label_of() { [ "$1" = 18480 ] && echo "$label_a" || echo "$label_b"; }

# a first run on each, not counted: the JIT compiles the whole path at this load
for port in 18480 18481; do
  "$root/bin/quill" loadgen --url "http://127.0.0.1:$port" --concurrency "$clients" --duration 5s --out "$out/warm-$port.json" >/dev/null 2>&1
done

echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%MZ); $clients clients, $duration per run; $label_a: '$flags_a', $label_b: '$flags_b'"
echo
echo "| $name | run | requests/s | e2e p50 ms | e2e p95 ms | TTFT p50 ms | errors |"
echo "|---|---|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  for port in 18480 18481; do
    label=$(label_of "$port")
    json="$out/$label-$i.json"
    "$root/bin/quill" loadgen --url "http://127.0.0.1:$port" --concurrency "$clients" --duration "$duration" \
        --out "$json" >/dev/null 2>&1
    python3 - "$json" "$label" "$i" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
errors = sum(d["errors"].values()) if d["errors"] else 0
print(f"| {sys.argv[2]} | {sys.argv[3]} | {d['requestsPerSecond']:.1f} | {d['e2e']['p50Ms']:.1f} | {d['e2e']['p95Ms']:.1f} | {d['ttft']['p50Ms']:.1f} | {errors} |")
PY
  done
done
for port in 18480 18481; do
  curl -s "http://127.0.0.1:$port/v1/stats" > "$out/stats-$(label_of "$port").json" || true
done
python3 - "$out" "$runs" "$label_a" "$label_b" <<'PY'
import json, statistics, sys
out, runs, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def med(label, f):
    return statistics.median(f(json.load(open(f"{out}/{label}-{i}.json"))) for i in range(1, runs + 1))
print()
for name, f in [("requests/s", lambda d: d["requestsPerSecond"]), ("e2e p50 ms", lambda d: d["e2e"]["p50Ms"]),
                ("e2e p95 ms", lambda d: d["e2e"]["p95Ms"])]:
    x, y = med(a, f), med(b, f)
    print(f"median {name}: {a} {x:.1f}, {b} {y:.1f} ({a}/{b} {x / y:.3f})")
for label in (a, b):
    try:
        e = json.load(open(f"{out}/stats-{label}.json"))["engine"]
        print(f"{label}: {e['steps_total']:,} engine steps, {e.get('draft_tokens_total', 0):,} draft tokens, "
              f"{e.get('draft_accepted_tokens_total', 0):,} accepted")
    except (OSError, ValueError, KeyError):
        pass
PY
echo "(load at the end $(cut -d' ' -f1-3 /proc/loadavg))"
