"""Export a trained model to a model directory (the contract the Java app loads).

Files: ``model.onnx``, ``items.txt``, ``model.json``, ``parity.json``, ``metrics.json``,
``item_embeddings.f32`` (the item table, for the app's explanations: see :mod:`.embeddings`) and, unless disabled, ``checkpoint.pt`` (needed by ``evaluate`` and ``export``).
Everything is written to a temporary directory beside the target and renamed into
place only after all checks pass; on any error the temporary directory is removed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from .data import EVENT_TYPES, PAD_TOKEN
from .embeddings import EMBEDDINGS_FILE, write_embeddings
from .model import SASRec, build, count_params, matmul_flops

INPUTS = ["item_ids", "event_types"]
OUTPUTS = ["top_items", "top_scores", "session_vector"]
ONNX_TYPES = {"item_ids": onnx.TensorProto.INT64, "event_types": onnx.TensorProto.INT64,
              "top_items": onnx.TensorProto.INT64, "top_scores": onnx.TensorProto.FLOAT,
              "session_vector": onnx.TensorProto.FLOAT}
MODEL_JSON_KEYS = ["name", "version", "created_at", "sha256", "max_len", "dim", "k", "opset", "inputs",
                   "outputs", "num_items", "event_types", "popular_items", "training", "metrics",
                   "params", "onnx_bytes", "graph", "files"]
CHECKPOINT_FORMAT = "streamrec-checkpoint-1"


class TopK(nn.Module):
    """What model.onnx computes.

    item_ids, event_types: int64 [B, L] left-padded with 0 (L <= max_len).
    Returns top_items int64 [B, k] (indexes 1..N, never 0), top_scores float32 [B, k]
    (descending), session_vector float32 [B, dim].
    ``trimmed``: the last block computes only the last position (same outputs, less work).
    """

    def __init__(self, model: SASRec, k: int, trimmed: bool = False):
        super().__init__()
        self.model, self.k, self.trimmed = model, k, trimmed

    def forward(self, item_ids: torch.Tensor, event_types: torch.Tensor):
        h = self.model.encode(item_ids, event_types, trimmed=self.trimmed)
        top_scores, top_items = torch.topk(self.model.score(h, item_ids[:, -1], (item_ids, event_types)),
                                           self.k, dim=1)
        return top_items, top_scores, h


def make_checkpoint(model: SASRec, items: list[str], popular_items: list[str],
                    training: dict, metrics: dict, name: str = "sasrec") -> dict:
    """Everything ``export`` needs to rebuild the model directory: tensors plus one JSON
    string (so ``torch.load(..., weights_only=True)`` can read it on torch 1.13 and 2.x)."""
    meta = {"name": name, "model_config": model.cfg.to_dict(), "items": list(items),
            "popular_items": list(popular_items), "training": training, "metrics": metrics}
    return {"format": CHECKPOINT_FORMAT, "meta": json.dumps(meta),
            "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()}}


def load_checkpoint(path: str | Path) -> tuple[SASRec, dict]:
    """Model (eval mode, CPU) and the checkpoint's metadata dict (name, model_config,
    items, popular_items, training, metrics)."""
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(ckpt, dict) or ckpt.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a {CHECKPOINT_FORMAT} file")
    meta = json.loads(ckpt["meta"])
    meta["model_config"].setdefault("transitions", 0)  # checkpoints from before the transition prior
    meta["model_config"].setdefault("prior", "counted")  # checkpoints from before the learned prior
    meta["model_config"].setdefault("history", False)  # checkpoints from before the history bonus
    model = build(meta["model_config"])
    model.load_state_dict(ckpt["state_dict"])
    return model.eval(), meta


def parity_inputs(num_items: int, max_len: int, seed: int = 0) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Deterministic test rows: all padding, length 1, short, medium and full rows,
    mixed and single event types. Each row: (name, item_ids int64 [L], event_types int64 [L])."""
    rng = np.random.RandomState(seed)
    cases = []

    def add(name: str, n: int, types: str = "mixed", items=None):
        ids, ev = np.zeros(max_len, np.int64), np.zeros(max_len, np.int64)
        if n:
            ids[max_len - n:] = rng.randint(1, num_items + 1, n) if items is None else items
            ev[max_len - n:] = rng.randint(1, 4, n) if types == "mixed" else EVENT_TYPES[types]
        cases.append((name, ids, ev))

    add("all_padding", 0)
    for t in ("click", "cart", "purchase"):
        add(f"length_1_{t}", 1, t)
    add("length_1_first_item", 1, "purchase", [1])
    add("length_1_last_item", 1, "purchase", [num_items])
    for n in (2, 3, 5, 8):
        if n < max_len:
            add(f"short_{n}_mixed", n)
            add(f"short_{n}_purchase", n, "purchase")
    for n in sorted(set(rng.randint(min(10, max_len - 1), max_len, 8).tolist())) if max_len > 2 else []:
        add(f"medium_{n}_mixed", n)
    for i in range(6):
        add(f"full_{max_len}_mixed_{i}", max_len)
    for t in ("click", "purchase"):
        add(f"full_{max_len}_{t}", max_len, t)
    add(f"full_{max_len}_repeated_item", max_len, "mixed", [rng.randint(1, num_items + 1)] * max_len)
    return cases


def parity(module: TopK, max_len: int, seed: int = 0) -> dict:
    """PyTorch (eval mode) outputs on :func:`parity_inputs`, as parity.json content.
    Always computed with the full (untrimmed) graph: a trimmed model.onnx must match it."""
    module = TopK(module.model, module.k, trimmed=False)
    rows = parity_inputs(module.model.cfg.num_items, max_len, seed)
    ids = torch.from_numpy(np.stack([r[1] for r in rows]))
    ev = torch.from_numpy(np.stack([r[2] for r in rows]))
    with torch.no_grad():
        items, scores, vec = module(ids, ev)
    cases = [{"name": name, "item_ids": i.tolist(), "event_types": e.tolist(),
              "top_items": items[j].tolist(), "top_scores": scores[j].tolist(),
              "session_vector": vec[j].tolist()}
             for j, (name, i, e) in enumerate(rows)]
    return {"max_len": max_len, "k": module.k, "cases": cases}


def export_onnx(module: TopK, path: Path, opset: int = 17) -> None:
    """Write and check model.onnx (dynamic batch and sequence axes)."""
    max_len = module.model.cfg.max_len
    dummy = (torch.ones(2, max_len, dtype=torch.int64), torch.full((2, max_len), 3, dtype=torch.int64))
    axes = {"item_ids": {0: "batch", 1: "seq"}, "event_types": {0: "batch", 1: "seq"},
            "top_items": {0: "batch"}, "top_scores": {0: "batch"}, "session_vector": {0: "batch"}}
    # the TorchScript exporter (torch >= 2.9 defaults to the dynamo one, which ignores dynamic_axes)
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    with torch.no_grad():
        torch.onnx.export(module, dummy, str(path), opset_version=opset, input_names=INPUTS,
                          output_names=OUTPUTS, dynamic_axes=axes, do_constant_folding=True, **legacy)
    check_onnx(path, module.model.cfg.num_items, module.model.cfg.dim, module.k)


def check_onnx(path: Path, num_items: int, dim: int, k: int) -> onnx.ModelProto:
    """Checker, declared inputs/outputs/dtypes/static dims, and a single item table."""
    onnx.checker.check_model(str(path), full_check=True)
    m = onnx.load(str(path))
    inputs = [i.name for i in m.graph.input if i.name not in {x.name for x in m.graph.initializer}]
    outputs = [o.name for o in m.graph.output]
    if inputs != INPUTS or outputs != OUTPUTS:
        raise ValueError(f"unexpected graph signature {inputs} -> {outputs}")
    for v in list(m.graph.input) + list(m.graph.output):
        if v.type.tensor_type.elem_type != ONNX_TYPES[v.name]:
            raise ValueError(f"{v.name} has ONNX element type {v.type.tensor_type.elem_type}")
    tables = [t.name for t in m.graph.initializer
              if sorted(t.dims) == sorted([num_items + 1, dim]) and "trans_" not in t.name]  # not the prior
    if len(tables) != 1:
        raise ValueError(f"expected one item table in model.onnx, found {tables}")
    return m


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sync(directory: Path) -> None:
    """Flush the files and the directory to disk before the rename publishes them."""
    os.chmod(directory, 0o755)  # mkdtemp makes it 0700
    for f in directory.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def export_model_dir(model: SASRec, out: str | Path, *, items: list[str], popular_items: list[str],
                     training: dict, metrics: dict, k: int = 100, name: str = "sasrec", opset: int = 17,
                     checkpoint: bool = True, force: bool = False, parity_seed: int = 0,
                     trimmed: bool = True) -> dict:
    """Write the model directory ``out`` atomically; returns the model.json content.

    ``trimmed``: model.onnx computes the last block for the last position only (see
    :meth:`SASRec.encode_all`); parity.json always comes from the full computation.

    ``items``: vocabulary, items[0] == "<pad>". Refuses an existing ``out`` unless ``force``.
    """
    out = Path(out)
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists (use --force to replace it)")
    if items[0] != PAD_TOKEN or len(items) != model.cfg.num_items + 1:
        raise ValueError("items must be ['<pad>', item 1, ..., item N] matching the model")
    if any("\n" in i or "\r" in i for i in items):
        raise ValueError("item ids must not contain line breaks (items.txt is one id per line)")
    if not 14 <= opset <= 17:
        raise ValueError("opset must be between 14 and 17")
    if model.cfg.history and opset < 16:  # ScatterElements adds repeated items only from opset 16
        raise ValueError("the history bonus needs opset >= 16 (ScatterElements with reduction 'add')")
    k = min(k, model.cfg.num_items)
    model = model.cpu().eval()
    module = TopK(model, k, trimmed).eval()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        onnx_path = tmp / "model.onnx"
        export_onnx(module, onnx_path, opset)
        write_embeddings(onnx_path, tmp / EMBEDDINGS_FILE, model.cfg.num_items, model.cfg.dim)
        (tmp / "items.txt").write_text("".join(i + "\n" for i in items), encoding="utf-8")
        _write_json(tmp / "parity.json", parity(module, model.cfg.max_len, parity_seed))
        _write_json(tmp / "metrics.json", metrics)
        if checkpoint:
            torch.save(make_checkpoint(model, items, popular_items, training, metrics, name), tmp / "checkpoint.pt")
        sha = _sha256(onnx_path)
        # every other file of the directory, so the app can refuse a partly replaced or truncated one
        files = {f.name: _sha256(f) for f in sorted(tmp.iterdir()) if f.is_file()}
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        meta = {"name": name, "version": f"{name}-{now:%Y%m%d%H%M%S}-{sha[:8]}",
                "created_at": now.isoformat().replace("+00:00", "Z"), "sha256": sha,
                "max_len": model.cfg.max_len, "dim": model.cfg.dim, "k": k, "opset": opset,
                "inputs": INPUTS, "outputs": OUTPUTS, "num_items": model.cfg.num_items,
                "event_types": dict(EVENT_TYPES), "popular_items": list(popular_items[:200]),
                "training": training, "metrics": metrics, "params": count_params(model),
                "onnx_bytes": onnx_path.stat().st_size,
                "graph": {"trimmed_last_block": bool(trimmed),
                          "matmul_flops": matmul_flops(model.cfg, model.cfg.max_len, 1, trimmed)},
                "files": files}
        assert list(meta) == MODEL_JSON_KEYS
        _write_json(tmp / "model.json", meta)
        _sync(tmp)
        if out.exists():  # force: swap, then remove the old directory
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "dir")
            try:
                os.replace(tmp, out)
            except BaseException:
                os.replace(old / "dir", out)
                raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
        return meta
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
