#!/usr/bin/env bash
# Installs the RTSP server implementations the interop tests (tests/interop) play cameras from,
# and the HTTP servers and segmenter they play HLS from, only what is missing: Debian's
# rtsp-server-perl, nginx-light and gstreamer1.0-tools (gst-launch-1.0 for GStreamer's hlssink2;
# the plugins come with scripts/install-system-deps.sh); rtsp-streaming-server and http-server
# from npm into the project-local .interop/node_modules (Node and npm from Debian when absent); aio-rtsp-toolkit
# from PyPI into .interop/python, for the venv's interpreter (kept out of the venv: the app does
# not use it). VLC's RTSP server needs no install of its own: it runs inside the libVLC
# (libvlc5, vlc-plugin-base) and python-vlc that scripts/install-system-deps.sh and the venv
# bring. live555's RTSP server (the one most cameras embed; Debian no longer packages it) is
# built from the live555 sources in PyPI's liblivemedia sdist with tests/interop/servers/
# live555_server.cpp as its main, into .interop/live555 (g++ from Debian when absent; ~15 s of
# CPU). Idempotent: a second run is one dpkg query and three stamp checks.
set -euo pipefail

cd "$(dirname "$0")/.."
RSS_VERSION=2.1.0  # rtsp-streaming-server on npm
HTTP_SERVER_VERSION=14.1.1  # http-server on npm
# aio-rtsp-toolkit and what it imports (av: PyAV, the wheel brings its own FFmpeg libraries)
PY_PACKAGES=(aio-rtsp-toolkit==0.1.4 aio-sockets==0.1.4 av==18.1.0)
# live555 2024.06.26's sources, as PyPI's liblivemedia sdist carries them (its Python module,
# a proxy without viewer authentication, is not built)
LIVE555_SDIST=liblivemedia==1.0.5
LIVE555_MAIN=tests/interop/servers/live555_server.cpp
PY=${PY:-.venv/bin/python}
PREFIX=.interop
NPM_STAMP="$PREFIX/.npm-installed-rtsp-streaming-server-$RSS_VERSION-http-server-$HTTP_SERVER_VERSION"
PY_STAMP="$PREFIX/.pip-installed-$(echo "${PY_PACKAGES[*]} $("$PY" -c 'import sys; print(sys.version)')" | sha1sum | cut -c1-12)"
LIVE555_STAMP="$PREFIX/.built-live555-$(cat "$LIVE555_MAIN" <(echo "$LIVE555_SDIST") | sha1sum | cut -c1-12)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

packages=(rtsp-server-perl nginx-light gstreamer1.0-tools)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
command -v g++ >/dev/null || packages+=(g++)
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
  # Likewise nginx's service on port 80: the tests run nginx of their own, on loopback.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

if [ ! -e "$NPM_STAMP" ]; then
  echo "Installing rtsp-streaming-server $RSS_VERSION and http-server $HTTP_SERVER_VERSION into $PREFIX/"
  mkdir -p "$PREFIX"
  # --ignore-scripts: nothing runs at install time (the package and its dependencies are plain JS).
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
    "rtsp-streaming-server@$RSS_VERSION" "http-server@$HTTP_SERVER_VERSION"
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

if [ ! -e "$LIVE555_STAMP" ]; then
  echo "Building live555's RTSP server ($LIVE555_SDIST's sources) into $PREFIX/live555/"
  rm -rf "$PREFIX/live555"
  mkdir -p "$PREFIX/live555/objects"
  "$PY" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
    -d "$PREFIX/live555" "$LIVE555_SDIST"
  tar -xzf "$PREFIX"/live555/liblivemedia-*.tar.gz -C "$PREFIX/live555"
  src=$(echo "$PREFIX"/live555/liblivemedia-*/)
  flags=(-O1 -w -DSOCKLEN_T=socklen_t -DNO_OPENSSL=1)
  for d in UsageEnvironment BasicUsageEnvironment groupsock liveMedia; do flags+=(-I"$src$d/include"); done
  # Its C++ needs C++20 (std::atomic_flag::test); two files are C.
  find "$src"UsageEnvironment "$src"BasicUsageEnvironment "$src"groupsock "$src"liveMedia -maxdepth 1 \
      \( -name '*.cpp' -o -name '*.c' \) -print0 |
    xargs -0 -P "$(nproc)" -I{} sh -c 'f="$1"; shift; o="'"$PREFIX"'/live555/objects/$(basename "$f").o"
      case "$f" in *.c) exec gcc "$@" -c "$f" -o "$o";; *) exec g++ -std=c++20 "$@" -c "$f" -o "$o";; esac' \
      sh {} "${flags[@]}"
  g++ -std=c++20 "${flags[@]}" "$LIVE555_MAIN" "$PREFIX"/live555/objects/*.o -o "$PREFIX/live555/live555-server"
  rm -rf "$PREFIX/live555/objects" "$src" "$PREFIX"/live555/liblivemedia-*.tar.gz
  rm -f "$PREFIX"/.built-live555-*
  touch "$LIVE555_STAMP"
fi
