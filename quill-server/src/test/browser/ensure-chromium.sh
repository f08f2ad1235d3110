#!/usr/bin/env bash
# Makes sure the browser tests have Debian's Chromium and its ChromeDriver (packages chromium and
# chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver). Run by the Maven build before the
# integration tests (quill-server's pom, pre-integration-test). When they are missing and this runs
# as root with apt-get, it installs them; otherwise it says what to install and leaves the verdict
# to the test, which fails with the same message (a missing browser is never a silent skip).
set -uo pipefail
[ "${1:-false}" = true ] && exit 0   # -DskipTests: no tests, no browser needed
chromium=${QUILL_CHROMIUM:-/usr/bin/chromium}
driver=${QUILL_CHROMEDRIVER:-/usr/bin/chromedriver}
[ -x "$chromium" ] && [ -x "$driver" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium and chromium-driver for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null; }
fi
if [ -x "$chromium" ] && [ -x "$driver" ]; then
  echo "ensure-chromium: $("$chromium" --version 2>/dev/null), $("$driver" --version 2>/dev/null | cut -d' ' -f1-2)" >&2
else
  echo "ensure-chromium: no $chromium or $driver; install Debian's chromium and chromium-driver" \
       "(apt-get install chromium chromium-driver, as root). The browser tests will fail until then." >&2
fi
exit 0
