#!/usr/bin/env bash
# The GPU check: MViT-B on onnxruntime's webgpu provider at batch 1, 4 and 16, float32 and
# float16, beside the cpu provider and torchvision's own eager model on CUDA, as one table.
#
#   bash scripts/gpu-check-pack.sh     here, once: node and onnxruntime into .gpu-check/
#   bash scripts/gpu-check.sh          on the GPU machine (no network, no npm needed)
#   bash scripts/gpu-check.sh --dry-run    the same steps on the tiny test model, torch on the
#                                          CPU: proves the script where no GPU is (lavapipe)
#
# The GPU machine brings its driver (with Vulkan, for webgpu), python3 with torch, torchvision
# and onnx; MViT-B is exported there with random weights (speed only, no recognitions).
# Options: --runs N (timed runs per batch, default 10), --batches LIST (default 1,4,16).
set -euo pipefail
cd "$(dirname "$0")/.."

dry_run=false runs=10 batches=1,4,16
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --runs) runs=$2; shift ;;
    --batches) batches=$2; shift ;;
    *) echo "usage: $0 [--dry-run] [--runs N] [--batches 1,4,16]" >&2; exit 64 ;;
  esac
  shift
done
python=${PYTHON:-python3} # with torch: PYTHON=/usr/bin/python3 where pyenv shadows Debian's
[ -f .gpu-check/node.xz ] || { echo "gpu-check: no .gpu-check/; run scripts/gpu-check-pack.sh first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xz -dc .gpu-check/node.xz >"$work/node" && chmod +x "$work/node"
tar -C "$work" -xJf .gpu-check/onnxruntime.tar.xz
ort="$work/node_modules/onnxruntime-node"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$work}
# Dawn needs the Vulkan loader; a CUDA-only image may lack it.
ldconfig -p | grep -q 'libvulkan\.so\.1 ' || export LD_LIBRARY_PATH="$work/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# Container images mount NVIDIA's driver under /usr/local/nvidia, outside the loader's search path.
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ] && ! ls /usr/share/vulkan/icd.d/nvidia* /etc/vulkan/icd.d/nvidia* >/dev/null 2>&1; then
  export VK_DRIVER_FILES=$nvidia_icd
fi

echo "gpu-check: node $("$work/node" -v), onnxruntime-node $("$work/node" -p "require('$ort/package.json').version")"
if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true; fi
"$python" -c 'import torch, torchvision; print(f"gpu-check: torch {torch.__version__}, torchvision {torchvision.__version__}, cuda {torch.cuda.is_available()}")'

if $dry_run; then
  cpu_model=test/fixtures/tiny_mvit.onnx
  gpu_model=test/fixtures/tiny_mvit_webgpu.onnx
  gpu16_model=test/fixtures/tiny_mvit_webgpu_fp16.onnx
  # torch has no float16 Conv3d on the CPU.
  torch_args=(--tiny --device cpu) torch_where="cpu, dry run" torch_precisions=float32
else
  cpu_model="$work/mvit_v1_b.onnx" gpu_model="$work/mvit_v1_b_webgpu.onnx"
  gpu16_model="$work/mvit_v1_b_webgpu_fp16.onnx"
  "$python" models/export_mvit.py --random --output "$cpu_model" | grep -E '^(model|onnx):'
  "$python" models/export_mvit.py --random --target webgpu --output "$gpu_model" | grep -E '^(webgpu|onnx):'
  "$python" models/float16_graph.py "$gpu_model" "$gpu16_model"
  torch_args=(--device cuda) torch_where="cuda" torch_precisions="float32 float16"
fi

results="$work/results.jsonl"
bench() { # label model provider: one failing engine leaves its row out, not the table
  "$work/node" scripts/gpu-check/ortBench.mjs "$ort" "$2" "$3" "$batches" "$runs" "$1" >>"$results" ||
    echo "gpu-check: $1 failed (see above)" >&2
}
bench "onnxruntime webgpu float32" "$gpu_model" webgpu
bench "onnxruntime webgpu float16" "$gpu16_model" webgpu
bench "onnxruntime cpu float32" "$cpu_model" cpu
for precision in $torch_precisions; do
  "$python" scripts/gpu-check/torchBench.py "${torch_args[@]}" --precision "$precision" \
    --batches "$batches" --runs "$runs" --label "torch eager ($torch_where) $precision" >>"$results" ||
    echo "gpu-check: torch eager $precision failed (see above)" >&2
done
"$work/node" scripts/gpu-check/table.mjs "$results"
