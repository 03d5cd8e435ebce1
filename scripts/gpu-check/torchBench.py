#!/usr/bin/env python3
"""torchvision's own eager MViT-B at several batch sizes, the engine of the script this project
grew from: the same random weights export_mvit.py exports (seed 0), float32 or float16, on
CUDA (or the CPU for a dry run). Prints one JSON line per batch, as ortBench.mjs does.

  torchBench.py --device cuda --precision float16 --batches 1,4,16 --runs 10 [--tiny]
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models"))
import export_mvit  # noqa: E402  (the very models the .onnx files hold)


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--precision", choices=["float32", "float16"], default="float32")
    parser.add_argument("--batches", default="1,4,16")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--tiny", action="store_true", help="the tiny test model (dry runs)")
    parser.add_argument("--label", required=True)
    args = parser.parse_args()
    dtype = torch.float16 if args.precision == "float16" else torch.float32
    model = export_mvit.tiny_mvit(0) if args.tiny else export_mvit.random_mvit(0)
    model = model.eval().to(args.device, dtype)
    crop = export_mvit.TINY_CROP if args.tiny else 224
    for batch in (int(b) for b in args.batches.split(",")):
        clip = torch.randn(batch, 3, export_mvit.CLIP_LENGTH, crop, crop, device=args.device, dtype=dtype)
        ms = []
        with torch.inference_mode():
            model(clip)  # warm-up: cuDNN picks its kernels
            synchronize(args.device)
            for _ in range(args.runs):
                started = time.perf_counter()
                model(clip)
                synchronize(args.device)
                ms.append((time.perf_counter() - started) * 1000)
        run_ms = statistics.median(ms)
        row = {"engine": args.label, "batch": batch, "runs": args.runs, "runMsMedian": run_ms,
               "runMsMin": min(ms), "msPerClip": run_ms / batch}
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
