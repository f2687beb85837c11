import hashlib
import json
import os

import numpy as np
import onnx
import pytest
import torch

import onnx_numpy
from streamrec_model import export as ex
from streamrec_model.data import PAD_TOKEN
from streamrec_model.model import ModelConfig, SASRec, count_params

N, L, DIM, K = 40, 12, 16, 10


def make_model(seed=0):
    torch.manual_seed(seed)
    model = SASRec(ModelConfig(num_items=N, max_len=L, dim=DIM, layers=2, heads=2, dropout=0.2, transitions=6))
    with torch.no_grad():  # move away from the initial values (LayerNorm ones/zeros etc.)
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
        model.item_emb.weight[0].zero_()
        model.hist_bonus.normal_(0, 2.0)  # a history bonus that reorders the top items (repeats add up)
        # a transition prior: up to 6 successors per item (fewer for some: unused slots item 0, weight 0)
        g = torch.Generator().manual_seed(seed)
        for i in range(1, N + 1):
            n = i % 7
            model.trans_items[i, :n] = torch.randperm(N, generator=g)[:n].to(torch.int32) + 1
            model.trans_weights[i, :n] = torch.rand(n, generator=g) * 3
    return model.eval()


def do_export(model, out, **kw):
    items = [PAD_TOKEN] + [f"sku-{i}" for i in range(1, N + 1)]
    args = dict(items=items, popular_items=items[1:][::-1], training={"data": "x.txt", "seed": 1},
                metrics={"protocol": "full", "k": 10}, k=K, name="test")
    args.update(kw)
    return ex.export_model_dir(model, out, **args)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exp") / "model"
    meta = do_export(make_model(), out)
    return out, meta


def test_onnx_graph_signature(exported):
    out, meta = exported
    onnx.checker.check_model(str(out / "model.onnx"), full_check=True)
    m = onnx.load(str(out / "model.onnx"))
    init = {t.name for t in m.graph.initializer}

    def sig(values):
        return [(v.name, v.type.tensor_type.elem_type,
                 [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]) for v in values]

    INT64, FLOAT = onnx.TensorProto.INT64, onnx.TensorProto.FLOAT
    assert sig(i for i in m.graph.input if i.name not in init) == [
        ("item_ids", INT64, ["batch", "seq"]), ("event_types", INT64, ["batch", "seq"])]
    assert sig(m.graph.output) == [("top_items", INT64, ["batch", K]), ("top_scores", FLOAT, ["batch", K]),
                                   ("session_vector", FLOAT, ["batch", DIM])]
    assert max(o.version for o in m.opset_import if o.domain in ("", "ai.onnx")) == 17


def test_onnx_file_holds_one_item_table(tmp_path):
    """No transposed copy of the tied item table: the file is about the size of the weights."""
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=3000, max_len=L, dim=DIM, layers=1, heads=2)).eval()
    path = tmp_path / "m.onnx"
    ex.export_onnx(ex.TopK(model, K), path)
    m = onnx.load(str(path))
    assert len([t for t in m.graph.initializer if sorted(t.dims) == [DIM, 3001]]) == 1
    table_bytes = 3001 * DIM * 4
    prior_bytes = 3001 * model.cfg.transitions * 8  # successor table: int32 items + float32 weights
    assert os.path.getsize(path) < 4 * count_params(model) + prior_bytes + table_bytes / 2


def test_padding_never_in_top_items_and_outputs_finite():
    model = make_model(1)
    module = ex.TopK(model, N)  # k = N: every real item, padding must still be excluded
    rng = np.random.default_rng(0)
    rows = [np.zeros(L, np.int64)]
    for n in list(range(1, L + 1)) * 20:
        r = np.zeros(L, np.int64)
        r[L - n:] = rng.integers(1, N + 1, n)
        rows.append(r)
    ids = torch.from_numpy(np.stack(rows))
    types = torch.where(ids > 0, torch.from_numpy(rng.integers(1, 4, ids.shape)), torch.zeros_like(ids))
    with torch.no_grad():
        items, scores, vec = module(ids, types)
    assert items.dtype == torch.int64 and scores.dtype == torch.float32 and vec.shape == (len(rows), DIM)
    assert (items != 0).all() and (items <= N).all()
    assert torch.isfinite(scores).all() and torch.isfinite(vec).all()
    assert (scores[:, :-1] >= scores[:, 1:]).all()


def test_model_json_hashes_every_other_file(exported):
    out, meta = exported
    on_disk = {f.name for f in out.iterdir() if f.is_file() and f.name != "model.json"}
    assert set(meta["files"]) == on_disk and {"model.onnx", "items.txt", "parity.json"} <= on_disk
    for name, digest in meta["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert meta["files"]["model.onnx"] == meta["sha256"]


def test_model_json_items_and_metrics(exported):
    out, meta = exported
    saved = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert list(saved) == ex.MODEL_JSON_KEYS and saved == meta
    assert saved["inputs"] == ["item_ids", "event_types"]
    assert saved["outputs"] == ["top_items", "top_scores", "session_vector"]
    assert saved["event_types"] == {"pad": 0, "click": 1, "cart": 2, "purchase": 3}
    assert (saved["max_len"], saved["dim"], saved["k"], saved["num_items"], saved["opset"]) == (L, DIM, K, N, 17)
    assert saved["onnx_bytes"] == os.path.getsize(out / "model.onnx")
    import hashlib
    assert saved["sha256"] == hashlib.sha256((out / "model.onnx").read_bytes()).hexdigest()
    assert saved["version"].startswith("test-") and saved["version"].endswith(saved["sha256"][:8])
    assert saved["created_at"].endswith("Z")
    assert all(isinstance(i, str) for i in saved["popular_items"]) and saved["popular_items"][0] == f"sku-{N}"
    lines = (out / "items.txt").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "<pad>" and lines[N] == f"sku-{N}" and lines[N + 1] == "" and len(lines) == N + 2
    assert json.loads((out / "metrics.json").read_text()) == saved["metrics"]
    assert (out / "checkpoint.pt").exists()


def test_parity_cases_and_reproducibility(exported, tmp_path):
    out, _ = exported
    p = json.loads((out / "parity.json").read_text())
    assert p["max_len"] == L and p["k"] == K and 20 <= len(p["cases"]) <= 60
    lengths = [sum(1 for i in c["item_ids"] if i) for c in p["cases"]]
    assert 0 in lengths and 1 in lengths and L in lengths and any(1 < n < L for n in lengths)
    assert any(len(set(c["event_types"]) - {0}) > 1 for c in p["cases"])
    for c in p["cases"]:
        assert len(c["item_ids"]) == L and len(c["event_types"]) == L
        assert len(c["top_items"]) == K and len(c["top_scores"]) == K and len(c["session_vector"]) == DIM
        assert 0 not in c["top_items"]
    # a second export of the same model writes byte-identical parity.json
    do_export(make_model(), tmp_path / "again")
    assert (tmp_path / "again" / "parity.json").read_bytes() == (out / "parity.json").read_bytes()
    # and a different model does not
    do_export(make_model(seed=5), tmp_path / "other")
    assert (tmp_path / "other" / "parity.json").read_bytes() != (out / "parity.json").read_bytes()


def test_onnx_graph_reproduces_parity_json(exported):
    """Run model.onnx with a numpy interpreter: same results as PyTorch (parity.json)."""
    out, _ = exported
    m = onnx.load(str(out / "model.onnx"))
    p = json.loads((out / "parity.json").read_text())
    ids = np.array([c["item_ids"] for c in p["cases"]], np.int64)
    ev = np.array([c["event_types"] for c in p["cases"]], np.int64)
    items, scores, vec = onnx_numpy.run(m, {"item_ids": ids, "event_types": ev})
    assert items.dtype == np.int64 and scores.dtype == np.float32 and vec.dtype == np.float32
    np.testing.assert_allclose(scores, [c["top_scores"] for c in p["cases"]], atol=1e-4)
    np.testing.assert_allclose(vec, [c["session_vector"] for c in p["cases"]], atol=1e-4)
    assert (items == np.array([c["top_items"] for c in p["cases"]])).mean() > 0.99  # near-ties may swap
    # dynamic axes: batch of 1, and a shorter sequence axis (left padding trimmed) give the same
    one = onnx_numpy.run(m, {"item_ids": ids[-1:], "event_types": ev[-1:]})
    np.testing.assert_allclose(one[1], scores[-1:], atol=1e-4)
    short = [i for i, c in enumerate(p["cases"]) if 0 < sum(1 for x in c["item_ids"] if x) <= 5]
    trimmed = onnx_numpy.run(m, {"item_ids": ids[short, -5:], "event_types": ev[short, -5:]})
    np.testing.assert_allclose(trimmed[1], scores[short], atol=1e-4)


def test_export_refuses_existing_and_leaves_nothing_partial(tmp_path, monkeypatch):
    out = tmp_path / "model"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    with pytest.raises(FileExistsError):
        do_export(make_model(), out)
    assert os.listdir(out) == ["keep.txt"]

    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(ex, "parity", boom)  # fails after model.onnx was written
    with pytest.raises(RuntimeError):
        do_export(make_model(), tmp_path / "fresh")
    with pytest.raises(RuntimeError):
        do_export(make_model(), out, force=True)
    assert sorted(os.listdir(tmp_path)) == ["model"] and os.listdir(out) == ["keep.txt"]
    monkeypatch.undo()
    do_export(make_model(), out, force=True, checkpoint=False)
    assert sorted(os.listdir(out)) == ["item_embeddings.f32", "items.txt", "metrics.json", "model.json", "model.onnx",
                                       "parity.json"]
    assert sorted(os.listdir(tmp_path)) == ["model"]


def test_checkpoint_round_trip(exported, tmp_path):
    out, meta = exported
    model, ckpt = ex.load_checkpoint(out / "checkpoint.pt")
    assert ckpt["items"][0] == PAD_TOKEN and ckpt["name"] == "test"
    meta2 = ex.export_model_dir(model, tmp_path / "re", items=ckpt["items"], popular_items=ckpt["popular_items"],
                                training=ckpt["training"], metrics=ckpt["metrics"], k=K, name=ckpt["name"])
    assert meta2["sha256"] == meta["sha256"]
    assert (tmp_path / "re" / "parity.json").read_bytes() == (out / "parity.json").read_bytes()


def _run_parity(path, p, **kw):
    ids = np.array([c["item_ids"] for c in p["cases"]], np.int64)
    ev = np.array([c["event_types"] for c in p["cases"]], np.int64)
    return onnx_numpy.run(onnx.load(str(path)), {"item_ids": ids, "event_types": ev}, **kw)


def test_trimmed_graph_equals_full_graph(exported, tmp_path):
    """The default (trimmed) model.onnx gives the full graph's outputs on every parity case,
    the all-padding and length-1 rows included; it has fewer MatMul FLOPs."""
    out, meta = exported
    assert meta["graph"]["trimmed_last_block"] is True
    full = tmp_path / "full"
    meta_full = do_export(make_model(), full, trimmed=False)
    assert meta_full["graph"]["trimmed_last_block"] is False
    p = json.loads((out / "parity.json").read_text())
    assert (full / "parity.json").read_bytes() == (out / "parity.json").read_bytes()  # from the full computation
    names = [c["name"] for c in p["cases"]]
    assert "all_padding" in names and "length_1_click" in names
    t_items, t_scores, t_vec = _run_parity(out / "model.onnx", p)
    f_items, f_scores, f_vec = _run_parity(full / "model.onnx", p)
    assert (t_items == f_items).all()
    np.testing.assert_allclose(t_scores, f_scores, atol=1e-4)
    np.testing.assert_allclose(t_vec, f_vec, atol=1e-4)
    assert np.isfinite(t_scores).all() and np.isfinite(t_vec).all()


def test_matmul_flops_match_the_exported_graphs(tmp_path):
    """model.matmul_flops counts exactly the MatMul/Gemm work the ONNX graph does (batch 1)."""
    from streamrec_model.model import matmul_flops
    torch.manual_seed(0)
    cfg = ModelConfig(num_items=N, max_len=L, dim=DIM, layers=2, heads=2)
    model = SASRec(cfg).eval()
    ids = np.arange(1, L + 1, dtype=np.int64)[None] % N + 1
    ev = np.full((1, L), 3, np.int64)
    for trimmed in (False, True):
        path = tmp_path / f"m{trimmed}.onnx"
        ex.export_onnx(ex.TopK(model, K, trimmed), path)
        counted = []
        onnx_numpy.run(onnx.load(str(path)), {"item_ids": ids, "event_types": ev}, flops=counted)
        assert sum(counted) == matmul_flops(cfg, L, 1, trimmed)
    # the reference configuration of the README (Beauty: 12,101 items)
    big = ModelConfig(num_items=12101, max_len=50, dim=64, layers=2, heads=2)
    assert matmul_flops(big, 50, trimmed=True) < 0.75 * matmul_flops(big, 50)
