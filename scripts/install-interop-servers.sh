#!/usr/bin/env bash
# Installs the RTSP server implementations the interop tests (tests/interop) play cameras from,
# only what is missing: Debian's rtsp-server-perl, and rtsp-streaming-server from npm into the
# project-local .interop/ (Node and npm from Debian when absent). VLC's RTSP server needs no
# install of its own: it runs inside the libVLC (libvlc5, vlc-plugin-base) and python-vlc that
# scripts/install-system-deps.sh and the venv bring. Idempotent: a second run is one dpkg query
# and one stamp check.
set -euo pipefail

cd "$(dirname "$0")/.."
RSS_VERSION=2.1.0  # rtsp-streaming-server on npm
PREFIX=.interop
STAMP="$PREFIX/.installed-rtsp-streaming-server-$RSS_VERSION"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

packages=(rtsp-server-perl)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages for the interop tests: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The package ships a service listening on port 554; the tests start their own server on
  # loopback, so a machine that boots it is not left serving RTSP.
  if [[ " ${missing[*]} " == *" rtsp-server-perl "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now rtsp-server-perl >/dev/null 2>&1 || true
  fi
fi

if [ ! -e "$STAMP" ]; then
  echo "Installing rtsp-streaming-server $RSS_VERSION into $PREFIX/"
  mkdir -p "$PREFIX"
  # --ignore-scripts: nothing runs at install time (the package and its dependencies are plain JS).
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
    "rtsp-streaming-server@$RSS_VERSION"
  rm -f "$PREFIX"/.installed-*
  touch "$STAMP"
fi
