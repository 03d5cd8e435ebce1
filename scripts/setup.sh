#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for actionwatch, idempotently.
#   scripts/setup.sh          to run the daemon: system packages, npm deps, build, the MViT-B
#                             model, a sample clip and a local Mosquitto broker
#   scripts/setup.sh --test   what the test suite needs: system packages, npm deps, build
set -euo pipefail
cd "$(dirname "$0")/.."

mode=run
case "${1:-}" in
  --test) mode=test ;;
  "") ;;
  *) echo "usage: $0 [--test]" >&2; exit 64 ;;
esac

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ffmpeg decodes the cameras, Mosquitto is the broker the tests (and the demo) talk to,
# GStreamer's RTSP server plays a camera in tests, torchvision exports the model. sharp draws
# the text on alert snapshots with a system font found by fontconfig (DejaVu Sans).
packages=(ffmpeg mosquitto mosquitto-clients fonts-dejavu-core)
if [ "$mode" = test ]; then
  packages+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
    gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly)
  # systemd-notify(1), which the daemon's sd_notify goes through; the tests run it against a
  # socket of their own (containers often lack the systemd package).
  packages+=(systemd)
  # Jinja2 renders the Home Assistant discovery templates in the tests, as Home Assistant does.
  packages+=(python3-jinja2)
  # The web console is tested in a real browser, driven by playwright-core.
  packages+=(chromium)
else
  packages+=(python3-torchvision python3-onnx)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# WebGPU in the tests runs on Mesa's software Vulkan driver (lavapipe): no GPU needed. Dawn
# refuses Debian 12's own Mesa 22 ("shaderUniform*ArrayDynamicIndexing required") and accepts
# Mesa 25 from bookworm-backports, so only the Vulkan driver comes from backports (with the
# libdrm it requires); everything else stays on the main suite.
if [ "$mode" = test ]; then
  bash scripts/vulkan-backports.sh
fi

# The same skip as .npmrc's onnxruntime-node-install (README, "cuda"), as the environment
# variable onnxruntime-node's install script also reads: npm 11 warns that it will stop passing
# unknown .npmrc keys to install scripts. A value set by the caller (cuda12) wins.
ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}" npm ci --no-audit --no-fund
npm run build

[ "$mode" = test ] && exit 0

if [ ! -f models/mvit_v1_b.onnx ]; then
  # The real Kinetics-400 weights come from torchvision's download site. Where that cannot
  # be reached, export the same architecture with random weights so the daemon still runs
  # end to end: every message it publishes then says random_weights: true.
  if ! /usr/bin/python3 models/export_mvit.py --weights DEFAULT; then
    echo "setup: the real weights could not be downloaded; exporting RANDOM weights (plumbing only, no recognitions)" >&2
    /usr/bin/python3 models/export_mvit.py --random
  fi
fi

if [ ! -f samples/sample.mp4 ]; then
  # A synthetic 20 s clip for the default camera; point config/actionwatch.yml at a real camera.
  mkdir -p samples
  ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=640x360:rate=30 -t 20 \
    -c:v libx264 -pix_fmt yuv420p samples/sample.mp4
fi

# The default configuration publishes to a broker on 127.0.0.1:1883.
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  mkdir -p state
  printf 'listener 1883 127.0.0.1\nallow_anonymous true\npersistence false\n' >state/mosquitto.conf
  mosquitto -d -c "$PWD/state/mosquitto.conf"
  echo "setup: started Mosquitto on 127.0.0.1:1883"
fi
echo "setup: done. Watch the messages with: mosquitto_sub -h 127.0.0.1 -t 'actionwatch/#' -v"
