#!/usr/bin/env bash
# What the minimum-gain guard costs the service: the model's margin against --min-gain off
# (run-serve-ab.sh; results in quill-bench/target/results/guard/).
#
#   quill-bench/run-guard-overhead.sh            # 8 clients, 10 s per run, 3 runs each
#   CLIENTS=1 RUNS=5 DURATION=5s quill-bench/run-guard-overhead.sh
exec "$(dirname "${BASH_SOURCE[0]}")/run-serve-ab.sh" guard on "" off "--min-gain off"
