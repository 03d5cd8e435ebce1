#!/usr/bin/env bash
# Packs what scripts/gpu-check.sh needs beside the source into .gpu-check/ (git-ignored, well
# under 64 MiB): this machine's node, onnxruntime-node's Linux x64 library and JavaScript, and
# the Vulkan loader, xz-compressed. The GPU machine needs no network and no npm; it brings its
# own driver, python3, torch and torchvision (and onnx, for the export).
set -euo pipefail
cd "$(dirname "$0")/.."

out=.gpu-check
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# Compressing node's 99 MB takes minutes on two busy cores: only when node changed.
node_id="$(node -v) $(sha256sum "$(command -v node)" | cut -d' ' -f1)"
if [ ! -f "$out/node.xz" ] || [ "$(cat "$out/node.id" 2>/dev/null)" != "$node_id" ]; then
  xz -T0 -6 -c "$(command -v node)" >"$out/node.xz.tmp"
  mv "$out/node.xz.tmp" "$out/node.xz"
  echo "$node_id" >"$out/node.id"
fi

# Only Linux x64 of onnxruntime-node's 288 MB (it ships every platform's binaries).
ort=$(node -p "require('path').dirname(require.resolve('onnxruntime-node/package.json'))")
common=$(node -p "const p = require.resolve('onnxruntime-common', {paths: ['$ort']});
  p.slice(0, p.lastIndexOf('onnxruntime-common') + 'onnxruntime-common'.length)")
mkdir -p "$stage/node_modules/onnxruntime-node/bin/napi-v6/linux"
cp -r "$ort/package.json" "$ort/dist" "$stage/node_modules/onnxruntime-node/"
cp -r "$ort/bin/napi-v6/linux/x64" "$stage/node_modules/onnxruntime-node/bin/napi-v6/linux/"
cp -r "$common" "$stage/node_modules/onnxruntime-common"
# The Vulkan loader, for a GPU machine whose image lacks libvulkan1 (Dawn needs it).
mkdir -p "$stage/lib"
cp -L /usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$stage/lib/"
tar -C "$stage" -cJf "$out/onnxruntime.tar.xz" node_modules lib

du -b "$out"/*.xz | awk '{ printf "%-32s %6.1f MiB\n", $2, $1 / 1048576; total += $1 } END { printf "%-32s %6.1f MiB\n", "total", total / 1048576 }'
