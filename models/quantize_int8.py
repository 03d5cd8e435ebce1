#!/usr/bin/env python3
"""Dynamic int8 quantization of an exported MViT ONNX model, with nothing but the onnx package.

onnxruntime's own quantizer (onnxruntime.quantization.quantize_dynamic) is not packaged by
Debian, so this does the same rewrite by hand for the only op where it pays: every MatMul whose
second input is a float32 weight matrix (MViT-B's qkv, projection and MLP layers: 68 of them,
98.8 % of the parameters) becomes

    A ─ DynamicQuantizeLinear ─ A_q, A_scale, A_zp ─┐
                                 W_q (int8), W_zp ─ MatMulInteger ─ Cast(float) ─ Mul ─ out
                                 A_scale × W_scale ──────────────────────────────┘

which is exactly the pattern onnxruntime's graph optimizer fuses into DynamicQuantizeMatMul.
Weights are quantized symmetrically per output column (zero point 0, scale max|w| / 127);
activations are quantized per tensor at run time (uint8, asymmetric). Attention's two
activation-by-activation MatMuls, the convolutions, LayerNorm and the classifier stay float32.

  /usr/bin/python3 models/quantize_int8.py models/mvit_v1_b.onnx [--output PATH]

writes models/mvit_v1_b_int8.onnx and its card (a copy of the input's card that says how it
was quantized). export_mvit.py --quantize int8 calls this after exporting.
"""

import argparse
import json
import os
import sys
from typing import Dict, List, Optional, Tuple

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INT8_MAX = 127
# DynamicQuantizeLinear is opset 11; MatMulInteger opset 10.
MIN_OPSET = 11


def card_path_for(model_path: str) -> str:
    base = model_path[: -len(".onnx")] if model_path.endswith(".onnx") else model_path
    return base + ".card.json"


def default_output(model_path: str) -> str:
    base = model_path[: -len(".onnx")] if model_path.endswith(".onnx") else model_path
    return base + "_int8.onnx"


def quantize_weight(weight: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Per output column (axis 1 of a [K, N] MatMul weight): int8 values and float32 scales."""
    max_abs = np.abs(weight).max(axis=0)
    # An all-zero column would divide by zero; any scale represents it exactly.
    scale = np.where(max_abs > 0, max_abs / INT8_MAX, 1.0).astype(np.float32)
    quantized = np.clip(np.round(weight / scale), -INT8_MAX, INT8_MAX).astype(np.int8)
    return quantized, scale


class MatMulQuantizer:
    def __init__(self, graph: onnx.GraphProto) -> None:
        self.graph = graph
        self.initializers: Dict[str, onnx.TensorProto] = {t.name: t for t in graph.initializer}
        # One DynamicQuantizeLinear per activation, shared by every MatMul that reads it.
        self.quantized_inputs: Dict[str, Tuple[str, str, str]] = {}
        self.new_initializers: List[onnx.TensorProto] = []
        self.replaced = 0
        self.weights_quantized = 0

    def weight_of(self, node: onnx.NodeProto) -> Optional[np.ndarray]:
        if node.op_type != "MatMul" or len(node.input) != 2:
            return None
        tensor = self.initializers.get(node.input[1])
        if tensor is None or tensor.data_type != TensorProto.FLOAT or len(tensor.dims) != 2:
            return None
        return numpy_helper.to_array(tensor)

    def quantized_input(self, name: str, nodes: List[onnx.NodeProto]) -> Tuple[str, str, str]:
        if name not in self.quantized_inputs:
            prefix = f"{name}_dq"
            outputs = (f"{prefix}_quantized", f"{prefix}_scale", f"{prefix}_zero_point")
            nodes.append(helper.make_node("DynamicQuantizeLinear", [name], list(outputs), name=prefix))
            self.quantized_inputs[name] = outputs
        return self.quantized_inputs[name]

    def replace(self, node: onnx.NodeProto, weight: np.ndarray, nodes: List[onnx.NodeProto]) -> None:
        a_q, a_scale, a_zp = self.quantized_input(node.input[0], nodes)
        w_name = node.input[1]
        w_q, w_scale = quantize_weight(weight)
        base = node.name or node.output[0]
        names = {k: f"{w_name}_{k}" for k in ("quantized", "scale", "zero_point")}
        self.new_initializers += [
            numpy_helper.from_array(w_q, names["quantized"]),
            numpy_helper.from_array(w_scale, names["scale"]),
            numpy_helper.from_array(np.zeros(w_q.shape[1], dtype=np.int8), names["zero_point"]),
        ]
        integer, as_float, scale = f"{base}_int32", f"{base}_int32_float", f"{base}_scale"
        nodes += [
            helper.make_node("MatMulInteger", [a_q, names["quantized"], a_zp, names["zero_point"]],
                             [integer], name=f"{base}_MatMulInteger"),
            helper.make_node("Cast", [integer], [as_float], to=TensorProto.FLOAT, name=f"{base}_Cast"),
            helper.make_node("Mul", [a_scale, names["scale"]], [scale], name=f"{base}_ScaleMul"),
            helper.make_node("Mul", [as_float, scale], [node.output[0]], name=f"{base}_Rescale"),
        ]
        self.replaced += 1
        self.weights_quantized += weight.size

    def run(self) -> None:
        nodes: List[onnx.NodeProto] = []
        for node in self.graph.node:
            weight = self.weight_of(node)
            if weight is None:
                nodes.append(node)
            else:
                self.replace(node, weight, nodes)
        del self.graph.node[:]
        self.graph.node.extend(nodes)
        self.graph.initializer.extend(self.new_initializers)
        self.drop_unused_initializers()

    def drop_unused_initializers(self) -> None:
        used = {name for node in self.graph.node for name in node.input}
        used |= {value.name for value in self.graph.output}
        # Subgraphs (Loop, If bodies) may read outer initializers by name.
        for node in self.graph.node:
            for attribute in node.attribute:
                if attribute.type == onnx.AttributeProto.GRAPH:
                    used |= {name for inner in attribute.g.node for name in inner.input}
        keep = [t for t in self.graph.initializer if t.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(keep)


def quantize_model(model_path: str, output: str) -> Tuple[int, int]:
    model = onnx.load(model_path)
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if opset < MIN_OPSET:
        raise SystemExit(f"error: {model_path} uses opset {opset}; dynamic quantization needs >= {MIN_OPSET}")
    quantizer = MatMulQuantizer(model.graph)
    quantizer.run()
    if quantizer.replaced == 0:
        raise SystemExit(f"error: {model_path} has no MatMul with a float32 weight matrix to quantize")
    onnx.checker.check_model(model)
    onnx.save(model, output)
    return quantizer.replaced, quantizer.weights_quantized


def write_card(model_path: str, output: str, replaced: int, weights: int) -> str:
    source = card_path_for(model_path)
    with open(source, encoding="utf-8") as f:
        card = json.load(f)
    card["quantization"] = {
        "method": "dynamic int8: MatMul weights per output column (symmetric int8), activations per tensor at run time (uint8)",
        "source_model": os.path.basename(model_path),
        "matmuls_quantized": replaced,
        "weights_quantized": weights,
    }
    target = card_path_for(output)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    return target


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="float32 ONNX model exported by export_mvit.py (its card must be beside it)")
    parser.add_argument("--output", metavar="PATH", help="default: <model>_int8.onnx")
    args = parser.parse_args(argv)
    output = os.path.abspath(args.output or default_output(args.model))
    replaced, weights = quantize_model(args.model, output)
    card = write_card(args.model, output, replaced, weights)
    print(f"int8:           {output} ({os.path.getsize(output) / 1e6:.2f} MB, {replaced} MatMuls, "
          f"{weights:,} weights quantized, checker OK)")
    print(f"card:           {card}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
