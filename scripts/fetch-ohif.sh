#!/usr/bin/env bash
# Fetch the genuine prebuilt OHIF viewer (@ohif/app) from the npm registry, check its integrity, unpack it
# into .cache/ohif/<version>/dist. Idempotent; never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${OHIF_VERSION:-3.13.2}"
# sha512 published by the registry for @ohif/app@3.13.2 (npm view @ohif/app@3.13.2 dist.integrity)
EXPECTED="sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA=="
DEST=".cache/ohif/$VERSION"
if [ -f "$DEST/dist/index.html" ] && [ -f "$DEST/.verified" ]; then exit 0; fi
mkdir -p "$DEST"
TGZ="$DEST/ohif-app-$VERSION.tgz"
if [ ! -f "$TGZ" ]; then
  echo "fetching @ohif/app@$VERSION from the npm registry (about 50 MB)..." >&2
  (cd "$DEST" && npm pack --silent "@ohif/app@$VERSION" >/dev/null)
fi
if [ "$VERSION" = "3.13.2" ]; then
  ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TGZ" | base64 -w0)"
  if [ "$ACTUAL" != "$EXPECTED" ]; then
    echo "integrity check failed for $TGZ: got $ACTUAL" >&2
    rm -f "$TGZ"
    exit 1
  fi
fi
rm -rf "$DEST/package" "$DEST/dist"
tar xzf "$TGZ" -C "$DEST"
mv "$DEST/package/dist" "$DEST/dist"
rm -rf "$DEST/package" "$TGZ"
touch "$DEST/.verified"
echo "OHIF $VERSION ready in $DEST/dist" >&2
