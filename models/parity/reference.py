"""torchvision's own video pipeline: the reference actionwatch's TypeScript pipeline is compared with.

Everything here is torchvision's code or its documented behaviour, not ours:
  - decoding: every frame of the file as rgb24 at its own size, as PyAV hands frames to
    torchvision.io.read_video (both convert with libswscale's default yuv->rgb conversion);
  - sampling: torchvision.datasets.video_utils.VideoClips (frame_rate=7.5), whose frame indices
    are floor(k * fps / 7.5) for k < floor(frames * 7.5 / fps), and windows are those indices
    unfolded by clip length and stride;
  - resize, crop and normalization: torchvision.transforms._presets.VideoClassification, the
    object MViT_V1_B_Weights.KINETICS400_V1.transforms() returns.
"""

import json
import math
import os
import subprocess
import sys
from fractions import Fraction
from typing import Dict, List, Tuple

import numpy as np
import torch
import torchvision.transforms.functional as F
from torchvision.datasets.video_utils import VideoClips
from torchvision.models.video import MViT_V1_B_Weights
from torchvision.transforms._presets import VideoClassification

MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(MODELS_DIR)
CLIPS_DIR = os.path.abspath(os.path.join(REPO_ROOT, "..", "shared", "clips"))
# The three labelled clips: 28, 25 and 30 fps, MP4 and Matroska.
CLIPS = ["arm_wrestling.mp4", "abseiling.mp4", "flipping_pancake.mkv"]

sys.path.insert(0, MODELS_DIR)
import export_mvit  # noqa: E402  (the export script builds the very models the .onnx files hold)

MODEL_FPS = export_mvit.FPS
CLIP_LENGTH = export_mvit.CLIP_LENGTH
MEAN = export_mvit.MEAN
STD = export_mvit.STD


# ---------------------------------------------------------------------------------------------
# Decoding


def probe(path: str) -> Tuple[int, int, Fraction]:
    """Width, height and average frame rate of the first video stream (what PyAV's average_rate gives)."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height,avg_frame_rate", "-of", "json", path],
        check=True, capture_output=True, text=True,
    ).stdout
    stream = json.loads(out)["streams"][0]
    return int(stream["width"]), int(stream["height"]), Fraction(stream["avg_frame_rate"])


def decode_all_frames(path: str) -> np.ndarray:
    """Every decoded frame, (N, H, W, 3) uint8 RGB at the file's own size."""
    width, height, _ = probe(path)
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-an", "-sn", "-dn", "-map", "0:v:0",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
        check=True, capture_output=True,
    ).stdout
    # bytearray: torch.from_numpy warns about (and must not write into) read-only memory.
    return np.frombuffer(bytearray(raw), np.uint8).reshape(-1, height, width, 3)


# ---------------------------------------------------------------------------------------------
# Sampling


def sampled_indices(num_frames: int, fps: float, model_fps: float = MODEL_FPS) -> List[int]:
    """VideoClips.compute_clips_for_video's frame indices for one video at `model_fps`."""
    total = int(math.floor(num_frames * (float(model_fps) / fps)))
    idxs = VideoClips._resample_video_idx(total, fps, model_fps)
    if isinstance(idxs, slice):
        return list(range(num_frames))[idxs][:total]
    return idxs.tolist()


def window_ends(sampled: int, clip_length: int, stride: int) -> List[Tuple[int, bool]]:
    """Last sampled-frame index of each window and whether it is the tail window.

    The grid is VideoClips' unfold(indices, clip_length, stride). actionwatch classify adds one
    tail window ending at the last sampled frame when the grid leaves frames uncovered; it is
    computed here the same way so it can be compared too.
    """
    ends = [(end, False) for end in range(clip_length - 1, sampled, stride)]
    if ends and ends[-1][0] != sampled - 1:
        ends.append((sampled - 1, True))
    return ends


# ---------------------------------------------------------------------------------------------
# Transforms


def video_transform(resize: int, crop: int) -> VideoClassification:
    """MViT_V1_B_Weights.KINETICS400_V1.transforms(), or the same preset at the tiny model's sizes."""
    if (resize, crop) == (256, 224):
        return MViT_V1_B_Weights.KINETICS400_V1.transforms()
    return VideoClassification(crop_size=(crop, crop), resize_size=(resize,), mean=MEAN, std=STD)


def transformed_clip(frames: np.ndarray, resize: int, crop: int, antialias: bool = False) -> torch.Tensor:
    """(T, H, W, 3) uint8 frames -> (3, T, crop, crop) normalized float.

    antialias=False runs the preset itself (torchvision 0.14 resizes tensors without
    antialiasing); antialias=True does the preset's steps with torchvision >= 0.17's default
    antialiased resize, which only differs where frames shrink.
    """
    if not antialias:
        video = torch.from_numpy(np.ascontiguousarray(frames)).permute(0, 3, 1, 2)
        return video_transform(resize, crop)(video)
    crops = torch.from_numpy(resized_crops(frames, resize, crop, antialias=True))
    clip = (crops.to(torch.float32) / 255.0 - torch.tensor(MEAN)) / torch.tensor(STD)
    return clip.permute(3, 0, 1, 2).contiguous()


def resized_crops(frames: np.ndarray, resize: int, crop: int, antialias: bool = False) -> np.ndarray:
    """The preset's resize and center crop alone, as uint8 (N, crop, crop, 3).

    On uint8 tensors torchvision resizes in float and rounds back to uint8 before the crop, so
    these are exactly the pixels the preset normalizes. antialias=False is torchvision 0.14's
    behaviour for tensors (the preset passes none); antialias=True is what torchvision >= 0.17
    does by default (and PIL always did).
    """
    video = torch.from_numpy(np.ascontiguousarray(frames)).permute(0, 3, 1, 2)
    video = F.resize(video, [resize], antialias=True) if antialias else F.resize(video, [resize])
    video = F.center_crop(video, [crop, crop])
    return video.permute(0, 2, 3, 1).contiguous().numpy()


# ---------------------------------------------------------------------------------------------
# Fixed frames, generated identically by tools/parity/fixedFrames.ts


def fixed_frames(clips: int, frames: int, size: int) -> np.ndarray:
    """Deterministic uint8 clips (N, T, S, S, 3): a moving gradient plus hashed texture."""
    n, t, y, x, c = np.meshgrid(
        np.arange(clips), np.arange(frames), np.arange(size), np.arange(size), np.arange(3),
        indexing="ij",
    )
    n, t, y, x, c = (a.astype(np.uint64) for a in (n, t, y, x, c))
    mask = np.uint64(0xFFFFFFFF)
    h = (x * np.uint64(0x9E3779B1) + y * np.uint64(0x85EBCA77) + t * np.uint64(0xC2B2AE3D)
         + c * np.uint64(0x27D4EB2F) + n * np.uint64(0x165667B1)) & mask
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x2C1B3C6D)) & mask
    h ^= h >> np.uint64(12)
    smooth = (x * np.uint64(3) + y * np.uint64(2) + t * np.uint64(11) + c * np.uint64(70)
              + n * np.uint64(40)) & np.uint64(255)
    return ((smooth + (h & np.uint64(63))) & np.uint64(255)).astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# Models


def build_model(kind: str, seed: int) -> torch.nn.Module:
    """The same weights the export script writes: kind 'tiny' or 'random' (MViT-B)."""
    model = export_mvit.tiny_mvit(seed) if kind == "tiny" else export_mvit.random_mvit(seed)
    return model.eval()


def fixed_frame_logits(model: torch.nn.Module, frames: np.ndarray) -> np.ndarray:
    """torchvision's float path: /255, mean/std, NCTHW, then the model."""
    clip = export_mvit.normalize_reference(torch.from_numpy(frames), MEAN, STD)
    with torch.no_grad():
        return model(clip).numpy()


def window_logits(model: torch.nn.Module, frames: np.ndarray, indices: List[int], resize: int,
                  crop: int, stride: int, antialias: bool = False) -> List[Dict]:
    """Reference logits for every window of one video, torchvision's pipeline end to end."""
    windows = []
    for end, tail in window_ends(len(indices), CLIP_LENGTH, stride):
        picked = frames[indices[end - CLIP_LENGTH + 1: end + 1]]
        clip = transformed_clip(picked, resize, crop, antialias).unsqueeze(0)
        with torch.no_grad():
            logits = model(clip)[0].numpy()
        windows.append({"last_frame": end, "tail": tail, "logits": logits})
    return windows
