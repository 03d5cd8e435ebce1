"""Turns an exported float32 ONNX graph into one that computes in float16, for GPUs.

GPUs run float16 at twice the float32 rate or more and move half the bytes; CPUs gain nothing
(onnxruntime's CPU provider lacks float16 kernels for most of MViT's operators), so this is for
the webgpu target only. The graph's contract stays as the card says: the uint8 frames (or the
float32 clip) come in as before and the logits go out as float32; everything between is
float16. Written with the `onnx` package alone (Debian packages no onnxconverter-common):

- every float32 initializer, Constant and ConstantOfShape value becomes float16;
- every Cast to float32 becomes a Cast to float16 (the uint8 input's Cast among them);
- a float32 graph input gets a Cast to float16 in front of its consumers;
- the logits are computed as float16 under another name and cast to float32 as `logits`.

LayerNormalization keeps float32 statistics inside (its stash_type defaults to float32).
"""

import argparse
import sys
from typing import Dict, List

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT
FLOAT16 = TensorProto.FLOAT16


def _half_tensor(tensor: onnx.TensorProto) -> onnx.TensorProto:
    if tensor.data_type != FLOAT:
        return tensor
    array = numpy_helper.to_array(tensor)
    if np.abs(array).max(initial=0.0) > np.finfo(np.float16).max:
        raise SystemExit(f"error: {tensor.name or 'a constant'} holds values beyond float16's range")
    return numpy_helper.from_array(array.astype(np.float16), tensor.name)


def _convert_node(node: onnx.NodeProto) -> None:
    for attr in node.attribute:
        if attr.type == onnx.AttributeProto.TENSOR:
            attr.t.CopyFrom(_half_tensor(attr.t))
        elif attr.type == onnx.AttributeProto.GRAPH:
            _convert_graph(attr.g, subgraph=True)
        elif attr.type == onnx.AttributeProto.GRAPHS:
            for graph in attr.graphs:
                _convert_graph(graph, subgraph=True)
        elif node.op_type == "Cast" and attr.name == "to" and attr.i == FLOAT:
            attr.i = FLOAT16


def _convert_graph(graph: onnx.GraphProto, subgraph: bool) -> None:
    for i, tensor in enumerate(graph.initializer):
        graph.initializer[i].CopyFrom(_half_tensor(tensor))
    for node in graph.node:
        _convert_node(node)
    # Shapes stay, element types change: let onnxruntime infer them again.
    del graph.value_info[:]
    if subgraph:
        # The main graph's own inputs and outputs keep float32 (to_float16 casts at the edges).
        for value in list(graph.output) + list(graph.input):
            if value.type.tensor_type.elem_type == FLOAT:
                value.type.tensor_type.elem_type = FLOAT16


def _rename_uses(nodes, old: str, new: str) -> None:
    for node in nodes:
        for i, name in enumerate(node.input):
            if name == old:
                node.input[i] = new


def to_float16(model: onnx.ModelProto) -> onnx.ModelProto:
    """Converts `model` in place (see above) and returns it."""
    graph = model.graph
    _convert_graph(graph, subgraph=False)
    casts: List[onnx.NodeProto] = []
    for value in graph.input:
        if value.type.tensor_type.elem_type == FLOAT:
            half = f"{value.name}_float16"
            _rename_uses(graph.node, value.name, half)
            casts.append(helper.make_node("Cast", [value.name], [half], to=FLOAT16, name=f"{half}_cast"))
    renamed: Dict[str, str] = {}
    for value in graph.output:
        if value.type.tensor_type.elem_type == FLOAT:
            renamed[value.name] = f"{value.name}_float16"
    for node in graph.node:
        for i, name in enumerate(node.output):
            if name in renamed:
                node.output[i] = renamed[name]
        for i, name in enumerate(node.input):
            if name in renamed:
                node.input[i] = renamed[name]
    outputs = [helper.make_node("Cast", [half], [name], to=FLOAT, name=f"{name}_cast") for name, half in renamed.items()]
    nodes = casts + list(graph.node) + outputs
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def main(argv: List[str]) -> int:
    """float16_graph.py IN.onnx OUT.onnx: converts an export and writes OUT's card beside it."""
    import json
    import os

    parser = argparse.ArgumentParser(description="float16 copy of a float32 export (see the module's docstring)")
    parser.add_argument("model", help="float32 ONNX model exported by export_mvit.py (its card beside it)")
    parser.add_argument("output", help="float16 ONNX model to write; its card goes beside it")
    args = parser.parse_args(argv)
    card_of = lambda path: (path[: -len(".onnx")] if path.endswith(".onnx") else path) + ".card.json"  # noqa: E731
    with open(card_of(args.model), encoding="utf-8") as f:
        card = json.load(f)
    if card.get("precision", "float32") != "float32":
        raise SystemExit(f"error: {args.model} is not a float32 export")
    onnx.save(to_float16(onnx.load(args.model)), args.output)
    onnx.checker.check_model(args.output)
    card["precision"] = "float16"
    with open(card_of(args.output), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"float16:        {args.output} ({os.path.getsize(args.output) / 1e6:.2f} MB), card {card_of(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
