#!/usr/bin/env bash
# Fetch the genuine prebuilt OHIF viewer (@ohif/app) from the npm registry, check it against the sha512 pinned
# for that version in ohif-versions.json, unpack it into .cache/ohif/<version>/dist (env OHIF_CACHE_DIR moves
# .cache/ohif). Idempotent: a dist already unpacked from the pinned archive is kept. Never committed.
#
#   scripts/fetch-ohif.sh              the default version (env OHIF_VERSION overrides)
#   scripts/fetch-ohif.sh 3.12.10 ...  the versions given
#   scripts/fetch-ohif.sh --all        every supported version
#   scripts/fetch-ohif.sh --list       print the supported versions, the default first
#
# A version without a pinned sha512 is refused. To support a new one, pin the registry's integrity
# (npm view @ohif/app@<version> dist.integrity) in ohif-versions.json.
set -euo pipefail
cd "$(dirname "$0")/.."

pins() { node -e 'const v = require("./ohif-versions.json"); for (const [k, s] of Object.entries(v.prebuilt)) console.log(k, s);'; }
default_version() { node -p 'require("./ohif-versions.json").default'; }

fetch_one() {
  local version=$1 expected dest tgz actual
  expected=$(pins | awk -v v="$version" '$1 == v { print $2 }')
  if [ -z "$expected" ]; then
    echo "@ohif/app@$version is not a supported version (no sha512 pinned in ohif-versions.json); supported: $(pins | awk '{ print $1 }' | xargs)" >&2
    return 2
  fi
  dest="${OHIF_CACHE_DIR:-.cache/ohif}/$version"
  if [ -f "$dest/dist/index.html" ] && [ "$(cat "$dest/.verified" 2>/dev/null)" = "$expected" ]; then return 0; fi
  mkdir -p "$dest"
  tgz="$dest/ohif-app-$version.tgz"
  if [ ! -f "$tgz" ]; then
    echo "fetching @ohif/app@$version from the npm registry (about 50 MB)..." >&2
    (cd "$dest" && npm pack --silent "@ohif/app@$version" >/dev/null)
  fi
  actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$actual" != "$expected" ]; then
    echo "integrity check failed for $tgz: expected $expected, got $actual" >&2
    rm -f "$tgz"
    return 1
  fi
  # Unpacked beside the old dist and swapped in, so a running sandbox loses its files for a moment only.
  local tmp="$dest/.unpack.$$"
  rm -rf "$tmp" "$dest/.verified"
  mkdir -p "$tmp"
  tar xzf "$tgz" -C "$tmp"
  rm -rf "$dest/dist"
  mv "$tmp/package/dist" "$dest/dist"
  rm -rf "$tmp" "$tgz"
  echo "$expected" >"$dest/.verified"
  echo "OHIF $version ready in $dest/dist" >&2
}

case "${1:-}" in
  --list)
    d=$(default_version)
    echo "$d"
    pins | awk -v d="$d" '$1 != d { print $1 }'
    exit 0
    ;;
  --all) mapfile -t versions < <(pins | awk '{ print $1 }') ;;
  "") versions=("${OHIF_VERSION:-$(default_version)}") ;;
  *) versions=("$@") ;;
esac
for v in "${versions[@]}"; do fetch_one "$v"; done
