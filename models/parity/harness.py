#!/usr/bin/env python3
"""Parity harness: torchvision's pipeline (reference.py) against actionwatch's TypeScript one.

  /usr/bin/python3 models/parity/harness.py goldens
      Rewrites the small golden files under test/fixtures/parity/ from the tiny fixture model
      (test/fixtures/tiny_mvit.onnx's weights) and the labelled clips. CI's test/tools/parity/
      checks our pipeline against them without torch. Deterministic: re-running reproduces them.

  /usr/bin/python3 models/parity/harness.py region-goldens
      Rewrites only the region of interest's goldens (region_crops.json and its PNGs).

  /usr/bin/python3 models/parity/harness.py full [--work DIR] [--model models/mvit_v1_b.onnx]
      The same checks on the full random-weight MViT-B (seed from its card), plus the scaler
      table: writes torchvision's reference logits and crops into DIR, then runs the Node side
      (node build/tools/parity/main.js; `npm run build:tools` first) which prints every number.
      Slow: torch takes tens of seconds per MViT-B window on a 2-core CPU.

  /usr/bin/python3 models/parity/harness.py fixed [--work DIR] [--model models/mvit_v1_b.onnx] [--also M,...]
      Check (a) alone, in a minute: torch's logits of the fixed frames against each ONNX model's
      (the model and --also: other graphs of the same weights, such as cpu_graph.py's rewrites).
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import time
from typing import Dict, List

import numpy as np
import torch
from PIL import Image

import reference as ref

GOLDEN_DIR = os.path.join(ref.REPO_ROOT, "test", "fixtures", "parity")
TINY_MODEL = os.path.join(ref.REPO_ROOT, "test", "fixtures", "tiny_mvit.onnx")
FULL_MODEL = os.path.join(ref.REPO_ROOT, "models", "mvit_v1_b.onnx")
STRIDE = 8  # the daemon's default recognition.stride
FIXED_CLIPS = 2
# Geometries: the tiny model's (short side 73, crop 64) and MViT-B's (256, 224).
TINY = (73, 64)
FULL = (256, 224)
# Golden crops: sampled frame 40 of each clip (mid-clip). The tiny geometry's whole 64x64 crop in
# both antialias modes; of MViT-B's 224x224 crop two 56x56 patches (the top-left corner pins the
# crop offset, the centre the content), which keeps the goldens small. Upscaling (240 -> 256) and
# no scaling are the same with and without antialias, so the 224 patches come in one mode.
GOLDEN_CROP_FRAME = 40
PATCH = 56


def card_of(model_path: str) -> Dict:
    with open(model_path[: -len(".onnx")] + ".card.json", encoding="utf-8") as f:
        return json.load(f)


def model_for(model_path: str) -> torch.nn.Module:
    card = card_of(model_path)
    if card["weights"] != "random" or card["seed"] is None:
        raise SystemExit(f"error: {model_path} has weights {card['weights']!r}; the harness rebuilds seeded random weights only")
    kind = "tiny" if card["name"] == "mvit_tiny" else "random"
    return ref.build_model(kind, card["seed"])


def f32_b64(values: np.ndarray) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f4").tobytes()).decode("ascii")


def write_json(path: str, data: Dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ref.REPO_ROOT)} ({os.path.getsize(path) / 1e3:.1f} kB)")


def decoded_clips() -> Dict[str, Dict]:
    """Every frame and the reference sampling of each labelled clip."""
    clips = {}
    for name in ref.CLIPS:
        path = os.path.join(ref.CLIPS_DIR, name)
        frames = ref.decode_all_frames(path)
        _, _, fps = ref.probe(path)
        indices = ref.sampled_indices(len(frames), float(fps))
        clips[name] = {"frames": frames, "fps": fps, "indices": indices}
    return clips


# ---------------------------------------------------------------------------------------------
# Parts shared by both commands


def fixed_frames_data(model: torch.nn.Module, model_path: str, size: int) -> Dict:
    frames = ref.fixed_frames(FIXED_CLIPS, ref.CLIP_LENGTH, size)
    logits = ref.fixed_frame_logits(model, frames)
    return {
        "about": "torch logits of fixed uint8 frames (models/parity/reference.py fixed_frames = tools/parity/fixedFrames.ts)",
        "model": os.path.relpath(model_path, ref.REPO_ROOT),
        "clips": FIXED_CLIPS, "frames": ref.CLIP_LENGTH, "size": size,
        "logits": [[float(v) for v in row] for row in logits],
    }


def sampling_data(clips: Dict[str, Dict]) -> Dict:
    return {
        "about": "torchvision VideoClips frame indices at 7.5 fps (frames = decoded frame count)",
        "model_fps": ref.MODEL_FPS,
        "clips": [
            {"file": name, "frames": len(c["frames"]), "fps": f"{c['fps'].numerator}/{c['fps'].denominator}",
             "indices": c["indices"]}
            for name, c in clips.items()
        ],
    }


def windows_data(model: torch.nn.Module, model_path: str, clips: Dict[str, Dict], geometry,
                 antialias: bool) -> Dict:
    resize, crop = geometry
    out = {"about": "per-window logits of torchvision's pipeline (decode, VideoClips sampling, transforms(), model); "
                    "resize_antialias true: transforms() as torchvision >= 0.17 runs it (antialiased resize)",
           "model": os.path.relpath(model_path, ref.REPO_ROOT), "stride": STRIDE,
           "clip_length": ref.CLIP_LENGTH, "resize_antialias": antialias, "clips": []}
    for name, c in clips.items():
        started = time.monotonic()
        windows = ref.window_logits(model, c["frames"], c["indices"], resize, crop, STRIDE, antialias)
        print(f"  {name}: {len(windows)} windows in {time.monotonic() - started:.1f} s", flush=True)
        out["clips"].append({"file": name, "windows": [
            {"last_frame": w["last_frame"], "tail": w["tail"], "logits_f32le_b64": f32_b64(w["logits"])}
            for w in windows]})
    return out


# ---------------------------------------------------------------------------------------------
# goldens


def golden_crop_entries(stem: str, name: str, frame: np.ndarray):
    """(entry, image) pairs for one sampled frame of one clip."""
    for antialias in (False, True):
        image = ref.resized_crops(frame[None], TINY[0], TINY[1], antialias)[0]
        mode = "aa" if antialias else "plain"
        yield ({"file": name, "sampled_frame": GOLDEN_CROP_FRAME, "resize": TINY[0], "crop": TINY[1],
                "antialias": antialias, "x": 0, "y": 0, "size": TINY[1],
                "png": f"crop_{stem}_{TINY[0]}_{mode}.png"}, image)
    full_crop = ref.resized_crops(frame[None], FULL[0], FULL[1], False)[0]
    middle = (FULL[1] - PATCH) // 2
    for where, (x, y) in (("corner", (0, 0)), ("centre", (middle, middle))):
        yield ({"file": name, "sampled_frame": GOLDEN_CROP_FRAME, "resize": FULL[0], "crop": FULL[1],
                "antialias": False, "x": x, "y": y, "size": PATCH,
                "png": f"crop_{stem}_{FULL[0]}_{where}.png"}, full_crop[y:y + PATCH, x:x + PATCH])


def write_golden_crops(clips: Dict[str, Dict]) -> None:
    entries = []
    for name, c in clips.items():
        frame = c["frames"][c["indices"][GOLDEN_CROP_FRAME]]
        for entry, image in golden_crop_entries(os.path.splitext(name)[0], name, frame):
            Image.fromarray(np.ascontiguousarray(image)).save(os.path.join(GOLDEN_DIR, entry["png"]), optimize=True)
            entries.append(entry)
    write_json(os.path.join(GOLDEN_DIR, "crops.json"), {
        "about": "torchvision resize + center crop (uint8, before normalization) of one sampled frame per clip, "
                 "whole or a patch at x, y; antialias false = torchvision 0.14's transforms(), true = torchvision >= 0.17's",
        "crops": entries})


# One region of interest, in fractions of the frame (cameras[].regions): the daemon crops it in
# ffmpeg before the same resize and center crop. torchvision's side crops the decoded RGB frame
# at the same pixels (offsets and sizes truncated, as ffmpeg's crop of trunc(iw*x) ...), then
# runs the preset. The left half of arm_wrestling (340x256 -> 170x256) is upscaled for MViT-B
# (170 -> 256) and shrunk for the tiny model (170 -> 73).
REGION = {"name": "left", "x": 0.0, "y": 0.0, "width": 0.5, "height": 1.0}
REGION_CLIP = "arm_wrestling.mp4"


def region_pixels(frame: np.ndarray, region: Dict) -> np.ndarray:
    height, width = frame.shape[-3], frame.shape[-2]
    x, w = int(width * region["x"]), int(width * region["width"])
    y, h = int(height * region["y"]), int(height * region["height"])
    return frame[..., y:y + h, x:x + w, :]


def write_region_crops(clips: Dict[str, Dict]) -> None:
    c = clips[REGION_CLIP]
    frame = region_pixels(c["frames"][c["indices"][GOLDEN_CROP_FRAME]], REGION)
    stem = "region_" + os.path.splitext(REGION_CLIP)[0]
    entries = []
    for entry, image in golden_crop_entries(stem, REGION_CLIP, frame):
        Image.fromarray(np.ascontiguousarray(image)).save(os.path.join(GOLDEN_DIR, entry["png"]), optimize=True)
        entries.append(entry)
    write_json(os.path.join(GOLDEN_DIR, "region_crops.json"), {
        "about": "torchvision resize + center crop of one region of one sampled frame: the decoded RGB frame cut at "
                 "int(W*x), int(H*y), int(W*width), int(H*height), then as crops.json",
        "region": REGION,
        "crops": entries})


def region_goldens() -> None:
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    c = {REGION_CLIP: decoded_clips()[REGION_CLIP]}
    write_region_crops(c)


def goldens() -> None:
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    model = model_for(TINY_MODEL)
    write_json(os.path.join(GOLDEN_DIR, "fixed_frames.json"), fixed_frames_data(model, TINY_MODEL, TINY[1]))
    clips = decoded_clips()
    write_json(os.path.join(GOLDEN_DIR, "sampling.json"), sampling_data(clips))
    write_golden_crops(clips)
    write_region_crops(clips)
    # The tiny model's 73/64 shrinks the clips 3.5x, where torchvision 0.14's resize (no
    # antialiasing) and libswscale's differ (see crops.json); CI holds our pipeline to the
    # antialiased resize torchvision >= 0.17 does. `full` reports both.
    write_json(os.path.join(GOLDEN_DIR, "windows_tiny.json"),
               windows_data(model, TINY_MODEL, clips, TINY, antialias=True))


# ---------------------------------------------------------------------------------------------
# full


def write_reference_crops(work: str, clips: Dict[str, Dict]) -> None:
    """Reference crops of every sampled frame, both geometries, both antialias modes, raw uint8."""
    entries = []
    for name, c in clips.items():
        picked = c["frames"][c["indices"]]
        for resize, crop in (TINY, FULL):
            for antialias in (False, True):
                file = f"crops_{os.path.splitext(name)[0]}_{resize}_{crop}_{'aa' if antialias else 'plain'}.u8"
                ref.resized_crops(picked, resize, crop, antialias).tofile(os.path.join(work, file))
                entries.append({"file": name, "resize": resize, "crop": crop, "antialias": antialias,
                                "frames": len(picked), "raw": file})
    write_json(os.path.join(work, "crops.json"), {"crops": entries})


def full(work: str, model_path: str) -> int:
    os.makedirs(work, exist_ok=True)
    torch.set_num_threads(os.cpu_count() or 1)
    model = model_for(model_path)
    print("fixed frames (MViT-B, torch):", flush=True)
    write_json(os.path.join(work, "fixed_frames.json"), fixed_frames_data(model, model_path, FULL[1]))
    clips = decoded_clips()
    write_json(os.path.join(work, "sampling.json"), sampling_data(clips))
    write_reference_crops(work, clips)
    tiny = model_for(TINY_MODEL)
    for antialias in (False, True):
        print(f"windows (tiny, torch, antialias {antialias}):", flush=True)
        write_json(os.path.join(work, f"windows_tiny_{'aa' if antialias else 'plain'}.json"),
                   windows_data(tiny, TINY_MODEL, clips, TINY, antialias))
    print("windows (MViT-B, torch):", flush=True)
    write_json(os.path.join(work, "windows.json"), windows_data(model, model_path, clips, FULL, antialias=False))
    node = ["node", os.path.join(ref.REPO_ROOT, "build", "tools", "parity", "main.js"), "compare", "--reference", work, "--model", model_path]
    print("$ " + " ".join(node), flush=True)
    return subprocess.run(node, cwd=ref.REPO_ROOT).returncode


def fixed(work: str, model_path: str, also: List[str]) -> int:
    os.makedirs(work, exist_ok=True)
    torch.set_num_threads(os.cpu_count() or 1)
    size = card_of(model_path)["crop_size"]
    write_json(os.path.join(work, "fixed_frames.json"), fixed_frames_data(model_for(model_path), model_path, size))
    node = ["node", os.path.join(ref.REPO_ROOT, "build", "tools", "parity", "main.js"), "fixed", "--reference", work,
            "--model", ",".join([model_path] + also)]
    print("$ " + " ".join(node), flush=True)
    return subprocess.run(node, cwd=ref.REPO_ROOT).returncode


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("goldens", help="rewrite test/fixtures/parity/ from the tiny model")
    sub.add_parser("region-goldens", help="rewrite only the region's goldens (region_crops.json and its PNGs)")
    full_parser = sub.add_parser("full", help="full MViT-B parity and the scaler table")
    full_parser.add_argument("--work", default="/tmp/actionwatch-parity", help="folder for reference data")
    full_parser.add_argument("--model", default=FULL_MODEL, help="random-weight MViT-B .onnx (default models/mvit_v1_b.onnx)")
    fixed_parser = sub.add_parser("fixed", help="check (a) alone, for one or more graphs of the same weights")
    fixed_parser.add_argument("--work", default="/tmp/actionwatch-parity-fixed", help="folder for reference data")
    fixed_parser.add_argument("--model", default=FULL_MODEL, help="random-weight model whose torch logits are the reference")
    fixed_parser.add_argument("--also", default="", help="more .onnx graphs of the same weights, comma-separated")
    args = parser.parse_args(argv)
    if args.command == "fixed":
        also = [os.path.abspath(m) for m in args.also.split(",") if m]
        return fixed(os.path.abspath(args.work), os.path.abspath(args.model), also)
    if args.command == "goldens":
        goldens()
        return 0
    if args.command == "region-goldens":
        region_goldens()
        return 0
    return full(os.path.abspath(args.work), os.path.abspath(args.model))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
