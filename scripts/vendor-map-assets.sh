#!/usr/bin/env bash
# Re-vendor the map's JavaScript/CSS into resources/vendor/ from the npm registry.
#
# The files are committed, so neither the app nor `make` needs this at run time: a
# crime-center network may not reach any CDN. Run it only to upgrade Leaflet; the
# pinned tarball integrity below makes a tampered or different download fail loudly.
set -euo pipefail

LEAFLET_VERSION=1.9.4
LEAFLET_INTEGRITY="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/resources/vendor/leaflet"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "npm is needed: apt-get install -y npm" >&2; exit 1; }
(cd "$work" && npm pack "leaflet@$LEAFLET_VERSION" --silent >/dev/null)
tarball="$work/leaflet-$LEAFLET_VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ "$actual" != "$LEAFLET_INTEGRITY" ]]; then
    echo "leaflet-$LEAFLET_VERSION.tgz integrity mismatch: got $actual" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$work"
rm -rf "$dest" && mkdir -p "$dest/images"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$dest/"
cp "$work/package/dist/images/"*.png "$dest/images/"
echo "$LEAFLET_VERSION" > "$dest/VERSION"
(cd "$dest" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)
echo "vendored Leaflet $LEAFLET_VERSION into $dest"
