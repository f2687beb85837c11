"""The encoder graph, for the app's fast path over large catalogs (candidate retrieval + exact re-score).

``model.onnx`` scores every item of the catalog: ``h . E[i]`` (the item-table product, 128 M of its 132 M
FLOPs at 1M items) plus the history bonus of the input items plus the transition prior of the last item,
then takes the top K. For a large catalog the app can instead find candidates near ``h`` in the item table
(an approximate-nearest-neighbour index) and score only those, exactly, as model.onnx would. For that it
needs, per sequence, what model.onnx adds on top of ``h . E[i]``; ``encoder.onnx`` gives it:

- inputs ``item_ids``, ``event_types`` (as model.onnx);
- ``session_vector`` float32 [B, dim] (as model.onnx);
- ``history_bonus`` float32 [B, L] (only when the model has the history bonus): what each input position adds to
  the score of its own item (summed over an item's occurrences; 0 at padding);
- ``prior_items`` int64 [B, M], ``prior_weights`` float32 [B, M] (only with a transition prior): the last item's
  successors and what each adds to its score (unused slots: item 0, weight 0).

Exact score of item i (i >= 1): ``h . E[i] + sum(history_bonus[p] for p with item_ids[p] == i)
+ sum(prior_weights[j] for j with prior_items[j] == i)``. It is cut out of model.onnx itself (the nodes that
produce these tensors, with ``onnx.utils.Extractor``), so it needs no checkpoint and computes bit for bit what
model.onnx computes before its item-table product; the app checks the reconstruction against parity.json.
``python -m streamrec_model encoder DIR`` adds it to an exported directory and lists it in model.json's
``files`` (model.onnx and the version stay). The file holds its own copy of the item table (the input
embedding gathers from it): about the size of model.onnx.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .embeddings import add_listed_file

ENCODER_FILE = "encoder.onnx"
INPUTS = ["item_ids", "event_types"]
SESSION_VECTOR = "session_vector"
NUM_CANDIDATES = "num_candidates"
CANDIDATES = "candidates"
HISTORY_BONUS = "history_bonus"
PRIOR_ITEMS = "prior_items"
PRIOR_WEIGHTS = "prior_weights"


def _attr(node: onnx.NodeProto, name: str, default=None):
    for a in node.attribute:
        if a.name == name:
            v = helper.get_attribute_value(a)
            return v.decode() if isinstance(v, bytes) else v
    return default


def score_parts(model: onnx.ModelProto) -> dict[str, str]:
    """Names of the tensors model.onnx adds to ``h . E`` before its TopK: ``{"history_bonus": ..,
    "prior_items": .., "prior_weights": ..}`` (those the graph has). Raises ValueError for a graph whose
    scores are anything else than ``Gemm(session_vector, table, bias)`` (bias NEG at padding, 0 elsewhere),
    then a ScatterElements add of a [B, L] bonus at ``item_ids``, then a ScatterElements of
    ``GatherElements(scores, items) + weights`` (the prior)."""
    g = model.graph
    producer = {o: n for n in g.node for o in n.output}
    inits = {t.name: t for t in g.initializer}
    topk = [n for n in g.node if n.op_type == "TopK" and "top_items" in n.output]
    if len(topk) != 1:
        raise ValueError("model.onnx has no single TopK producing top_items")
    parts: dict[str, str] = {}
    node = producer.get(topk[0].input[0])
    while node is not None and node.op_type == "ScatterElements":
        data, indices, updates = node.input
        if _attr(node, "axis", 0) != 1:
            raise ValueError(f"{node.name}: ScatterElements on axis {_attr(node, 'axis', 0)}")
        if _attr(node, "reduction", "none") == "add" and indices == "item_ids" and HISTORY_BONUS not in parts:
            parts[HISTORY_BONUS] = updates
        elif _attr(node, "reduction", "none") == "none" and PRIOR_ITEMS not in parts:
            add = producer.get(updates)
            if add is None or add.op_type != "Add":
                raise ValueError(f"{node.name}: prior updates are not an Add")
            other = [i for i in add.input if not (i in producer and producer[i].op_type == "GatherElements"
                                                   and producer[i].input[1] == indices)]
            if len(other) != 1:
                raise ValueError(f"{node.name}: prior updates are not GatherElements(scores, items) + weights")
            parts[PRIOR_ITEMS], parts[PRIOR_WEIGHTS] = indices, other[0]
        else:
            raise ValueError(f"{node.name}: unexpected ScatterElements in the scores")
        node = producer.get(data)
    if node is None or node.op_type != "Gemm" or node.input[0] != SESSION_VECTOR:
        raise ValueError("the scores are not Gemm(session_vector, item table, bias)")
    if _attr(node, "transB", 0) != 1 or _attr(node, "alpha", 1.0) != 1.0 or _attr(node, "beta", 1.0) != 1.0 \
            or _attr(node, "transA", 0) != 0:
        raise ValueError("the scores' Gemm is not h . E^T + bias")
    parts["table"] = node.input[1]  # [N + 1, dim] (transB)
    if len(node.input) > 2:
        bias = _constant(node.input[2], inits, producer)
        if bias is None or bias.ndim != 1 or bias[0] > -1e8 or np.any(bias[1:] != 0):
            raise ValueError("the scores' bias is not NEG at padding and 0 for every item")
    return parts


def _constant(name: str, inits: dict, producer: dict) -> np.ndarray | None:
    if name in inits:
        return numpy_helper.to_array(inits[name])
    node = producer.get(name)
    if node is not None and node.op_type == "Constant":
        return numpy_helper.to_array(_attr(node, "value"))
    return None


def quantize_table(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per item (row): ``table ~= q * scale[:, None]``, q int8 [N + 1, dim], scale float32 [N + 1]
    (the zero padding row gets scale 1)."""
    amax = np.abs(table).max(axis=1)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


SCAN_BLOCK = 32  # items per block of the scan


def add_scan(enc: onnx.ModelProto, table: np.ndarray, block: int = SCAN_BLOCK) -> None:
    """Adds the int8 block scan to ``enc`` (in place): input ``num_candidates`` int64 [1] (a number of blocks),
    output ``candidates`` int64 [B, num_candidates]: the blocks of ``block`` consecutive items (block b = items
    b * block .. b * block + block - 1) with the largest ``max(h . E_q[i])`` over their items, best first. E_q is the
    item table quantised to int8 per item, h is quantised to uint8 per batch on the fly (ONNX Runtime's
    ``com.microsoft.DynamicQuantizeMatMul``: an integer matrix product on VNNI/AVX2 kernels over a table 4x smaller
    than float32); the scores are reduced to one maximum per block before the top-K, so the top-K runs over
    N / block values. The app scores every item of those blocks exactly: an item of the exact top n lies in one of
    the n best blocks (its block's maximum is at least its own score), so ``num_candidates >= n`` keeps the top n
    exact up to int8 rounding. The padding row 0 and the table's zero rows up to a whole block score 0; the app
    drops them. ``block`` is written to the model's metadata (``scan_block``)."""
    q, scale = quantize_table(table)
    rows = q.shape[0]
    padded = -(-rows // block) * block
    q = np.concatenate([q, np.zeros((padded - rows, q.shape[1]), np.int8)])
    scale = np.concatenate([scale, np.ones(padded - rows, np.float32)])
    g = enc.graph
    g.initializer.extend([numpy_helper.from_array(np.ascontiguousarray(q.T), "scan_table_q"),  # [dim, padded]
                          numpy_helper.from_array(scale, "scan_scale"),
                          numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), "scan_zero_point"),
                          numpy_helper.from_array(np.array([0, padded // block, block], np.int64), "scan_shape")])
    g.input.append(helper.make_tensor_value_info(NUM_CANDIDATES, onnx.TensorProto.INT64, [1]))
    g.node.extend([
        helper.make_node("DynamicQuantizeMatMul", [SESSION_VECTOR, "scan_table_q", "scan_scale", "scan_zero_point"],
                         ["scan_scores"], name="scan_int8", domain="com.microsoft"),
        helper.make_node("Reshape", ["scan_scores", "scan_shape"], ["scan_blocks"], name="scan_reshape"),
        helper.make_node("ReduceMax", ["scan_blocks"], ["scan_block_max"], name="scan_block_max", axes=[2],
                         keepdims=0),
        helper.make_node("TopK", ["scan_block_max", NUM_CANDIDATES], ["scan_top_scores", CANDIDATES],
                         name="scan_topk", axis=1, largest=1, sorted=1)])
    g.output.append(helper.make_tensor_value_info(CANDIDATES, onnx.TensorProto.INT64, ["batch", NUM_CANDIDATES]))
    if not any(o.domain == "com.microsoft" for o in enc.opset_import):
        enc.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    helper.set_model_props(enc, {"scan_block": str(block), "scan_rows": str(padded)})


def encoder_graph(model: onnx.ModelProto, block: int = SCAN_BLOCK) -> onnx.ModelProto:
    """The encoder model (see the module docstring) cut out of ``model`` (a loaded model.onnx), with the int8
    candidate scan (:func:`add_scan`)."""
    parts = score_parts(model)
    table_name = parts.pop("table")
    wanted = [SESSION_VECTOR] + [parts[k] for k in (HISTORY_BONUS, PRIOR_ITEMS, PRIOR_WEIGHTS) if k in parts]
    enc = onnx.utils.Extractor(model).extract_model(INPUTS, wanted)
    # fixed output names: Identity nodes from the internal tensors
    outputs = [o for o in enc.graph.output if o.name == SESSION_VECTOR]
    for key in (HISTORY_BONUS, PRIOR_ITEMS, PRIOR_WEIGHTS):
        if key not in parts:
            continue
        src = [o for o in enc.graph.output if o.name == parts[key]][0]
        enc.graph.node.append(helper.make_node("Identity", [parts[key]], [key], name=f"output_{key}"))
        out = onnx.ValueInfoProto()
        out.CopyFrom(src)
        out.name = key
        outputs.append(out)
    del enc.graph.output[:]
    enc.graph.output.extend(outputs)
    enc.graph.name = "streamrec_encoder"
    del enc.opset_import[:]
    enc.opset_import.extend(model.opset_import)
    enc.ir_version = model.ir_version
    onnx.checker.check_model(enc)
    table = {t.name: t for t in model.graph.initializer}.get(table_name)
    if table is None:
        raise ValueError(f"the scores' item table {table_name} is not an initializer")
    add_scan(enc, numpy_helper.to_array(table).astype(np.float32), block)
    return enc


def write_encoder(onnx_path: str | Path, out: str | Path) -> list[str]:
    """Writes :data:`ENCODER_FILE` content for ``onnx_path`` to ``out``; returns its output names."""
    enc = encoder_graph(onnx.load(str(onnx_path)))
    Path(out).write_bytes(enc.SerializeToString())
    return [o.name for o in enc.graph.output]


def add_to_model_dir(model_dir: str | Path, block: int = SCAN_BLOCK) -> dict:
    """Adds :data:`ENCODER_FILE` to an exported model directory and lists it (sha256) in model.json's ``files``;
    nothing else changes.
    Refuses a directory whose model.onnx does not match model.json. Returns model.json."""
    return add_listed_file(model_dir, ENCODER_FILE, lambda model, meta: encoder_graph(
        model, block=block).SerializeToString())
