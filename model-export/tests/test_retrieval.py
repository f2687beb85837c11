"""encoder.onnx (streamrec_model.retrieval): cut out of model.onnx, it must give what model.onnx adds to h . E,
so that session vector + history bonus + prior reproduce model.onnx's top-K scores exactly."""
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch

from streamrec_model.__main__ import main
from streamrec_model.export import export_model_dir
from streamrec_model.model import ModelConfig, SASRec
from streamrec_model.retrieval import ENCODER_FILE, score_parts

import onnx_numpy

N, DIM = 300, 16


def _dynamic_quantize_matmul(x, a):
    """com.microsoft.DynamicQuantizeMatMul as ONNX Runtime defines it: A quantised to uint8 per tensor (range
    including 0), B int8 with per-column scale and zero point."""
    A, B, b_scale, b_zp = x[0], x[1], x[2], x[3]
    lo, hi = min(0.0, float(A.min())), max(0.0, float(A.max()))
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    zp = np.clip(np.round(-lo / scale), 0, 255)
    aq = np.clip(np.round(A / scale) + zp, 0, 255)
    return ((aq - zp) @ (B.astype(np.float64) - b_zp)) * scale * b_scale


onnx_numpy.OPS.setdefault("DynamicQuantizeMatMul", _dynamic_quantize_matmul)
onnx_numpy.OPS.setdefault("ReduceMax", lambda x, a: np.max(x[0], axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1))))


def model_dir(tmp, transitions, history=True):
    torch.manual_seed(5)
    m = SASRec(ModelConfig(num_items=N, dim=DIM, heads=2, max_len=12, dropout=0.0, transitions=transitions,
                           history=history)).eval()
    with torch.no_grad():
        if history:
            m.hist_bonus.normal_()
        if transitions:
            succ = torch.stack([torch.randperm(N)[:transitions] + 1 for _ in range(N + 1)])
            m.trans_items.copy_(succ)
            m.trans_weights.copy_(torch.rand(N + 1, transitions) * 3)
    items = ["<pad>"] + [f"i{i}" for i in range(1, N + 1)]
    out = tmp / f"m{transitions}{history}"
    export_model_dir(m, out, items=items, popular_items=items[1:], training={}, metrics={}, k=40,
                     checkpoint=False)
    return out


@pytest.mark.parametrize("transitions,history", [(0, True), (5, True), (0, False)])
def test_encoder_reconstructs_the_model_scores(tmp_path, transitions, history, capsys):
    d = model_dir(tmp_path, transitions, history)
    main(["encoder", str(d)])
    meta = json.loads((d / "model.json").read_text())
    assert meta["files"][ENCODER_FILE] == hashlib.sha256((d / ENCODER_FILE).read_bytes()).hexdigest()
    enc = onnx.load(str(d / ENCODER_FILE))
    names = [o.name for o in enc.graph.output]
    want = ["session_vector"] + (["history_bonus"] if history else []) + \
           (["prior_items", "prior_weights"] if transitions else []) + ["candidates"]
    assert names == want
    block = int({p.key: p.value for p in enc.metadata_props}["scan_block"])
    assert not any(n.op_type == "Gemm" and n.input[0] == "session_vector" for n in enc.graph.node), \
        "no float32 item-table product"
    assert [n.op_type for n in enc.graph.node if n.op_type == "TopK"] == ["TopK"], "only the scan's top-K"
    parity = json.loads((d / "parity.json").read_text())
    ids = np.array([c["item_ids"] for c in parity["cases"]])
    ev = np.array([c["event_types"] for c in parity["cases"]])
    n_blocks = 4
    outs = dict(zip(names, onnx_numpy.run(enc, {"item_ids": ids, "event_types": ev,
                                                 "num_candidates": np.array([n_blocks])})))
    table = np.fromfile(d / "item_embeddings.f32", dtype="<f4").reshape(N + 1, DIM)
    for r, case in enumerate(parity["cases"]):
        h = outs["session_vector"][r]
        np.testing.assert_allclose(h, case["session_vector"], atol=1e-5)
        s = table @ h
        s[0] = -1e9
        if history:
            np.add.at(s, ids[r], outs["history_bonus"][r])
        if transitions:
            for item, w in zip(outs["prior_items"][r], outs["prior_weights"][r]):
                if item:
                    s[item] += w
        np.testing.assert_allclose(s[case["top_items"]], case["top_scores"], atol=1e-4)
        top = np.argsort(-s, kind="stable")[:10]
        assert list(top) == case["top_items"][:10]
        # the scan's best blocks hold the items of the best plain scores h . E (up to int8 rounding)
        plain = table @ h
        plain[0] = -1e9
        best_blocks = set(outs["candidates"][r].tolist())
        assert len(best_blocks) == n_blocks
        assert int(np.argmax(plain)) // block in best_blocks


def test_an_unknown_score_graph_is_refused(tmp_path):
    d = model_dir(tmp_path, 0, True)
    m = onnx.load(str(d / "model.onnx"))
    gemm = [n for n in m.graph.node if n.op_type == "Gemm" and n.input[0] == "session_vector"][0]
    kept = [a for a in gemm.attribute if a.name != "alpha"]
    del gemm.attribute[:]
    gemm.attribute.extend(kept + [onnx.helper.make_attribute("alpha", 2.0)])
    with pytest.raises(ValueError, match="Gemm"):
        score_parts(m)
