#!/usr/bin/env bash
# The engine table of docs/benchmarks.md: `quill bench engine` for every scheduling policy at
# every concurrency, on one or more model directories, printed as Markdown rows (and the raw
# output in quill-bench/target/results/engine-table.log).
#
#   quill-bench/run-engine-table.sh [MODEL_DIR[@REQUESTS[@WARMUP]] ...]
#
# Defaults: the F32 bench shape (quill-bench/target/bench-models/bench-34m-f32, written by the
# JMH run) with 96 measured requests after at least 32 warm-up ones, and the shipped tutor model
# (models/quill-tutor), ten times faster per request, with 480 after at least 64 so that its runs
# also last seconds; bench engine then warms up further until the JIT has settled (--warmup).
# POLICIES, CONCURRENCY, MAX_TOKENS and MIN_TOKENS (set: each request generates a
# seeded random count from MIN_TOKENS to MAX_TOKENS, as answers of different lengths do) override the sweep; the rest is bench
# engine's defaults (prompts of 16-96 random tokens, static batches of 16 or 20 ms, continuous
# budget of 512 tokens per step and at most 16 running). A policy written P@B runs with --batch B
# (static batches of B, or at most B running) and only at concurrencies above B, where the cap
# binds: POLICIES="none static continuous continuous@8" adds the capped continuous rows.
# Each run is repeated while other processes took a quarter of the machine or more
# (quiet-run.sh: QUIET_TRIES, QUIET_MAX); the last column is that share for the run kept.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
# shellcheck source=quiet-run.sh
source "$bench/quiet-run.sh"
policies=${POLICIES:-none static continuous}
concurrency=${CONCURRENCY:-1 2 4 8 16 32}
max_tokens=${MAX_TOKENS:-32}
length_args=(--max-tokens "$max_tokens")
if [ -n "${MIN_TOKENS:-}" ]; then length_args+=(--min-tokens "$MIN_TOKENS"); fi
if [ $# -eq 0 ]; then set -- "$bench/target/bench-models/bench-34m-f32@96@32" "$root/models/quill-tutor@480@64"; fi
mkdir -p "$bench/target/results"
log="$bench/target/results/engine-table.log"
: >"$log"
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

"$root/bin/quill" build >/dev/null
for spec in "$@"; do
  IFS=@ read -r model requests warmup <<<"$spec"
  requests=${requests:-96}
  warmup=${warmup:-32}
  [ -f "$model/config.json" ] || { echo "no model in $model" >&2; exit 2; }
  echo
  echo "$model, $requests requests after at least $warmup warm-up (then until the JIT settles), ${MIN_TOKENS:+$MIN_TOKENS-}$max_tokens output tokens each: load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%MZ)"
  echo
  echo "| policy | concurrency | requests/s | output tok/s | e2e p50 ms | e2e p95 ms | TTFT p50 ms | TPOT p50 ms | mean batch | other procs |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for p in $policies; do
    IFS=@ read -r policy cap <<<"$p"
    cap_args=()
    if [ -n "$cap" ]; then cap_args=(--batch "$cap"); fi
    for c in $concurrency; do
      if [ -n "$cap" ] && [ "$c" -le "$cap" ]; then continue; fi
      # stderr holds the JVM's warnings and progress lines; it is shown only when the run fails
      run_quiet "$root/bin/quill" bench engine --model "$model" --policy "$policy" --concurrency "$c" \
          --requests "$requests" --warmup "$warmup" "${length_args[@]}" "${cap_args[@]}" 2>"$errors" || {
        status=$?
        echo "run-engine-table: bench engine failed (exit $status) on $model, policy $p, concurrency $c:" >&2
        tail -n 5 "$errors" >&2
        exit 1
      }
      { echo "## $model $p $c (other procs $RUN_OTHER)"; echo "$RUN_OUTPUT"; } >>"$log"
      echo "$RUN_OUTPUT" | awk -v p="$p" -v c="$c" -v o="$RUN_OTHER" '
        /^throughput/ { rps = $2; tps = $4 }
        /^latency/    { e50 = $5; e95 = $7; t50 = $13; tp50 = $19 }
        /^engine/     { mb = $6 }
        END { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p, c, rps, tps, e50, e95, t50, tp50, mb, o }'
    done
  done
done
echo
echo "(load at the end $(cut -d' ' -f1-3 /proc/loadavg); raw output in $log)"
