"""The item table as a file of its own, for the Java app's explanations.

``item_embeddings.f32``: the model's (tied) item embedding table, float32 little-endian, row-major
[num_items + 1, dim], row i = item i of ``items.txt`` (row 0: padding, zeros). The app reads it to say which
history item most drives a recommended item (E[h] . E[r]); without it the app still serves, with less specific
reasons. Taken from ``model.onnx`` itself (the initializer the graph gathers and scores with), so an existing
model directory gets it without retraining: ``python -m streamrec_model embeddings DIR``.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

EMBEDDINGS_FILE = "item_embeddings.f32"


def item_table(model: onnx.ModelProto, num_items: int, dim: int) -> np.ndarray:
    """The one [num_items + 1, dim] initializer of the graph (a [dim, num_items + 1] one is transposed back;
    the transition prior's tables are not item embeddings). float32 [num_items + 1, dim]."""
    found = [t for t in model.graph.initializer
             if sorted(t.dims) == sorted([num_items + 1, dim]) and "trans_" not in t.name]
    if len(found) != 1:
        raise ValueError(f"expected one item table of shape [{num_items + 1}, {dim}] in model.onnx, "
                         f"found {[t.name for t in found]}")
    table = numpy_helper.to_array(found[0])
    if table.dtype != np.float32:
        raise ValueError(f"item table {found[0].name} is {table.dtype}, expected float32")
    if list(table.shape) != [num_items + 1, dim]:  # stored transposed (num_items + 1 == dim is ambiguous: kept)
        table = table.T
    return np.ascontiguousarray(table)


def write_embeddings(onnx_path: str | Path, out: str | Path, num_items: int, dim: int) -> np.ndarray:
    """Writes :data:`EMBEDDINGS_FILE` content (float32 little-endian) to ``out``; returns the table."""
    table = item_table(onnx.load(str(onnx_path)), num_items, dim)
    Path(out).write_bytes(table.astype("<f4").tobytes())
    return table


def read_embeddings(path: str | Path, num_items: int, dim: int) -> np.ndarray:
    """float32 [num_items + 1, dim] from a file written by :func:`write_embeddings`."""
    raw = Path(path).read_bytes()
    if len(raw) != (num_items + 1) * dim * 4:
        raise ValueError(f"{path} has {len(raw)} bytes, expected {(num_items + 1) * dim * 4}")
    return np.frombuffer(raw, dtype="<f4").reshape(num_items + 1, dim)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _replace(path: Path, data: bytes) -> None:
    """Write beside ``path``, flush, then rename over it: a reader sees the old or the new file, never half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_to_model_dir(model_dir: str | Path) -> dict:
    """Adds :data:`EMBEDDINGS_FILE` to an exported model directory and lists it (sha256) in model.json's
    ``files``; nothing else changes (the version names model.onnx, which is untouched). Refuses a directory
    whose model.onnx does not match model.json. Returns the updated model.json content."""
    return add_listed_file(model_dir, EMBEDDINGS_FILE, lambda model, meta: item_table(
        model, meta["num_items"], meta["dim"]).astype("<f4").tobytes())


def add_listed_file(model_dir: str | Path, name: str, make) -> dict:
    """Writes ``make(model.onnx as loaded, model.json content) -> bytes`` to ``model_dir/name`` and lists its sha256
    in model.json's ``files`` (both replaced atomically); refuses a directory whose model.onnx does not match
    model.json, or whose model.json predates the ``files`` map. Returns the updated model.json content."""
    d = Path(model_dir)
    meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
    if _sha256(d / "model.onnx") != meta["sha256"]:
        raise ValueError(f"{d}/model.onnx does not match the sha256 in {d}/model.json")
    if "files" not in meta:
        raise ValueError(f"{d}/model.json has no 'files' map: export the model again")
    data = make(onnx.load(str(d / "model.onnx")), meta)
    _replace(d / name, data)
    files = dict(meta["files"])
    files[name] = hashlib.sha256(data).hexdigest()
    meta["files"] = dict(sorted(files.items()))
    _replace(d / "model.json", (json.dumps(meta, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return meta
