#!/usr/bin/env bash
# Installs the Debian packages RTCC Desktop needs, only those missing.
# Idempotent and quick when everything is present (one dpkg query).
set -euo pipefail

packages=(
  # libVLC and its demuxers/decoders (python-vlc loads libvlc.so.5)
  libvlc5 vlc-plugin-base
  # Xvfb for real-window tests and screenshots
  xvfb xauth
  # Libraries the PySide6 wheels' Qt (incl. QtWebEngine/Chromium) loads
  libnss3 libxkbcommon0 libxkbcommon-x11-0 libxcomposite1 libxdamage1 libxrandr2
  libgbm1 libasound2 libxshmfence1 libxtst6 libxi6 libdbus-1-3 libfontconfig1
  libegl1 libgl1 libopengl0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxkbfile1 fonts-dejavu-core
  # GStreamer under Debian's own Python (python3-gi), run as a child process: the mock's RTSP
  # server (gst-rtsp-server; tsdemux and the H.265 encoder: -bad; payloaders: -good), which
  # tests, benches and RTSP demos play through the app's relay. The app itself needs none of it.
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad
  # venv for the project's virtual environment
  python3-venv
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# python3-venv is only needed when the interpreter has no working venv module
# (pyenv or python.org builds bring their own).
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [ "$p" = python3-venv ] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
