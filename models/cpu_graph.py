"""Export-time rewrites of MViT for onnxruntime's CPU provider: the same arithmetic, a graph it runs faster.

Each rewrite changes how torch lays out and splits tensors before export, never what is computed:
the export checks the rewritten model against the unrewritten one in torch (max |logit
difference|), and the parity harness checks the ONNX output against torch. Which rewrites the
default CPU export applies is what measured faster (models/README.md, "The CPU graph"); the
card lists them under `graph_rewrites`.

  sliced_pool   the class token is split off with two slices instead of torch.tensor_split, which
                torch 1.13 exports as a Loop over Sequence ops (webgpu_graph.SlicedPool).
  taps_conv2d   each depthwise Conv3d as one grouped Conv2d over its stacked temporal taps
                (webgpu_graph.TemporalTapsConv2d). Measured slower on the CPU: kept for comparison.
  frame_conv2d  each depthwise Conv3d as kT depthwise Conv2d (one per temporal tap) over the
                frames as a batch, summed over shifted frames: the pooled tensor is laid out
                frame by frame (N, T, C, H, W), which costs the same one transpose as torchvision's
                (N, C, T, H, W), and onnxruntime has fast kernels for depthwise 2-D convolution.
  qkv_layout    queries, keys and values go from the qkv projection into the layout their pooling
                convolution reads with one transpose, instead of a transpose and split of all three
                followed by one more transpose in each pooling. Measured slower: that one transpose
                is six-dimensional and moves the innermost axis, which onnxruntime runs far slower
                than the two it replaces. Kept for comparison.
"""

import copy
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.video.mvit import MultiscaleAttention, Pool, _squeeze, _unsqueeze
from webgpu_graph import SlicedPool, TemporalTapsConv2d, is_depthwise_conv3d

REWRITES = ("sliced_pool", "taps_conv2d", "frame_conv2d", "qkv_layout")


class FrameTapsConv(nn.Module):
    """A depthwise Conv3d on frame-major input (N, T, C, H, W): one depthwise Conv2d per temporal
    tap over all frames, each tap's output shifted by its offset and summed. Same weights and
    multiply-adds as the Conv3d; returns (N, T', C, H', W')."""

    def __init__(self, conv: nn.Conv3d) -> None:
        super().__init__()
        channels = conv.in_channels
        if not is_depthwise_conv3d(conv) or conv.out_channels != channels:
            raise ValueError(f"not a depthwise Conv3d: {conv}")
        if conv.dilation != (1, 1, 1) or conv.padding_mode != "zeros" or isinstance(conv.padding, str):
            raise ValueError(f"unsupported Conv3d settings: {conv}")
        taps, kh, kw = conv.kernel_size
        self.stride_t, sh, sw = conv.stride
        self.pad_t, ph, pw = conv.padding
        self.taps = nn.ModuleList(
            nn.Conv2d(channels, channels, (kh, kw), (sh, sw), (ph, pw), groups=channels, bias=False) for _ in range(taps)
        )
        with torch.no_grad():
            for k, tap in enumerate(self.taps):
                tap.weight.copy_(conv.weight[:, :, k])
        self.bias = None if conv.bias is None else nn.Parameter(conv.bias.detach().clone().view(1, 1, -1, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, t, c, h, w = x.shape
        frames = x.reshape(n * t, c, h, w)
        t_out = (t + 2 * self.pad_t - len(self.taps)) // self.stride_t + 1
        span = self.stride_t * (t_out - 1) + 1
        total: Optional[torch.Tensor] = None
        for k, tap in enumerate(self.taps):
            y = tap(frames)
            out_h, out_w = y.shape[-2:]
            # Output frame j reads input frame j * stride + k - pad: pad the tap's frames with
            # zeros and take every stride-th from k on.
            y = y.reshape(n, t, c * out_h * out_w)
            if self.pad_t > 0:
                y = F.pad(y, (0, 0, self.pad_t, self.pad_t))
            y = y[:, k : k + span : self.stride_t]
            total = y if total is None else total + y
        assert total is not None
        total = total.reshape(n, t_out, c, out_h, out_w)
        return total if self.bias is None else total + self.bias


class FramePool(Pool):
    """torchvision's Pool with its depthwise Conv3d as FrameTapsConv: tokens are laid out frame by
    frame, channels first within each frame, and the class token is split off by slicing."""

    def forward(self, x: torch.Tensor, thw: Tuple[int, int, int]) -> Tuple[torch.Tensor, Tuple[int, int, int]]:
        x, tensor_dim = _unsqueeze(x, 4, 1)
        class_token, x = x[:, :, :1], x[:, :, 1:]
        B, N, _, C = x.shape
        T, H, W = thw
        x = x.reshape(B * N * T, H * W, C).transpose(1, 2).reshape(B * N, T, C, H, W)
        x, thw = self.pool_laid_out(x, class_token, B, N)
        return _squeeze(x, 4, 1, tensor_dim), thw

    def pool_laid_out(self, x: torch.Tensor, class_token: torch.Tensor, B: int, N: int):
        """Pools tokens already laid out (B * heads, T, C, H, W); returns (B, heads, 1 + T'H'W', C)."""
        if self.norm_before_pool:
            raise ValueError("FramePool: norm before pool is not supported")
        x = self.pool(x)
        T, C, H, W = x.shape[1:]
        x = x.reshape(B, N, T, C, H * W).transpose(3, 4).reshape(B, N, T * H * W, C)
        x = torch.cat((class_token, x), dim=2)
        if self.norm_act is not None:
            x = self.norm_act(x)
        return x, (T, H, W)


class LaidOutSlicedPool(SlicedPool):
    """SlicedPool that can also take tokens already laid out as its convolution reads them
    (B * heads, C, T, H, W), for qkv_layout."""

    def pool_laid_out(self, x: torch.Tensor, class_token: torch.Tensor, B: int, N: int):
        if self.norm_before_pool:
            raise ValueError("qkv_layout: norm before pool is not supported")
        x = self.pool(x)
        T, H, W = x.shape[2:]
        C = x.shape[1]
        x = x.reshape(B, N, C, -1).transpose(2, 3)
        x = torch.cat((class_token, x), dim=2)
        if self.norm_act is not None:
            x = self.norm_act(x)
        return x, (T, H, W)


def token_layout(tokens: torch.Tensor, thw: Tuple[int, int, int], frames_first: bool) -> torch.Tensor:
    """(B, T*H*W, P, heads, C) → (P, B * heads, ...) in the layout the pooling convolution reads:
    (T, C, H, W) per head for FramePool, (C, T, H, W) for Conv3d. One transpose for all P parts."""
    B, _, P, heads, C = tokens.shape
    T, H, W = thw
    x = tokens.reshape(B, T, H * W, P, heads, C)
    if frames_first:
        return x.permute(3, 0, 4, 1, 5, 2).reshape(P, B * heads, T, C, H, W)
    return x.permute(3, 0, 4, 5, 1, 2).reshape(P, B * heads, C, T, H, W)


class QkvLayoutAttention(MultiscaleAttention):
    """torchvision's MultiscaleAttention with the pooled parts of the qkv projection transposed
    once, straight into their pooling's layout. Needs every pooling to be a FramePool or a
    LaidOutSlicedPool; attention, softmax and projection are torchvision's."""

    def forward(self, x: torch.Tensor, thw: Tuple[int, int, int]) -> Tuple[torch.Tensor, Tuple[int, int, int]]:
        B, N, _ = x.shape
        heads = self.num_heads
        qkv = self.qkv(x).reshape(B, N, 3, heads, self.head_dim)
        pools = [self.pool_q, self.pool_k, self.pool_v]
        first = 0 if self.pool_q is not None else 1
        frames_first = isinstance(self.pool_k, FramePool)
        laid_out = token_layout(qkv[:, 1:, first:], thw, frames_first)
        class_tokens = qkv[:, :1, first:].permute(2, 0, 3, 1, 4)  # (P, B, heads, 1, C)
        parts: List[torch.Tensor] = []
        out_thw = thw
        for i, index in enumerate(range(first, 3)):
            pooled, pooled_thw = pools[index].pool_laid_out(laid_out[i], class_tokens[i], B, heads)
            parts.append(pooled)
            if index == 0:
                out_thw = pooled_thw  # pooled queries set the block's output grid
        if first == 1:
            q = qkv[:, :, 0].transpose(1, 2)
            k, v = parts
        else:
            q, k, v = parts
        # No relative position embedding (apply_rewrites refuses models with one).
        attn = torch.matmul(self.scaler * q, k.transpose(2, 3))
        attn = attn.softmax(dim=-1)
        x = torch.matmul(attn, v)
        x = x.transpose(1, 2).reshape(B, -1, self.output_dim)
        return self.project(x), out_thw


def parse_rewrites(text: str) -> List[str]:
    names = [name.strip() for name in text.split(",") if name.strip() and name.strip() != "none"]
    unknown = [name for name in names if name not in REWRITES]
    if unknown:
        raise SystemExit(f"error: unknown graph rewrites {unknown} (known: {', '.join(REWRITES)}, or none)")
    if "taps_conv2d" in names and "frame_conv2d" in names:
        raise SystemExit("error: taps_conv2d and frame_conv2d rewrite the same convolutions; pick one")
    # In REWRITES' order, so that a card lists them the same way whatever the command line said.
    return [name for name in REWRITES if name in names]


def apply_rewrites(model: nn.Module, rewrites: Sequence[str]) -> Dict[str, int]:
    """Rewrites `model` in place; returns how many modules each rewrite replaced."""
    counts = {name: 0 for name in rewrites}
    attentions = [m for m in model.modules() if isinstance(m, MultiscaleAttention)]
    if "qkv_layout" in rewrites:
        for attention in attentions:
            if attention.pool_k is None or attention.pool_v is None or attention.rel_pos_h is not None \
                    or attention.residual_pool:
                raise SystemExit("error: qkv_layout needs pooled keys and values, no relative positions, no residual pool")
    for module in list(model.modules()):
        if type(module) is not Pool:
            continue
        depthwise = is_depthwise_conv3d(module.pool)
        if "frame_conv2d" in rewrites and depthwise:
            module.pool = FrameTapsConv(module.pool)
            module.__class__ = FramePool
            counts["frame_conv2d"] += 1
        elif "sliced_pool" in rewrites or "qkv_layout" in rewrites:
            module.__class__ = LaidOutSlicedPool
            if "sliced_pool" in counts:
                counts["sliced_pool"] += 1
    if "taps_conv2d" in rewrites:
        targets = [(name, m) for name, m in model.named_modules() if is_depthwise_conv3d(m)]
        for name, conv in targets:
            parent_name, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent_name), child, TemporalTapsConv2d(conv))
        counts["taps_conv2d"] = len(targets)
    if "qkv_layout" in rewrites:
        for attention in attentions:
            attention.__class__ = QkvLayoutAttention
        counts["qkv_layout"] = len(attentions)
    return counts


def rewritten_model(model: nn.Module, rewrites: Sequence[str], example: torch.Tensor) -> Tuple[nn.Module, float, Dict[str, int]]:
    """A rewritten copy of `model` and its max |logit difference| from `model` on `example`."""
    rewritten = copy.deepcopy(model)
    counts = apply_rewrites(rewritten, rewrites)
    rewritten.eval()
    with torch.no_grad():
        diff = (model(example) - rewritten(example)).abs().max().item()
    if diff > 1e-4:
        raise SystemExit(f"error: graph rewrites {list(rewrites)} change the logits by {diff} (limit 1e-4)")
    return rewritten, diff, counts
