"""Static QDQ quantization of an ONNX graph: QuantizeLinear/DequantizeLinear pairs around chosen ops.

The graph stays a float graph in which some tensors pass through Q → DQ; onnxruntime's graph
optimizer (level `all` on the CPU provider) fuses each quantized op with its Q/DQ neighbours into
an integer kernel:

  DQ(x) ─┐
  DQ(W) ─ MatMul ─ y               →  MatMulIntegerToFloat (int8 GEMM, float32 out)
  DQ(x) ─┐
  DQ(W) ─ Conv ─ Q ─ DQ ─ y        →  QLinearConv (int8 convolution, needs y's range too)
  DQ(b) ─┘

Weights are int8, symmetric (zero point 0), one scale per output channel (MatMul: per column,
axis 1; Conv: per output channel, axis 0), computed from the weights themselves. Activations are
uint8, asymmetric, one scale and zero point per tensor from ranges measured on real clips
(tools/quantize, run by quantize_static.py). Conv biases become int32 with scale x_scale × w_scale.

Which ops are quantized is a choice of groups (OP_GROUPS): what pays is measured, not assumed.
"""

import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INT8_MAX = 127
UINT8_MAX = 255

# linear:      MatMul with a float32 weight matrix (qkv, projections, MLP: most of the parameters)
# attention_scores: MatMul of two activations: queries × keys
# attention_values: MatMul of two activations: the softmax's attention weights × values
# patch_embed: the strided Conv3d that cuts the clip into patches (groups 1)
# pool:        the depthwise Conv3d that pool queries, keys and values (groups = channels)
OP_GROUPS = ("linear", "attention_scores", "attention_values", "patch_embed", "pool")


def op_group(node: onnx.NodeProto, initializers: Dict[str, TensorProto], producers: Dict[str, str]) -> Optional[str]:
    """Which of OP_GROUPS a node belongs to, or None when it stays float."""
    if node.op_type == "MatMul" and len(node.input) == 2:
        weight = initializers.get(node.input[1])
        if weight is None:
            if node.input[0] in initializers:
                return None
            return "attention_values" if producers.get(node.input[0]) == "Softmax" else "attention_scores"
        if weight.data_type == TensorProto.FLOAT and len(weight.dims) == 2:
            return "linear"
        return None
    if node.op_type == "Conv" and node.input[1] in initializers:
        group = next((a.i for a in node.attribute if a.name == "group"), 1)
        return "patch_embed" if group == 1 else "pool"
    return None


def quantized_nodes(graph: onnx.GraphProto, groups: Iterable[str], keep_float: Optional[str] = None) -> List[Tuple[int, str]]:
    """(index in graph.node, group) of every node of the chosen groups, but those whose name
    matches the regular expression `keep_float`."""
    wanted = set(groups)
    unknown = wanted - set(OP_GROUPS)
    if unknown:
        raise ValueError(f"unknown op groups {sorted(unknown)} (known: {', '.join(OP_GROUPS)})")
    initializers = {t.name: t for t in graph.initializer}
    producers = {output: node.op_type for node in graph.node for output in node.output}
    found = []
    for index, node in enumerate(graph.node):
        group = op_group(node, initializers, producers)
        if group in wanted and not (keep_float and re.search(keep_float, node.name)):
            found.append((index, group))
    return found


def activations_to_calibrate(graph: onnx.GraphProto, groups: Iterable[str]) -> List[str]:
    """The float tensors whose ranges the chosen ops need: activation inputs, and Conv outputs
    (QLinearConv writes int8, so its output needs a scale too)."""
    initializers = {t.name for t in graph.initializer}
    names: List[str] = []
    for index, group in quantized_nodes(graph, groups):
        node = graph.node[index]
        inputs = node.input[:2] if group != "linear" else node.input[:1]
        names += [name for name in inputs if name not in initializers]
        if node.op_type == "Conv":
            names.append(node.output[0])
    return list(dict.fromkeys(names))


def uint8_params(low: float, high: float) -> Tuple[np.float32, np.uint8]:
    """Scale and zero point that map [low, high] (widened to hold 0 exactly) onto 0..255."""
    low, high = min(low, 0.0), max(high, 0.0)
    scale = (high - low) / UINT8_MAX if high > low else 1.0
    zero_point = int(np.clip(round(-low / scale), 0, UINT8_MAX))
    return np.float32(scale), np.uint8(zero_point)


def int8_per_channel(weight: np.ndarray, axis: int) -> Tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 along `axis`: values and one float32 scale per channel."""
    reduce = tuple(i for i in range(weight.ndim) if i != axis)
    max_abs = np.abs(weight).max(axis=reduce)
    # An all-zero channel would divide by zero; any scale represents it exactly.
    scale = np.where(max_abs > 0, max_abs / INT8_MAX, 1.0).astype(np.float32)
    shape = [1] * weight.ndim
    shape[axis] = -1
    quantized = np.clip(np.round(weight / scale.reshape(shape)), -INT8_MAX, INT8_MAX).astype(np.int8)
    return quantized, scale


class QdqRewriter:
    def __init__(self, model: onnx.ModelProto, ranges: Dict[str, Tuple[float, float]]) -> None:
        self.graph = model.graph
        self.ranges = ranges
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.added: List[TensorProto] = []
        self.before: Dict[str, List[onnx.NodeProto]] = {}  # node name → Q/DQ nodes to insert before it
        self.quantize_nodes: Dict[str, str] = {}  # activation → its quantized tensor (one Q each)
        self.activation_params: Dict[str, Tuple[str, str, float]] = {}
        self.counts: Dict[str, int] = {}
        self.weights_quantized = 0

    def constant(self, name: str, value: np.ndarray) -> str:
        self.added.append(numpy_helper.from_array(value, name))
        return name

    def params_of(self, tensor: str) -> Tuple[str, str, float]:
        if tensor not in self.activation_params:
            if tensor not in self.ranges:
                raise KeyError(f"no calibrated range for tensor {tensor!r}")
            low, high = self.ranges[tensor]
            scale, zero_point = uint8_params(low, high)
            self.activation_params[tensor] = (
                self.constant(f"{tensor}_scale", np.array(scale, dtype=np.float32)),
                self.constant(f"{tensor}_zero_point", np.array(zero_point, dtype=np.uint8)),
                float(scale),
            )
        return self.activation_params[tensor]

    def dequantized_input(self, node: onnx.NodeProto, index: int, pending: List[onnx.NodeProto]) -> float:
        """Q (shared by every consumer) and a DQ of this consumer's own in front of input `index`."""
        tensor = node.input[index]
        scale, zero_point, scale_value = self.params_of(tensor)
        if tensor not in self.quantize_nodes:
            quantized = f"{tensor}_quantized"
            pending.append(helper.make_node("QuantizeLinear", [tensor, scale, zero_point], [quantized],
                                            name=f"{tensor}_QuantizeLinear"))
            self.quantize_nodes[tensor] = quantized
        dequantized = f"{tensor}_dequantized_for_{node.name}"
        pending.append(helper.make_node("DequantizeLinear", [self.quantize_nodes[tensor], scale, zero_point],
                                        [dequantized], name=f"{tensor}_DequantizeLinear_for_{node.name}"))
        node.input[index] = dequantized
        return scale_value

    def dequantized_weight(self, node: onnx.NodeProto, axis: int, pending: List[onnx.NodeProto]) -> np.ndarray:
        name = node.input[1]
        values, scale = int8_per_channel(numpy_helper.to_array(self.initializers[name]), axis)
        quantized = self.constant(f"{name}_quantized", values)
        scale_name = self.constant(f"{name}_scale", scale)
        zero_point = self.constant(f"{name}_zero_point", np.zeros(scale.shape, dtype=np.int8))
        node.input[1] = f"{name}_dequantized"
        pending.append(helper.make_node("DequantizeLinear", [quantized, scale_name, zero_point],
                                        [node.input[1]], name=f"{name}_DequantizeLinear", axis=axis))
        self.weights_quantized += values.size
        return scale

    def quantized_bias(self, node: onnx.NodeProto, x_scale: float, w_scale: np.ndarray,
                       pending: List[onnx.NodeProto]) -> None:
        name = node.input[2]
        bias = numpy_helper.to_array(self.initializers[name])
        scale = (x_scale * w_scale).astype(np.float32)
        values = np.round(bias / scale).astype(np.int32)
        quantized = self.constant(f"{name}_quantized", values)
        scale_name = self.constant(f"{name}_scale", scale)
        zero_point = self.constant(f"{name}_zero_point", np.zeros(scale.shape, dtype=np.int32))
        node.input[2] = f"{name}_dequantized"
        pending.append(helper.make_node("DequantizeLinear", [quantized, scale_name, zero_point],
                                        [node.input[2]], name=f"{name}_DequantizeLinear", axis=0))

    def requantized_output(self, node: onnx.NodeProto, after: List[onnx.NodeProto]) -> None:
        """Conv → Q → DQ → (the original output name), so consumers stay as they are."""
        tensor = node.output[0]
        scale, zero_point, _ = self.params_of(tensor)
        raw, quantized = f"{tensor}_float", f"{tensor}_quantized"
        node.output[0] = raw
        after += [
            helper.make_node("QuantizeLinear", [raw, scale, zero_point], [quantized], name=f"{tensor}_QuantizeLinear"),
            helper.make_node("DequantizeLinear", [quantized, scale, zero_point], [tensor],
                             name=f"{tensor}_DequantizeLinear"),
        ]

    def rewrite(self, groups: Iterable[str], keep_float: Optional[str] = None) -> None:
        chosen = dict(quantized_nodes(self.graph, groups, keep_float))
        nodes: List[onnx.NodeProto] = []
        for index, node in enumerate(self.graph.node):
            group = chosen.get(index)
            if group is None:
                nodes.append(node)
                continue
            pending: List[onnx.NodeProto] = []
            after: List[onnx.NodeProto] = []
            if group == "linear":
                self.dequantized_input(node, 0, pending)
                self.dequantized_weight(node, 1, pending)
            elif group.startswith("attention"):
                self.dequantized_input(node, 0, pending)
                self.dequantized_input(node, 1, pending)
            else:
                x_scale = self.dequantized_input(node, 0, pending)
                w_scale = self.dequantized_weight(node, 0, pending)
                if len(node.input) > 2 and node.input[2]:
                    self.quantized_bias(node, x_scale, w_scale, pending)
                self.requantized_output(node, after)
            nodes += pending + [node] + after
            self.counts[group] = self.counts.get(group, 0) + 1
        del self.graph.node[:]
        self.graph.node.extend(nodes)
        self.graph.initializer.extend(self.added)
        drop_unused_initializers(self.graph)


def drop_unused_initializers(graph: onnx.GraphProto) -> None:
    used: Set[str] = {name for node in graph.node for name in node.input}
    used |= {value.name for value in graph.output}
    # Subgraphs (Loop, If bodies) may read outer initializers by name.
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.GRAPH:
                used |= {name for inner in attribute.g.node for name in inner.input}
    keep = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)


def with_outputs(model: onnx.ModelProto, tensors: Iterable[str]) -> onnx.ModelProto:
    """A copy of the model that also outputs `tensors` (float32), for measuring their ranges."""
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    existing = {o.name for o in copy.graph.output}
    copy.graph.output.extend(helper.make_tensor_value_info(name, TensorProto.FLOAT, None)
                             for name in tensors if name not in existing)
    return copy
