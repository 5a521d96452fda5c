#!/usr/bin/env bash
# Installs the RTSP server implementations the interop tests (tests/interop) play cameras from,
# only what is missing: Debian's rtsp-server-perl; rtsp-streaming-server from npm into the
# project-local .interop/node_modules (Node and npm from Debian when absent); aio-rtsp-toolkit
# from PyPI into .interop/python, for the venv's interpreter (kept out of the venv: the app does
# not use it). VLC's RTSP server needs no install of its own: it runs inside the libVLC
# (libvlc5, vlc-plugin-base) and python-vlc that scripts/install-system-deps.sh and the venv
# bring. Idempotent: a second run is one dpkg query and two stamp checks.
set -euo pipefail

cd "$(dirname "$0")/.."
RSS_VERSION=2.1.0  # rtsp-streaming-server on npm
# aio-rtsp-toolkit and what it imports (av: PyAV, the wheel brings its own FFmpeg libraries)
PY_PACKAGES=(aio-rtsp-toolkit==0.1.4 aio-sockets==0.1.4 av==18.1.0)
PY=${PY:-.venv/bin/python}
PREFIX=.interop
NPM_STAMP="$PREFIX/.npm-installed-rtsp-streaming-server-$RSS_VERSION"
PY_STAMP="$PREFIX/.pip-installed-$(echo "${PY_PACKAGES[*]} $("$PY" -c 'import sys; print(sys.version)')" | sha1sum | cut -c1-12)"

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

if [ ! -e "$NPM_STAMP" ]; then
  echo "Installing rtsp-streaming-server $RSS_VERSION into $PREFIX/"
  mkdir -p "$PREFIX"
  # --ignore-scripts: nothing runs at install time (the package and its dependencies are plain JS).
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
    "rtsp-streaming-server@$RSS_VERSION"
  rm -f "$PREFIX"/.npm-installed-*
  touch "$NPM_STAMP"
fi

if [ ! -e "$PY_STAMP" ]; then
  echo "Installing ${PY_PACKAGES[*]} into $PREFIX/python/"
  rm -rf "$PREFIX/python"
  "$PY" -m pip install -q --disable-pip-version-check --no-deps --target "$PREFIX/python" "${PY_PACKAGES[@]}"
  rm -f "$PREFIX"/.pip-installed-*
  touch "$PY_STAMP"
fi
