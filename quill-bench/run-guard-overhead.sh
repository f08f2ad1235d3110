#!/usr/bin/env bash
# What the minimum-gain guard costs the service: two servers on the shipped model, one with the
# model's margin and one with --min-gain off, loaded in turn by `quill loadgen` (closed loop,
# every stage on, streaming), A B A B ... so that drift on a shared host falls on both alike.
# Prints one Markdown row per run and the medians; JSON results in quill-bench/target/results/guard/.
#
#   quill-bench/run-guard-overhead.sh            # 8 clients, 10 s per run, 3 runs each
#   CLIENTS=1 RUNS=5 DURATION=5s quill-bench/run-guard-overhead.sh
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
clients=${CLIENTS:-8}
runs=${RUNS:-3}
duration=${DURATION:-10s}
out="$bench/target/results/guard"
mkdir -p "$out"
"$root/bin/quill" build >/dev/null

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
start_server() { # port, extra flags
  local port=$1; shift
  "$root/bin/quill" serve --host 127.0.0.1 --port "$port" --rate-limit-per-minute 0 "$@" >"$out/server-$port.log" 2>&1 &
  pids+=($!)
}
start_server 18480                   # the model's margin (generation_config.json)
start_server 18481 --min-gain off
for port in 18480 18481; do
  for _ in $(seq 1 120); do
    grep -q "listening on port $port" "$out/server-$port.log" && break
    sleep 1
  done
  grep -q "listening on port $port" "$out/server-$port.log" || { echo "server on $port did not start" >&2; exit 1; }
done

# a first run on each, not counted: the JIT compiles the whole path at this load
for port in 18480 18481; do
  "$root/bin/quill" loadgen --url "http://127.0.0.1:$port" --concurrency "$clients" --duration 5s --out "$out/warm-$port.json" >/dev/null 2>&1
done

echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%MZ); $clients clients, $duration per run"
echo
echo "| guard | run | requests/s | e2e p50 ms | e2e p95 ms | TTFT p50 ms | errors |"
echo "|---|---|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  for port in 18480 18481; do
    label=$([ "$port" = 18480 ] && echo on || echo off)
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
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def med(label, f):
    return statistics.median(f(json.load(open(f"{out}/{label}-{i}.json"))) for i in range(1, runs + 1))
print()
for name, f in [("requests/s", lambda d: d["requestsPerSecond"]), ("e2e p50 ms", lambda d: d["e2e"]["p50Ms"]),
                ("e2e p95 ms", lambda d: d["e2e"]["p95Ms"])]:
    on, off = med("on", f), med("off", f)
    print(f"median {name}: guard on {on:.1f}, off {off:.1f} (on/off {on / off:.3f})")
PY
echo "(load at the end $(cut -d' ' -f1-3 /proc/loadavg))"
