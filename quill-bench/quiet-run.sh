# Sourced by the engine scripts: runs a benchmark command while measuring how much of the
# machine other processes took meanwhile (the host is shared), and repeats it while that share
# is too high, as shared/research/limits.md does for its figures.
#
#   run_quiet CMD...   sets RUN_OUTPUT (the command's stdout) and RUN_OTHER (the share of all
#                      cores that processes other than CMD used while it ran, 0 to 1), of the
#                      try with the lowest share among up to QUIET_TRIES (default 3) tries; it
#                      stops at the first try below QUIET_MAX (default 0.25); returns the
#                      command's exit status when it fails (RUN_OUTPUT then holds its stdout)

# user + nice + system + irq + softirq + steal jiffies of all cores since boot
busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

run_measured() {
  local times b0 b1 t0 t1
  times=$(mktemp)
  b0=$(busy_jiffies); t0=$(date +%s.%N)
  RUN_STATUS=0
  RUN_OUTPUT=$(/usr/bin/time -f '%U %S' -o "$times" "$@") || RUN_STATUS=$?
  b1=$(busy_jiffies); t1=$(date +%s.%N)
  # the time file's last line holds the command's user and system seconds
  RUN_OTHER=$(tail -1 "$times" | awk -v b0="$b0" -v b1="$b1" -v t0="$t0" -v t1="$t1" -v n="$(nproc)" \
      -v hz="$(getconf CLK_TCK)" '{ s = ((b1 - b0) / hz - $1 - $2) / (n * (t1 - t0)); printf "%.2f", s < 0 ? 0 : s }')
  rm -f "$times"
}

run_quiet() {
  local tries=${QUIET_TRIES:-3} max=${QUIET_MAX:-0.25} best_output="" best_other=2 i
  for ((i = 1; i <= tries; i++)); do
    run_measured "$@"
    [ "$RUN_STATUS" -eq 0 ] || return "$RUN_STATUS" # a failed run is not retried: the caller reports it
    if awk -v a="$RUN_OTHER" -v b="$best_other" 'BEGIN { exit !(a < b) }'; then
      best_output=$RUN_OUTPUT; best_other=$RUN_OTHER
    fi
    awk -v a="$RUN_OTHER" -v m="$max" 'BEGIN { exit !(a < m) }' && break
  done
  RUN_OUTPUT=$best_output
  RUN_OTHER=$best_other
}
