#!/usr/bin/env bash
# quill's engine (continuous batching, 16 concurrent clients) against Jlama 0.8.4 with 8
# concurrent clients on the same model directory and the same prompts, back to back in one
# run, repeated (quill, Jlama, quill, Jlama, ...), then each pair's ratio of aggregate output
# tokens per second (prefill included on both sides) and their median.
#
#   quill-bench/run-engine-vs-jlama.sh [MODEL_DIR] [REPETITIONS]
#
# MODEL_DIR defaults to the F32 bench shape that the JMH run writes
# (quill-bench/target/bench-models/bench-34m-f32). Jlama runs on its pure-Java Panama path.
# Each run is repeated while other processes took a quarter of the machine or more
# (quiet-run.sh: QUIET_TRIES, QUIET_MAX), and tagged with that share.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
# shellcheck source=quiet-run.sh
source "$bench/quiet-run.sh"
model=${1:-$bench/target/bench-models/bench-34m-f32}
reps=${2:-3}
requests=${REQUESTS:-48}
warmup=${WARMUP:-96}
max_tokens=${MAX_TOKENS:-32}
quill_clients=${QUILL_CLIENTS:-16}
jlama_clients=${JLAMA_CLIENTS:-8}
[ -f "$model/config.json" ] || { echo "no model in $model (run BENCHMARKS=Decode quill-bench/run-benchmarks.sh once)" >&2; exit 2; }

"$root/bin/quill" build >/dev/null
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
fi
export JAVA_HOME
"$root/mvnw" -B -q -f "$root/pom.xml" -pl quill-bench -am package -DskipTests
jlama=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --enable-preview
  -Djlama.force_panama_tensor_operations=true -cp "$bench/target/benchmarks.jar" dev.quill.bench.JlamaConcurrentDecode)

# "throughput   20.55 requests/s, 657.7 output tokens/s, ..." -> 657.7
tokens_per_s() { sed -n 's/^throughput .*, \([0-9.]*\) output tokens\/s.*/\1/p'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
ratios=()
for i in $(seq 1 "$reps"); do
  run_quiet "$root/bin/quill" bench engine --model "$model" --policy continuous --concurrency "$quill_clients" \
      --requests "$requests" --warmup "$warmup" --max-tokens "$max_tokens" 2>/dev/null
  q=$RUN_OUTPUT qo=$RUN_OTHER
  echo "$q" | sed "s/^/quill #$i  /"
  run_quiet "${jlama[@]}" "$model" "$jlama_clients" "$requests" "$warmup" "$max_tokens" 2>/dev/null
  j=$(echo "$RUN_OUTPUT" | grep -v '^SLF4J') jo=$RUN_OTHER
  echo "$j" | sed "s/^/jlama #$i  /"
  qt=$(echo "$q" | tokens_per_s)
  jt=$(echo "$j" | tokens_per_s)
  r=$(awk -v q="$qt" -v j="$jt" 'BEGIN { printf "%.2f", q / j }')
  ratios+=("$r")
  echo "pair #$i: quill $qt output tok/s (continuous, $quill_clients clients; other procs $qo) / Jlama $jt ($jlama_clients clients; other procs $jo) = ${r}x"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END {
  m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
  printf "ratio quill/Jlama: median %.2fx, min %.2fx, max %.2fx over %d pairs\n", m, a[1], a[NR], NR }'
