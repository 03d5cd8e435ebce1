"""Rewrites MViT so that onnxruntime's WebGPU provider can run its ONNX graph.

MViT's pooling attention pools keys, values and queries with depthwise Conv3d (groups equal to
the channels). onnxruntime's WebGPU provider has no grouped 3-D convolution: the session starts,
then every run fails with "Conv3D does not support grouped convolution (group=C)". It does
implement grouped 2-D convolution, so each depthwise Conv3d becomes one: the kT temporal taps
of every channel are stacked as that channel's group of kT input channels, and a Conv2d with
groups=C and the same weights, reshaped to (C, kT, kH, kW), sums over taps and space at once.

Same arithmetic, same weights, same number of multiply-adds; only the layout moves (one stack
of kT strided temporal slices per pooling). The CPU model keeps torch's Conv3d, which
onnxruntime's CPU provider runs directly: the rewrite is used only for the webgpu target.

The pooling also splits off the class token with torch.tensor_split, which torch 1.13 exports
as a Loop over Sequence ops. The WebGPU provider has none of those: onnxruntime runs them on
the CPU and copies each pooled tensor to the host and back (16 copies each way in the tiny model).
Two plain slices give the same two tensors and stay on the GPU.
"""

from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.video.mvit import Pool, _squeeze, _unsqueeze


class TemporalTapsConv2d(nn.Module):
    """A depthwise Conv3d computed as one grouped Conv2d over its stacked temporal taps."""

    def __init__(self, conv: nn.Conv3d) -> None:
        super().__init__()
        channels = conv.in_channels
        if conv.groups != channels or conv.out_channels != channels:
            raise ValueError(f"not a depthwise Conv3d: {conv}")
        if conv.dilation != (1, 1, 1) or conv.padding_mode != "zeros" or isinstance(conv.padding, str):
            raise ValueError(f"unsupported Conv3d settings: {conv}")
        self.taps, kh, kw = conv.kernel_size
        self.stride_t, sh, sw = conv.stride
        self.pad_t, ph, pw = conv.padding
        self.conv2d = nn.Conv2d(
            channels * self.taps, channels, (kh, kw), (sh, sw), (ph, pw), groups=channels, bias=conv.bias is not None
        )
        with torch.no_grad():
            # Conv3d's weight is (C, 1, kT, kH, kW): group c's kT input channels are its taps.
            self.conv2d.weight.copy_(conv.weight.reshape(channels, self.taps, kh, kw))
            if conv.bias is not None:
                self.conv2d.bias.copy_(conv.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, c, t, h, w = x.shape
        if self.pad_t > 0:
            x = F.pad(x, (0, 0, 0, 0, self.pad_t, self.pad_t))
        t_out = (t + 2 * self.pad_t - self.taps) // self.stride_t + 1
        span = self.stride_t * (t_out - 1) + 1
        taps = [x[:, :, k : k + span : self.stride_t] for k in range(self.taps)]
        # (N, C, kT, T', H, W) → frames as the batch, each channel's taps side by side.
        stacked = torch.stack(taps, dim=2).permute(0, 3, 1, 2, 4, 5).reshape(n * t_out, c * self.taps, h, w)
        y = self.conv2d(stacked)
        return y.reshape(n, t_out, c, y.shape[-2], y.shape[-1]).permute(0, 2, 1, 3, 4)


class SlicedPool(Pool):
    """torchvision's Pool with the class token split off by slicing instead of tensor_split."""

    def forward(self, x: torch.Tensor, thw: Tuple[int, int, int]) -> Tuple[torch.Tensor, Tuple[int, int, int]]:
        # torchvision 0.14's Pool.forward, line for line, but for the split.
        x, tensor_dim = _unsqueeze(x, 4, 1)
        class_token, x = x[:, :, :1], x[:, :, 1:]
        x = x.transpose(2, 3)
        B, N, C = x.shape[:3]
        x = x.reshape((B * N, C) + thw).contiguous()
        if self.norm_before_pool and self.norm_act is not None:
            x = self.norm_act(x)
        x = self.pool(x)
        T, H, W = x.shape[2:]
        x = x.reshape(B, N, C, -1).transpose(2, 3)
        x = torch.cat((class_token, x), dim=2)
        if not self.norm_before_pool and self.norm_act is not None:
            x = self.norm_act(x)
        x = _squeeze(x, 4, 1, tensor_dim)
        return x, (T, H, W)


def is_depthwise_conv3d(module: nn.Module) -> bool:
    return isinstance(module, nn.Conv3d) and module.groups > 1 and module.groups == module.in_channels


def rewrite_for_webgpu(model: nn.Module) -> int:
    """Rewrites `model` in place (see above); returns how many depthwise Conv3d it replaced."""
    for module in model.modules():
        if type(module) is Pool:
            module.__class__ = SlicedPool
    targets = [(name, module) for name, module in model.named_modules() if is_depthwise_conv3d(module)]
    for name, module in targets:
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, TemporalTapsConv2d(module))
    return len(targets)


def check_rewrite(original: nn.Module, rewritten: nn.Module, example: torch.Tensor) -> float:
    """Max |logit difference| between the two models on `example`; the export stops above 1e-4."""
    with torch.no_grad():
        diff = (original(example) - rewritten(example)).abs().max().item()
    if diff > 1e-4:
        raise SystemExit(f"error: the webgpu rewrite changes the logits by {diff} (limit 1e-4)")
    return diff
