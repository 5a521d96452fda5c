#!/usr/bin/env bash
# Installs the Debian packages of the sets named (app, mock, test), only those missing.
# Idempotent and quick when everything is present (one dpkg query per package).
#   app   what the desktop app loads: libVLC and the libraries of the PySide6 wheels' Qt
#   mock  the bundled mock backend's RTSP server (GStreamer under Debian's Python); its
#         HTTP streams need nothing from Debian (ffmpeg comes with imageio-ffmpeg)
#   test  a virtual X server for real-window tests and screenshots
#   bench the peers bench/wall_peers.py measures the wall against (VLC's and GStreamer's own
#         X video outputs, GStreamer's H.264 decoder)
# `make demo` installs app; `make test` app, mock and test; `make bench` all four.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/apt.sh
. scripts/lib/apt.sh

app=(
  # libVLC and its demuxers/decoders (python-vlc loads libvlc.so.5)
  libvlc5 vlc-plugin-base
  # Libraries the PySide6 wheels' Qt (incl. QtWebEngine/Chromium) loads
  libnss3 libxkbcommon0 libxkbcommon-x11-0 libxcomposite1 libxdamage1 libxrandr2
  libgbm1 libasound2 libxshmfence1 libxtst6 libxi6 libdbus-1-3 libfontconfig1
  libegl1 libgl1 libopengl0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxkbfile1 fonts-dejavu-core
)
mock=(
  # gst-rtsp-server (tsdemux and the H.265 encoder: -bad; payloaders: -good) run as a child
  # process under python3-gi: the mock's RTSP cameras, which tests, benches and RTSP demos play
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad
)
test=(xvfb xauth dbus-daemon desktop-file-utils)  # D-Bus notification tests; the .desktop file check
bench=(vlc-plugin-video-output gstreamer1.0-x gstreamer1.0-libav gir1.2-gstreamer-1.0)

wanted=()
for set in "${@:-app}"; do
  case "$set" in
    app) wanted+=("${app[@]}") ;;
    mock) wanted+=("${mock[@]}") ;;
    test) wanted+=("${test[@]}") ;;
    bench) wanted+=("${bench[@]}") ;;
    *) echo "unknown package set: $set (app, mock, test, bench)" >&2; exit 2 ;;
  esac
done
# venv for the project's virtual environment, unless the interpreter brings a working one
# (pyenv or python.org builds).
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  wanted+=(python3-venv)
fi
apt_install "${wanted[@]}"
