#!/usr/bin/env bash
# Builds quill-bench and runs every benchmark with real settings on a quiet machine, writing
# one JMH JSON file per benchmark class and a summary into quill-bench/target/results/
# (git-ignored). Extra arguments replace the per-class run settings below in every JMH run,
# e.g. `-f 1 -wi 1 -i 1 -w 1s -r 1s` for a smoke run; add `-p threads=1` to override a parameter.
#
#   quill-bench/run-benchmarks.sh              # everything (about 24 minutes)
#   BENCHMARKS="PeakFlops MemoryBandwidth" quill-bench/run-benchmarks.sh   # a subset, by class-name prefix
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
# The JDK the rest of quill uses (bin/quill finds it the same way).
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
fi
export JAVA_HOME
java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

"$root/mvnw" -B -q -f "$root/pom.xml" -pl quill-bench -am package -DskipTests
jar="$bench/target/benchmarks.jar"
results="$bench/target/results"
mkdir -p "$results"
# Model directories are written once and shared by every fork (see BenchModels).
export QUILL_BENCH_MODELS="$bench/target/bench-models"
# The spelling benchmark's sentences and tokenizer (the forks run in quill-bench/).
export QUILL_JFLEG=${QUILL_JFLEG:-$root/../shared/data/jfleg/dev/dev.src}
export QUILL_TUTOR_MODEL=${QUILL_TUTOR_MODEL:-$root/models/quill-tutor}

# Class-name prefix and its JMH settings. Decode invocations last about a second, so their
# iterations are longer; matmul has 24 parameter combinations, so its iterations are shorter.
# A tokenizer invocation encodes all 10 MB of its text (a fraction of a second to a second).
settings=(
  "PeakFlops:-f 2 -wi 3 -i 5 -w 2s -r 2s"
  "MemoryBandwidth:-f 2 -wi 3 -i 5 -w 3s -r 3s"
  "Matmul:-f 2 -wi 3 -i 5 -w 1s -r 1s"
  "TrainingGemm:-f 1 -wi 3 -i 5 -w 1s -r 1s"
  "Decode:-f 2 -wi 3 -i 5 -w 5s -r 5s"
  "JlamaDecode:-f 2 -wi 3 -i 5 -w 5s -r 5s"
  "Tokenizer:-f 2 -wi 3 -i 5 -w 3s -r 3s"
  "Retrieval:-f 1 -wi 2 -i 3 -w 2s -r 3s"
  "Spelling:-f 1 -wi 3 -i 5 -w 2s -r 2s"
)
selected=${BENCHMARKS:-PeakFlops MemoryBandwidth Matmul TrainingGemm Decode JlamaDecode Tokenizer Retrieval Spelling}

cd "$bench"
for entry in "${settings[@]}"; do
  name=${entry%%:*}
  opts=${entry#*:}
  [ $# -eq 0 ] || opts=""
  [[ " $selected " == *" $name "* ]] || continue
  # The regex is anchored so that "Decode" does not also select JlamaDecode.
  # shellcheck disable=SC2086
  "${java[@]}" -jar "$jar" "\.${name}Benchmark\." $opts "$@" \
    -rf json -rff "$results/$name.json" | tee "$results/$name.log"
done

"${java[@]}" -cp "$jar" dev.quill.bench.BenchmarkSummary "$results"/*.json | tee "$results/summary.txt"
