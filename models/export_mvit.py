#!/usr/bin/env python3
"""Export torchvision's MViT-B (Kinetics-400) to ONNX for actionwatch, with its model card.

Three models, one script:
  --weights DEFAULT        the real thing: torchvision's MViT_V1_B_Weights.KINETICS400_V1,
                           downloaded and checked against the sha256 prefix in its file name.
  --weights-file PATH      the same weights from an already-downloaded .pth (same check).
  --random [--seed 0]      same architecture, seeded random weights (plumbing and speed work).
  --tiny   [--seed 0]      a tiny seeded MViT of the same family for test fixtures.

With --input uint8 (default) the graph takes the frames exactly as ffmpeg's rgb24 delivers them
(already scaled and cropped) and normalizes and transposes them itself, so the daemon runs no
per-pixel JavaScript. --input float32 keeps torchvision's own layout (N, 3, T, H, W), normalized.

The graph has two outputs: `logits` (the 400 Kinetics classes) and `embedding`, the clip
embedding the classification head reads (the class token after MViT's final norm), from which
`actionwatch teach` trains heads for new classes. --logits-only leaves the second one out.

Beside the model it writes `<output without .onnx>.card.json` (what the daemon reads at start-up)
and, at the repository top level, labels.txt (the 400 Kinetics-400 classes in torchvision's order).
"""

import argparse
import copy
import hashlib
import inspect
import json
import os
import re
import sys
import time
from typing import List, Optional, Tuple

import onnx
import torch
import torch.nn as nn
import torchvision
from torchvision.models.video import MViT_V1_B_Weights, mvit_v1_b
from torchvision.models.video.mvit import MSBlockConfig, MViT
from float16_graph import to_float16
from cpu_graph import REWRITES, parse_rewrites, rewritten_model
from webgpu_graph import check_rewrite, rewrite_for_webgpu

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS_PATH = os.path.join(REPO_ROOT, "labels.txt")
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "models", "mvit_v1_b.onnx")
TINY_OUTPUT = os.path.join(REPO_ROOT, "test", "fixtures", "tiny_mvit.onnx")
CARD_FORMAT = "actionwatch-model-card/1"
# torch 1.13 exports opset 17 (LayerNormalization as one node); older torch falls back below.
PREFERRED_OPSET = 17
FALLBACK_OPSET = 16
# torchvision's reference clip: 16 frames sampled at 7.5 fps, short side 256, center crop 224.
CLIP_LENGTH = 16
FPS = 7.5
MEAN = [0.45, 0.45, 0.45]
STD = [0.225, 0.225, 0.225]
TINY_CROP = 64
NUM_CLASSES = 400
# What the CPU graph is rewritten with unless --rewrites says otherwise (cpu_graph.py): the
# rewrites that measured faster on onnxruntime's CPU provider (models/README.md, The CPU graph).
DEFAULT_CPU_REWRITES: List[str] = ["sliced_pool", "frame_conv2d"]
# What --target webgpu does to the graph (webgpu_graph.py), recorded in its card alike.
WEBGPU_REWRITES = ["sliced_pool", "taps_conv2d"]


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--weights", choices=["DEFAULT", "KINETICS400_V1"], help="download torchvision's pretrained weights")
    source.add_argument("--weights-file", metavar="PATH", help="use an already-downloaded mvit_v1_b-dbeb1030.pth")
    source.add_argument("--random", action="store_true", help="MViT-B with seeded random weights")
    source.add_argument("--tiny", action="store_true", help="tiny seeded MViT for test fixtures")
    parser.add_argument("--seed", type=int, default=0, help="seed for --random and --tiny (default 0)")
    parser.add_argument("--input", choices=["uint8", "float32"], default="uint8", help="ONNX input kind (default uint8)")
    parser.add_argument("--output", metavar="PATH", help="ONNX file (default models/mvit_v1_b.onnx, tiny: test/fixtures/tiny_mvit.onnx)")
    parser.add_argument("--opset", type=int, default=PREFERRED_OPSET, help=f"ONNX opset (default {PREFERRED_OPSET})")
    parser.add_argument("--target", choices=["cpu", "webgpu"], default="cpu",
                        help="graph for this onnxruntime provider (default cpu; webgpu: webgpu_graph.py)")
    parser.add_argument("--rewrites", metavar="LIST",
                        help=f"graph rewrites for --target cpu, comma-separated, or none (cpu_graph.py: "
                             f"{', '.join(REWRITES)}; default: {','.join(DEFAULT_CPU_REWRITES) or 'none'})")
    parser.add_argument("--precision", choices=["float32", "float16"], default="float32",
                        help="arithmetic inside the graph (default float32; float16 for GPUs: float16_graph.py)")
    parser.add_argument("--logits-only", action="store_true", help="no `embedding` output (the layout of models before it)")
    parser.add_argument("--quantize", choices=["int8", "int8-static"],
                        help="also write a quantized model: int8-static, <output>_int8_static.onnx calibrated on "
                             "the labelled clips (quantize_static.py); int8, <output>_int8.onnx quantized "
                             "dynamically (quantize_int8.py)")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# Weights


def sha256_of_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def published_hash_prefix(url: str) -> str:
    """torchvision names its files `<name>-<first sha256 hex digits>.pth`; that prefix is the published checksum."""
    match = re.search(r"-([a-f0-9]{8,})\.", os.path.basename(url))
    if match is None:
        raise SystemExit(f"error: weights URL {url!r} carries no sha256 prefix in its file name")
    return match.group(1)


def verify_weights_file(path: str, url: str) -> str:
    expected = published_hash_prefix(url)
    actual = sha256_of_file(path)
    print(f"weights file:   {path} ({os.path.getsize(path) / 1e6:.1f} MB)")
    print(f"sha256:         {actual}")
    if not actual.startswith(expected):
        raise SystemExit(
            f"error: checksum mismatch for {path}: sha256 {actual} does not start with {expected!r}, "
            f"the prefix torchvision publishes in {os.path.basename(url)}; the file is corrupt or not these weights"
        )
    print(f"checksum:       OK (starts with {expected}, as published in {os.path.basename(url)})")
    return actual


def download_weights(url: str) -> str:
    # check_hash makes torch refuse a file whose sha256 does not start with the prefix in its name.
    print(f"downloading:    {url}")
    try:
        torch.hub.load_state_dict_from_url(url, progress=True, check_hash=True, map_location="cpu")
    except (OSError, RuntimeError) as err:  # URLError is an OSError; torch raises RuntimeError on a bad hash
        raise SystemExit(
            f"error: cannot download {url}: {err}\n"
            f"Without internet here, download it elsewhere and pass --weights-file PATH, "
            f"or use --random for a random-weight model."
        ) from err
    return os.path.join(torch.hub.get_dir(), "checkpoints", os.path.basename(url))


def pretrained_mvit(weights_file: Optional[str]) -> Tuple[nn.Module, str]:
    url = MViT_V1_B_Weights.KINETICS400_V1.url
    path = weights_file if weights_file is not None else download_weights(url)
    sha256 = verify_weights_file(path, url)
    model = mvit_v1_b(weights=None)
    model.load_state_dict(torch.load(path, map_location="cpu"))
    return model, sha256


def random_mvit(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return mvit_v1_b(weights=None)


def tiny_block_setting() -> List[MSBlockConfig]:
    # MViT-B's pattern in miniature: pooled keys/values from the first block, one stage that
    # halves the spatial grid (pooled queries, strided skip) and widens channels.
    def block(heads: int, cin: int, cout: int, q: List[int], stride_q: List[int], stride_kv: List[int]) -> MSBlockConfig:
        return MSBlockConfig(heads, cin, cout, q, [3, 3, 3], stride_q, stride_kv)

    return [
        block(1, 16, 32, [], [], [1, 4, 4]),
        block(2, 32, 32, [3, 3, 3], [1, 2, 2], [1, 2, 2]),
        block(2, 32, 32, [], [], [1, 1, 1]),
    ]


def tiny_mvit(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    # MViT-B's patch embedding (kernel 3x7x7, stride 2x4x4) on a 64x64 crop gives an 8x16x16 grid.
    model = MViT(
        spatial_size=(TINY_CROP, TINY_CROP),
        temporal_size=CLIP_LENGTH,
        block_setting=tiny_block_setting(),
        residual_pool=False,
        residual_with_cls_embed=False,
        rel_pos_embed=False,
        proj_after_attn=False,
        stochastic_depth_prob=0.0,
        num_classes=NUM_CLASSES,
    )
    # torchvision's init (std 0.02) makes an untrained tiny net's logits nearly input-independent;
    # tests comparing batches and layouts need logits that move with the input.
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv3d)):
            fan_in = module.weight[0].numel()
            nn.init.normal_(module.weight, std=1.0 / fan_in**0.5)
    return model


# ---------------------------------------------------------------------------------------------
# Wrappers and export


class LogitsAndEmbedding(nn.Module):
    """MViT's forward, also returning the input of its classification head (the class token after
    the final norm): the clip embedding new classes are taught on. Same ops, so the logits match."""

    def __init__(self, model: MViT) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        m = self.model
        x = m.conv_proj(x).flatten(2).transpose(1, 2)
        x = m.pos_encoding(x)
        thw = (m.pos_encoding.temporal_size,) + m.pos_encoding.spatial_size
        for block in m.blocks:
            x, thw = block(x, thw)
        embedding = m.norm(x)[:, 0]
        return m.head(embedding), embedding


def embedding_size(model: MViT) -> int:
    return int(model.norm.normalized_shape[0])


def first_output(outputs):
    return outputs[0] if isinstance(outputs, tuple) else outputs


class Uint8FramesInput(nn.Module):
    """Takes rgb24 frames (N, T, H, W, 3) uint8 and does torchvision's normalization in-graph."""

    def __init__(self, model: nn.Module, mean: List[float], std: List[float]) -> None:
        super().__init__()
        self.model = model
        # Folding /255 into the constants saves one full-size op per clip.
        self.register_buffer("scale", torch.tensor([1.0 / (255.0 * s) for s in std]).view(1, 3, 1, 1, 1))
        self.register_buffer("shift", torch.tensor([m / s for m, s in zip(mean, std)]).view(1, 3, 1, 1, 1))

    def forward(self, frames: torch.Tensor):
        # Transpose the bytes first (a quarter of the memory float32 would move), then
        # normalize channel-first, where each channel's constant covers one contiguous run.
        # Normalizing before the transpose made ONNX Runtime broadcast over a last axis of 3:
        # 16 ms per MViT-B clip, against 2 ms this way (models/README.md, Parity).
        x = frames.permute(0, 4, 1, 2, 3).to(torch.float32)
        return self.model(x * self.scale - self.shift)


def normalize_reference(frames: torch.Tensor, mean: List[float], std: List[float]) -> torch.Tensor:
    """torchvision's own preprocessing, written plainly, to check the in-graph version against."""
    x = frames.to(torch.float32) / 255.0
    x = (x - torch.tensor(mean)) / torch.tensor(std)
    return x.permute(0, 4, 1, 2, 3).contiguous()


def export_onnx(module: nn.Module, example: torch.Tensor, input_name: str, output: str, opset: int,
                output_names: List[str]) -> int:
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    kwargs = dict(
        input_names=[input_name],
        output_names=output_names,
        dynamic_axes={input_name: {0: "batch"}, **{name: {0: "batch"} for name in output_names}},
        do_constant_folding=True,
    )
    # torch >= 2.9 exports through dynamo by default; the graph rewrites in this folder
    # (webgpu_graph, float16_graph, quantize_int8) are written against the TorchScript
    # exporter's graph, which older torch always makes, so ask for it where it is optional.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    try:
        torch.onnx.export(module, (example,), output, opset_version=opset, **kwargs)
        return opset
    except Exception as err:  # noqa: BLE001 - older torch rejects new opsets with various errors
        if opset == FALLBACK_OPSET:
            raise
        print(f"opset {opset} failed ({err}); retrying with opset {FALLBACK_OPSET}")
        torch.onnx.export(module, (example,), output, opset_version=FALLBACK_OPSET, **kwargs)
        return FALLBACK_OPSET


def check_wrapper(model: nn.Module, wrapped: nn.Module, crop: int) -> float:
    generator = torch.Generator().manual_seed(1234)
    frames = torch.randint(0, 256, (1, CLIP_LENGTH, crop, crop, 3), dtype=torch.uint8, generator=generator)
    with torch.no_grad():
        expected = first_output(model(normalize_reference(frames, MEAN, STD)))
        actual = first_output(wrapped(frames))
    diff = (expected - actual).abs().max().item()
    if diff > 1e-3:
        raise SystemExit(f"error: the uint8 input wrapper changes the logits by {diff} (limit 1e-3)")
    return diff


# ---------------------------------------------------------------------------------------------
# Labels and card


def write_labels() -> str:
    categories = MViT_V1_B_Weights.KINETICS400_V1.meta["categories"]
    if len(categories) != NUM_CLASSES or len(set(categories)) != NUM_CLASSES:
        raise SystemExit(f"error: torchvision lists {len(categories)} Kinetics-400 categories, expected {NUM_CLASSES} distinct")
    data = ("\n".join(categories) + "\n").encode("utf-8")
    with open(LABELS_PATH, "wb") as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest()


def card_path_for(output: str) -> str:
    base = output[: -len(".onnx")] if output.endswith(".onnx") else output
    return base + ".card.json"


def build_card(args: argparse.Namespace, weights_name: str, weights_sha256: Optional[str], crop: int,
               resize: int, labels_sha256: str, opset: int, embedding: Optional[int], rewrites: List[str]) -> dict:
    uint8 = args.input == "uint8"
    card = {
        "format": CARD_FORMAT,
        "name": "mvit_tiny" if args.tiny else "mvit_v1_b",
        "architecture": "torchvision.models.video.MViT (tiny block_setting)" if args.tiny
        else "torchvision.models.video.mvit_v1_b",
        "weights": weights_name,
        "seed": args.seed if weights_name == "random" else None,
        "weights_sha256": weights_sha256,
        "clip_length": CLIP_LENGTH,
        "fps": FPS,
        "resize_short_side": resize,
        "crop_size": crop,
        "mean": MEAN,
        "std": STD,
        "input": {"name": "frames", "layout": "NTHWC", "dtype": "uint8", "normalized_in_graph": True} if uint8
        else {"name": "clip", "layout": "NCTHW", "dtype": "float32", "normalized_in_graph": False},
        "output": {"name": "logits", "classes": NUM_CLASSES},
        "labels_file": os.path.basename(LABELS_PATH),
        "labels_sha256": labels_sha256,
        # Which onnxruntime provider the graph is built for; the daemon warns on a mismatch.
        "target": args.target,
        "precision": args.precision,
        # Export-time rewrites of torchvision's model (cpu_graph.py, webgpu_graph.py): same logits.
        "graph_rewrites": rewrites,
        "exported_with": {"torch": torch.__version__, "torchvision": torchvision.__version__, "opset": opset},
    }
    if embedding is not None:
        # After output: cards without it (single-output models) stay valid as they are.
        card["embedding"] = {"name": "embedding", "size": embedding}
    return card


# ---------------------------------------------------------------------------------------------


def build_model(args: argparse.Namespace) -> Tuple[nn.Module, str, Optional[str], int, int]:
    """Returns the model, its weights name, the weights' sha256, crop size and resize short side."""
    if args.tiny:
        # Same 256/224 ratio between the resized short side and the crop as the reference.
        return tiny_mvit(args.seed), "random", None, TINY_CROP, round(TINY_CROP * 256 / 224)
    if args.random:
        return random_mvit(args.seed), "random", None, 224, 256
    model, sha256 = pretrained_mvit(args.weights_file)
    return model, "KINETICS400_V1", sha256, 224, 256


def webgpu_model(model: nn.Module, crop: int) -> nn.Module:
    """The same model with each depthwise Conv3d as a grouped Conv2d (webgpu_graph.py), checked in torch."""
    rewritten = copy.deepcopy(model)
    replaced = rewrite_for_webgpu(rewritten)
    example = torch.randn(2, 3, CLIP_LENGTH, crop, crop, generator=torch.Generator().manual_seed(99))
    diff = check_rewrite(model, rewritten.eval(), example)
    print(f"webgpu rewrite: {replaced} depthwise Conv3d as grouped Conv2d, logits match torch's (max |diff| {diff:.2e})")
    return rewritten


def cpu_model(model: nn.Module, rewrites: List[str], crop: int) -> nn.Module:
    """The same model with cpu_graph.py's rewrites, checked in torch against the unrewritten one."""
    # Two clips check the batch axis of every reshape; MViT-B checks one (a minute less of torch),
    # the tiny model's two cover the same code.
    batch = 2 if crop == TINY_CROP else 1
    example = torch.randn(batch, 3, CLIP_LENGTH, crop, crop, generator=torch.Generator().manual_seed(99))
    rewritten, diff, counts = rewritten_model(model, rewrites, example)
    done = ", ".join(f"{name} ({count})" for name, count in counts.items())
    print(f"cpu rewrites:   {done}; logits match torch's (max |diff| {diff:.2e})")
    return rewritten


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    output = os.path.abspath(args.output or (TINY_OUTPUT if args.tiny else DEFAULT_OUTPUT))
    started = time.monotonic()

    model, weights_name, weights_sha256, crop, resize = build_model(args)
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    print(f"model:          {'tiny MViT' if args.tiny else 'MViT-B 16x4'}, {params:,} parameters, weights {weights_name}")
    if args.target == "webgpu":
        if args.rewrites is not None:
            raise SystemExit("error: --rewrites is for --target cpu; the webgpu graph has its own (webgpu_graph.py)")
        model = webgpu_model(model, crop)
        rewrites = WEBGPU_REWRITES
    else:
        rewrites = DEFAULT_CPU_REWRITES if args.rewrites is None else parse_rewrites(args.rewrites)
        if rewrites:
            model = cpu_model(model, rewrites, crop)

    embedding = None if args.logits_only else embedding_size(model)
    graph = model if args.logits_only else LogitsAndEmbedding(model).eval()
    output_names = ["logits"] if args.logits_only else ["logits", "embedding"]
    if args.input == "uint8":
        wrapped = Uint8FramesInput(graph, MEAN, STD).eval()
        diff = check_wrapper(model, wrapped, crop)
        print(f"wrapper check:  uint8 in-graph normalization matches torchvision's (max |diff| {diff:.2e})")
        example = torch.randint(0, 256, (1, CLIP_LENGTH, crop, crop, 3), dtype=torch.uint8)
        opset = export_onnx(wrapped, example, "frames", output, args.opset, output_names)
    else:
        example = torch.randn(1, 3, CLIP_LENGTH, crop, crop)
        opset = export_onnx(graph, example, "clip", output, args.opset, output_names)
    if embedding is not None:
        print(f"embedding:      second output 'embedding', {embedding} values per clip")

    if args.precision == "float16":
        onnx.save(to_float16(onnx.load(output)), output)
        print("float16:        every float32 weight and operation as float16; input and logits unchanged")
    onnx.checker.check_model(output)
    print(f"onnx:           {output} ({os.path.getsize(output) / 1e6:.2f} MB, opset {opset}, checker OK)")

    labels_sha256 = write_labels()
    print(f"labels:         {LABELS_PATH} (sha256 {labels_sha256})")
    card = build_card(args, weights_name, weights_sha256, crop, resize, labels_sha256, opset, embedding, rewrites)
    card_path = card_path_for(output)
    with open(card_path, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"card:           {card_path}")
    if args.quantize == "int8":
        # Beside this script; imported only when asked for, so exporting needs nothing more.
        from quantize_int8 import default_output, quantize_model, write_card

        int8_output = default_output(output)
        replaced, weights = quantize_model(output, int8_output)
        print(f"int8:           {int8_output} ({replaced} MatMuls, {weights:,} weights quantized)")
        print(f"int8 card:      {write_card(output, int8_output, replaced, weights)}")
    elif args.quantize == "int8-static":
        # Its defaults (ops, calibration clips, ranges) are the measured choice; see models/README.md.
        import quantize_static

        quantize_static.main([output])
    print(f"done in {time.monotonic() - started:.1f} s")

    if weights_name == "random":
        banner = "#" * 64
        print(f"\n{banner}\n#  RANDOM WEIGHTS: outputs are not recognitions{' ' * 16}#\n{banner}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
