#!/usr/bin/env bash
# What speculating with the unchanged sentence as the draft does to the service: the default
# against --speculate false, guard on in both (run-serve-ab.sh; results in
# quill-bench/target/results/speculation/).
#
#   quill-bench/run-speculation.sh               # 8 clients, 10 s per run, 3 runs each
#   CLIENTS=1 RUNS=5 DURATION=5s quill-bench/run-speculation.sh
exec "$(dirname "${BASH_SOURCE[0]}")/run-serve-ab.sh" speculation on "" off "--speculate false"
