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

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .embeddings import _replace, _sha256

ENCODER_FILE = "encoder.onnx"
INPUTS = ["item_ids", "event_types"]
SESSION_VECTOR = "session_vector"
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


def encoder_graph(model: onnx.ModelProto) -> onnx.ModelProto:
    """The encoder model (see the module docstring) cut out of ``model`` (a loaded model.onnx)."""
    parts = score_parts(model)
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
    return enc


def write_encoder(onnx_path: str | Path, out: str | Path) -> list[str]:
    """Writes :data:`ENCODER_FILE` content for ``onnx_path`` to ``out``; returns its output names."""
    enc = encoder_graph(onnx.load(str(onnx_path)))
    Path(out).write_bytes(enc.SerializeToString())
    return [o.name for o in enc.graph.output]


def add_to_model_dir(model_dir: str | Path) -> dict:
    """Adds :data:`ENCODER_FILE` to an exported model directory and lists it (sha256) in model.json's ``files``;
    nothing else changes. Refuses a directory whose model.onnx does not match model.json. Returns model.json."""
    d = Path(model_dir)
    meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
    if _sha256(d / "model.onnx") != meta["sha256"]:
        raise ValueError(f"{d}/model.onnx does not match the sha256 in {d}/model.json")
    if "files" not in meta:
        raise ValueError(f"{d}/model.json has no 'files' map: export the model again")
    data = encoder_graph(onnx.load(str(d / "model.onnx"))).SerializeToString()
    _replace(d / ENCODER_FILE, data)
    files = dict(meta["files"])
    files[ENCODER_FILE] = hashlib.sha256(data).hexdigest()
    meta["files"] = dict(sorted(files.items()))
    _replace(d / "model.json", (json.dumps(meta, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return meta
