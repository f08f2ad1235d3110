#!/usr/bin/env bash
# Checks the Prometheus alert rules and runs their unit tests (CI runs this before the Java tests).
# promtool comes with Debian's `prometheus` package (apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")/prometheus"
if ! command -v promtool >/dev/null 2>&1; then
  if [ -n "${QUILL_SKIP_PROMTOOL:-}" ]; then echo "deploy/check.sh: no promtool; skipped (QUILL_SKIP_PROMTOOL)"; exit 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deploy/check.sh: installing promtool (Debian's prometheus package)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends prometheus >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends prometheus >/dev/null; }
  fi
  if ! command -v promtool >/dev/null 2>&1; then
    echo "deploy/check.sh: promtool not found; install Debian's prometheus package (or set QUILL_SKIP_PROMTOOL=1)" >&2
    exit 3
  fi
fi
promtool check rules quill-alerts.yml
promtool test rules quill-alerts.test.yml
