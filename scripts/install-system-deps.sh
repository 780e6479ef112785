#!/usr/bin/env bash
# Install the Debian packages MoodLens needs. `app`: what running the app needs (ffmpeg for
# audio decoding, Pango for PDF rendering, Node for building the web client).
# `test`: additionally the browser and speech tools the tests use.
set -euo pipefail
profile="${1:-app}"
pkgs=(ffmpeg libsndfile1 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core nodejs npm)
if [ "$profile" = "test" ]; then
  # alsa-utils: its /usr/share/sounds/alsa/*.wav are real human speech for the speech corpus.
  # haproxy: tests/deploy validates deploy/haproxy.cfg with it (2 MB).
  pkgs+=(chromium chromium-driver firefox-esr espeak-ng sox libsox-fmt-all poppler-utils alsa-utils haproxy)
fi
missing=()
for p in "${pkgs[@]}"; do
  # Node and npm may come from another source on the machine; only install when absent.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
