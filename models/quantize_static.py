#!/usr/bin/env python3
"""Static int8 quantization (QDQ) of an exported MViT ONNX model, calibrated on real clips.

  /usr/bin/python3 models/quantize_static.py models/mvit_v1_b.onnx [--output PATH]
      [--ops linear,attention] [--calibration-clips A,B] [--stride N]
      [--range percentile|minmax] [--percentile P] [--ranges FILE] [--save-ranges FILE]

1. Lists the float tensors the chosen ops read (and Conv outputs, which QLinearConv writes)
   and writes a copy of the model that outputs them (qdq_graph.with_outputs).
2. Runs that copy in onnxruntime-node on windows of the calibration clips, decoded by the
   daemon's own ffmpeg argv (`node build/tools/quantize/main.js calibrate`), and reads back each
   tensor's range: min/max over all windows and a per-window percentile, averaged.
3. Rewrites the model with QuantizeLinear/DequantizeLinear pairs (qdq_graph.QdqRewriter):
   weights int8 per output channel, activations uint8 per tensor from the chosen range.
4. Writes <model>_int8_static.onnx and its card: the float32 card plus a `quantization` entry
   saying how (method, ops, calibration clips and windows), which the daemon logs at start.

With --calibrate-all --save-ranges FILE, calibration measures every op group's tensors, and
--ranges FILE tries other --ops choices without running the clips again.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from typing import Dict, List, Tuple

import onnx

from qdq_graph import OP_GROUPS, QdqRewriter, activations_to_calibrate, with_outputs
from smoothing import smooth_layer_norms

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIPS_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "clips")
# Chosen by measurement on MViT-B (models/README.md, int8 for CPUs).
DEFAULT_OPS = ("linear", "attention_scores")
# Calibrate on two of the labelled clips; the other two are left for checking the result.
DEFAULT_CALIBRATION_CLIPS = ("arm_wrestling.mp4", "abseiling.mp4")
# Clips beyond the calibration's reach values past its ranges (MViT-B, held-out clips: 65 of 96
# tensors, by up to a quarter of the range); clipping them cost more than the coarser steps.
DEFAULT_MARGIN = 1.2
CALIBRATOR = os.path.join(REPO_ROOT, "build", "tools", "quantize", "main.js")


def card_path_for(model_path: str) -> str:
    base = model_path[: -len(".onnx")] if model_path.endswith(".onnx") else model_path
    return base + ".card.json"


def default_output(model_path: str) -> str:
    base = model_path[: -len(".onnx")] if model_path.endswith(".onnx") else model_path
    return base + "_int8_static.onnx"


def run_calibration(model: onnx.ModelProto, model_path: str, tensors: List[str], clips: List[str],
                    stride: int, percentile: float, ffmpeg: str) -> dict:
    subprocess.run(["npm", "run", "--silent", "build:tools"], cwd=REPO_ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="actionwatch-calibration-") as tmp:
        augmented = os.path.join(tmp, "calibration.onnx")
        onnx.save(with_outputs(model, tensors), augmented)
        tensor_list = os.path.join(tmp, "tensors.json")
        with open(tensor_list, "w", encoding="utf-8") as f:
            json.dump(tensors, f)
        ranges = os.path.join(tmp, "ranges.json")
        subprocess.run(["node", CALIBRATOR, "calibrate", "--model", augmented, "--card", card_path_for(model_path),
                        "--tensors", tensor_list, "--clips", ",".join(clips), "--stride", str(stride),
                        "--percentile", str(percentile), "--ffmpeg", ffmpeg, "--out", ranges],
                       cwd=REPO_ROOT, check=True)
        with open(ranges, encoding="utf-8") as f:
            return json.load(f)


def chosen_ranges(calibration: dict, kind: str, margin: float) -> Dict[str, Tuple[float, float]]:
    keys = ("min", "max") if kind == "minmax" else ("low", "high")
    return {name: (r[keys[0]] * margin, r[keys[1]] * margin) for name, r in calibration["tensors"].items()}


def quantization_entry(args: argparse.Namespace, ops: List[str], counts: Dict[str, int], weights: int,
                       calibration: dict) -> dict:
    activation_range = ("min/max over all calibration windows" if args.range == "minmax"
                        else f"percentile {calibration['percentile']} per window, averaged over the windows")
    if args.margin != 1:
        activation_range += f", widened {args.margin}x"
    return {
        "method": "static int8, QDQ (QuantizeLinear/DequantizeLinear pairs that onnxruntime fuses into integer kernels)",
        "weights": "int8, symmetric, per output channel",
        "activations": f"uint8, asymmetric, per tensor; range: {activation_range}",
        "ops": ops,
        "ops_quantized": counts,
        "kept_float": args.keep_float,
        "weights_quantized": weights,
        "calibration": {
            "clips": calibration["clips"],
            "windows": calibration["windows"],
            "stride": calibration["stride"],
            "range": args.range,
            "margin": args.margin,
        },
        "source_model": os.path.basename(args.model),
    }


def write_card(model_path: str, output: str, quantization: dict) -> str:
    with open(card_path_for(model_path), encoding="utf-8") as f:
        card = json.load(f)
    card["quantization"] = quantization
    target = card_path_for(output)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    return target


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="float32 ONNX model exported by export_mvit.py (its card must be beside it)")
    parser.add_argument("--output", metavar="PATH", help="default: <model>_int8_static.onnx")
    parser.add_argument("--ops", default=",".join(DEFAULT_OPS),
                        help=f"op groups to quantize, of {', '.join(OP_GROUPS)} (default {','.join(DEFAULT_OPS)})")
    parser.add_argument("--keep-float", metavar="REGEX",
                        help="leave the chosen ops float where their node name matches, e.g. 'mlp\\.3'")
    parser.add_argument("--calibration-clips", default=",".join(DEFAULT_CALIBRATION_CLIPS),
                        help="clips to calibrate on, relative to ../shared/clips (default %(default)s)")
    parser.add_argument("--stride", type=int, default=8, help="sampled frames between calibration windows (default 8)")
    parser.add_argument("--range", choices=["minmax", "percentile"], default="minmax",
                        help="activation range from the calibration (default minmax)")
    parser.add_argument("--percentile", type=float, default=0.9999, help="for --range percentile (default 0.9999)")
    parser.add_argument("--margin", type=float, default=DEFAULT_MARGIN,
                        help=f"widen every calibrated range by this factor, for clips beyond the calibration's (default {DEFAULT_MARGIN})")
    parser.add_argument("--smooth", type=float, default=0.0, metavar="ALPHA",
                        help="move LayerNorm outputs' outlier channels into the weights (smoothing.py), e.g. 0.5; "
                             "default 0: off")
    parser.add_argument("--ffmpeg", default="ffmpeg", help="ffmpeg to decode the clips with (default: on PATH)")
    parser.add_argument("--ranges", metavar="FILE", help="use these measured ranges instead of calibrating")
    parser.add_argument("--calibrate-all", action="store_true",
                        help="measure the tensors of every op group, not only of --ops (with --save-ranges)")
    parser.add_argument("--save-ranges", metavar="FILE", help="also write the measured ranges here")
    return parser.parse_args(argv)


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    output = os.path.abspath(args.output or default_output(args.model))
    ops = [op.strip() for op in args.ops.split(",") if op.strip()]
    model = onnx.load(args.model)
    if args.ranges:
        with open(args.ranges, encoding="utf-8") as f:
            calibration = json.load(f)
    else:
        clips = [os.path.join(CLIPS_DIR, clip.strip()) for clip in args.calibration_clips.split(",")]
        # --calibrate-all: every group's tensors, so that saved ranges serve any later --ops.
        tensors = activations_to_calibrate(model.graph, OP_GROUPS if args.calibrate_all else ops)
        calibration = run_calibration(model, args.model, tensors, clips, args.stride, args.percentile, args.ffmpeg)
        if args.save_ranges:
            with open(args.save_ranges, "w", encoding="utf-8") as f:
                json.dump(calibration, f, indent=1)
    smoothed = smooth_layer_norms(model, calibration, args.smooth) if args.smooth > 0 else 0
    rewriter = QdqRewriter(model, chosen_ranges(calibration, args.range, args.margin))
    rewriter.rewrite(ops, args.keep_float)
    onnx.checker.check_model(model)
    onnx.save(model, output)
    entry = quantization_entry(args, ops, rewriter.counts, rewriter.weights_quantized, calibration)
    if smoothed:
        entry["smoothing"] = (f"{smoothed} LayerNorm outputs: per-channel scales moved into the next "
                              f"linear layers' weights (SmoothQuant, alpha {args.smooth})")
    card = write_card(args.model, output, entry)
    counts = ", ".join(f"{n} {group}" for group, n in rewriter.counts.items())
    print(f"int8 static:    {output} ({os.path.getsize(output) / 1e6:.2f} MB; {counts}; "
          f"{rewriter.weights_quantized:,} weights; checker OK)")
    print(f"calibration:    {calibration['windows']} windows of "
          f"{', '.join(c['file'] for c in calibration['clips'])}, range {args.range}")
    print(f"card:           {card}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
