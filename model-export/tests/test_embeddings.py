import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from streamrec_model.__main__ import main
from streamrec_model.embeddings import EMBEDDINGS_FILE, add_to_model_dir, read_embeddings

from test_export import DIM, N, do_export, make_model

BUNDLED = Path(__file__).resolve().parents[2] / "streams-app" / "model"


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    model = make_model(seed=3)
    out = tmp_path_factory.mktemp("emb") / "model"
    do_export(model, out)
    return model, out


def test_export_writes_the_item_table_and_lists_it(exported):
    model, out = exported
    table = read_embeddings(out / EMBEDDINGS_FILE, N, DIM)
    np.testing.assert_array_equal(table, model.item_emb.weight.detach().numpy())
    assert not table[0].any(), "row 0 is the padding item"
    assert (out / EMBEDDINGS_FILE).stat().st_size == (N + 1) * DIM * 4
    meta = json.loads((out / "model.json").read_text())
    assert meta["files"][EMBEDDINGS_FILE] == sha(out / EMBEDDINGS_FILE)


def test_embeddings_command_adds_the_file_to_an_older_directory_without_retraining(exported, tmp_path, capsys):
    _, out = exported
    older = tmp_path / "older"
    older.mkdir()
    for f in out.iterdir():
        if f.name != EMBEDDINGS_FILE:
            (older / f.name).write_bytes(f.read_bytes())
    meta = json.loads((older / "model.json").read_text())
    del meta["files"][EMBEDDINGS_FILE]  # what a directory exported before the file existed says
    (older / "model.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    onnx_before = sha(older / "model.onnx")

    main(["embeddings", str(older)])

    assert "listed it in model.json" in capsys.readouterr().err
    assert (older / EMBEDDINGS_FILE).read_bytes() == (out / EMBEDDINGS_FILE).read_bytes()
    after = json.loads((older / "model.json").read_text())
    assert after["files"][EMBEDDINGS_FILE] == sha(older / EMBEDDINGS_FILE)
    assert list(after["files"]) == sorted(after["files"])
    assert {k: v for k, v in after.items() if k != "files"} == {k: v for k, v in meta.items() if k != "files"}
    assert {k: v for k, v in after["files"].items() if k != EMBEDDINGS_FILE} == meta["files"]
    assert sha(older / "model.onnx") == onnx_before
    assert not [f.name for f in older.iterdir() if f.name.startswith(".")], "no temporary files left"

    main(["embeddings", str(older)])  # again: the same bytes, the same model.json
    assert json.loads((older / "model.json").read_text()) == after


def test_embeddings_command_refuses_a_model_onnx_that_model_json_does_not_name(exported, tmp_path):
    _, out = exported
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in out.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.onnx").write_bytes((broken / "model.onnx").read_bytes() + b"x")
    before = (broken / "model.json").read_bytes()
    with pytest.raises(SystemExit, match="does not match"):
        main(["embeddings", str(broken)])
    assert (broken / "model.json").read_bytes() == before


def test_bundled_model_directory_ships_its_item_table():
    """streams-app/model got the file from its own model.onnx (``embeddings``), listed in model.json."""
    meta = json.loads((BUNDLED / "model.json").read_text())
    assert meta["files"][EMBEDDINGS_FILE] == sha(BUNDLED / EMBEDDINGS_FILE)
    assert meta["sha256"] == sha(BUNDLED / "model.onnx")
    import onnx
    from streamrec_model.embeddings import item_table
    want = item_table(onnx.load(str(BUNDLED / "model.onnx")), meta["num_items"], meta["dim"])
    np.testing.assert_array_equal(read_embeddings(BUNDLED / EMBEDDINGS_FILE, meta["num_items"], meta["dim"]), want)
