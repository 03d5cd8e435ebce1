"""Moves outlier channels of LayerNorm outputs into the following linear layers' weights.

A transformer's LayerNorm outputs have a few channels far larger than the rest; with one
scale per tensor, those few set the step size and every other channel loses its resolution
(MViT-B, per-tensor uint8: cosine 0.9988 against float32 on held-out clips). The product
x·W does not change if channel j of x is divided by s_j and row j of W multiplied by it, and a
LayerNorm's output is divided for free by dividing its scale and bias (SmoothQuant, Xiao et
al. 2022): s_j = max|x_j|^alpha / max|W_j|^(1 - alpha) balances the two. The weights are
quantized per output channel afterwards, so their rows absorb the factor with little loss.

The calibration's per-channel ranges of each LayerNorm output give both s and the smoothed
tensor's new range, so the clips are run once.
"""

from typing import Dict, List

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper


def _linear_weight(node: onnx.NodeProto, initializers: Dict[str, TensorProto]) -> bool:
    if node.op_type != "MatMul" or len(node.input) != 2:
        return False
    weight = initializers.get(node.input[1])
    return weight is not None and weight.data_type == TensorProto.FLOAT and len(weight.dims) == 2


def smooth_layer_norms(model: onnx.ModelProto, calibration: dict, alpha: float) -> int:
    """Rescales every LayerNorm whose output only feeds linear layers; updates `calibration`'s
    ranges of those outputs to match. Returns how many were smoothed."""
    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    consumers: Dict[str, List[onnx.NodeProto]] = {}
    uses: Dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
            uses[name] = uses.get(name, 0) + 1
    outputs = {o.name for o in graph.output}
    # LayerNorm parameters come as initializers or, where the exporter shared equal values,
    # as Identity nodes of another LayerNorm's initializers.
    constants = {name: numpy_helper.to_array(t) for name, t in initializers.items()}
    for node in graph.node:
        if node.op_type == "Identity" and node.input[0] in constants:
            constants[node.output[0]] = constants[node.input[0]]
    smoothed = 0
    for node in graph.node:
        if node.op_type != "LayerNormalization" or len(node.input) < 3:
            continue
        tensor = node.output[0]
        # Shape reads no values; exporters share identical LayerNorm parameters between nodes.
        readers = [r for r in consumers.get(tensor, []) if r.op_type != "Shape"]
        ranges = calibration["tensors"].get(tensor)
        params = node.input[1:3]
        if (not readers or tensor in outputs or ranges is None or not ranges.get("channelMax")
                or not all(_linear_weight(r, initializers) for r in readers)
                or any(name not in constants for name in params)
                or any(uses.get(r.input[1], 0) != 1 for r in readers)):
            continue
        low = np.array(ranges["channelMin"], dtype=np.float64)
        high = np.array(ranges["channelMax"], dtype=np.float64)
        weights = [numpy_helper.to_array(initializers[r.input[1]]) for r in readers]
        act_max = np.maximum(np.abs(low), np.abs(high))
        w_max = np.max([np.abs(w).max(axis=1) for w in weights], axis=0)
        scale = np.where((act_max > 0) & (w_max > 0),
                         act_max ** alpha / np.maximum(w_max, 1e-12) ** (1 - alpha), 1.0)
        scale = np.clip(scale, 1e-5, 1e5)
        for index, name in enumerate(params, start=1):
            # A copy of this node's own: the original may be shared with other LayerNorms.
            values = constants[name].astype(np.float64)
            own = f"{node.output[0]}_smoothed_{'scale' if index == 1 else 'bias'}"
            graph.initializer.append(numpy_helper.from_array((values / scale).astype(np.float32), own))
            node.input[index] = own
        for reader, weight in zip(readers, weights):
            name = reader.input[1]
            initializers[name].CopyFrom(numpy_helper.from_array(
                (weight.astype(np.float64) * scale[:, None]).astype(np.float32), name))
        new_low, new_high = float((low / scale).min()), float((high / scale).max())
        ranges.update({"min": new_low, "max": new_high, "low": new_low, "high": new_high,
                       "channelMin": list(low / scale), "channelMax": list(high / scale)})
        smoothed += 1
    return smoothed
