import json
import re

import pytest

from streamrec_model.__main__ import main, parser

from conftest import clustered_users


def option_strings(sub):
    return {o for a in sub._actions for o in a.option_strings if o.startswith("--")}


def test_every_option_has_help():
    p = parser()
    subs = next(a for a in p._actions if a.dest == "command").choices
    assert set(subs) == {"train", "evaluate", "export", "random", "table", "embeddings", "encoder",
                         "gpu-ceiling"}
    for name, sub in subs.items():
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings} has no help"
        text = sub.format_help()
        assert all(opt in text for opt in option_strings(sub))


def test_train_evaluate_export_end_to_end(tmp_path, capsys):
    users = clustered_users(n_users=150, per_cluster=20, seed=3)  # 160 items: room for 100 negatives
    lines = []
    for u, items in users.items():
        for t, item in enumerate(items):
            lines.append(json.dumps({"user": u, "item": item, "type": ["click", "cart", "purchase"][t % 3],
                                     "ts": 1_732_900_000_000 + 1000 * t, "session": "s"}))
    lines.insert(5, "{broken")
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    common = ["--max-len", "12", "--dim", "16", "--layers", "1", "--epochs", "3", "--batch-size", "32",
              "--threads", "2", "--export-k", "20", "--name", "cli-test"]
    main(["train", "--data", str(path), "--out", str(out)] + common)
    captured = capsys.readouterr()
    assert "1 bad lines" in captured.err
    assert re.search(r"epoch +1 +loss [0-9.]+ +val HR@10 [0-9.]+ +NDCG@10 [0-9.]+", captured.out)
    metrics = json.loads(captured.out.strip().splitlines()[-1])
    assert list(metrics) == ["protocol", "k", "split", "users", "model", "learned", "popularity", "cooccurrence",
                            "cooccurrence_tv", "sampled", "after_cart", "next_purchase"]
    assert metrics["sampled"]["protocol"] == "sampled" and "learned" in metrics["sampled"]
    assert 0 < metrics["next_purchase"]["model"]["users"] < 150  # the users whose test event is a purchase
    assert metrics["after_cart"]["model"]["users"] > 0 and "carted item itself in the top 10" in captured.out
    assert metrics["users"] == 150 and metrics["protocol"] == "full" and metrics["k"] == 10
    meta = json.loads((out / "model.json").read_text())
    assert meta["training"]["format"] == "events" and meta["training"]["bad_lines"] == 1
    assert meta["metrics"] == metrics and meta["k"] == 20 and meta["name"] == "cli-test"
    prior = meta["training"]["transition_prior"]
    assert prior["slots"] == 20 and prior["alpha"] in [float(a) for a in prior["valid"]]
    assert "transition prior: alpha 0: " in captured.out

    with pytest.raises(SystemExit):  # existing output directory
        main(["train", "--data", str(path), "--out", str(out)] + common)

    main(["evaluate", "--model", str(out), "--data", str(path), "--threads", "2"])
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again == metrics  # same data, same split: same numbers

    main(["evaluate", "--model", str(out), "--data", str(path), "--protocol", "sampled", "--threads", "2"])
    sampled = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert sampled["protocol"] == "sampled" and sampled["model"]["hr"] >= metrics["model"]["hr"]

    main(["table", str(out), str(out)])
    table = capsys.readouterr().out
    assert "| model | " in table and "± 0.0000" in table and "next event a purchase" in table

    main(["export", "--checkpoint", str(out / "checkpoint.pt"), "--out", str(tmp_path / "re"),
          "--no-checkpoint", "--export-k", "5"])
    re_meta = json.loads((tmp_path / "re" / "model.json").read_text())
    assert re_meta["k"] == 5 and re_meta["name"] == "cli-test" and not (tmp_path / "re" / "checkpoint.pt").exists()
    assert (tmp_path / "re" / "items.txt").read_text() == (out / "items.txt").read_text()

    # export --data refits the prior (here with 3 slots) and re-evaluates on the data's test split
    main(["export", "--checkpoint", str(out / "checkpoint.pt"), "--out", str(tmp_path / "refit"),
          "--data", str(path), "--transitions", "3", "--threads", "2"])
    refit = json.loads((tmp_path / "refit" / "model.json").read_text())
    assert refit["training"]["transition_prior"]["slots"] == 3 and refit["metrics"]["users"] == 150
    main(["evaluate", "--model", str(tmp_path / "refit"), "--data", str(path), "--threads", "2"])
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == refit["metrics"]

    # export --refit-epochs trains a checkpoint without refit on training prefixes + validation events, once
    src = out if not meta["training"]["hyperparameters"]["refit_epochs"] else tmp_path / "plain"
    if src != out:
        main(["train", "--data", str(path), "--out", str(src), "--refit-epochs", "0"] + common)
    main(["export", "--checkpoint", str(src / "checkpoint.pt"), "--out", str(tmp_path / "rf"),
          "--data", str(path), "--refit-epochs", "1", "--threads", "2"])
    rf = json.loads((tmp_path / "rf" / "model.json").read_text())
    assert rf["training"]["hyperparameters"]["refit_epochs"] == 1 and "refit epoch 1 " in capsys.readouterr().out
    main(["evaluate", "--model", str(tmp_path / "rf"), "--data", str(path), "--threads", "2"])
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == rf["metrics"]
    with pytest.raises(SystemExit):
        main(["export", "--checkpoint", str(tmp_path / "rf" / "checkpoint.pt"), "--out", str(tmp_path / "rf2"),
              "--data", str(path), "--refit-epochs", "1", "--threads", "2"])


def test_random_model_directory(tmp_path):
    """`random`: an untrained model over item-1..item-N, a complete directory that the numpy
    ONNX interpreter reproduces (parity.json) and that has no checkpoint unless asked."""
    import numpy as np
    import onnx
    import onnx_numpy
    out = tmp_path / "rnd"
    main(["random", "--items", "300", "--out", str(out), "--dim", "16", "--layers", "2", "--heads", "2",
          "--max-len", "10", "--export-k", "20", "--seed", "7", "--threads", "1"])
    assert sorted(p.name for p in out.iterdir()) == ["item_embeddings.f32", "items.txt", "metrics.json", "model.json",
                                                    "model.onnx", "parity.json"]
    meta = json.loads((out / "model.json").read_text())
    assert (meta["num_items"], meta["dim"], meta["max_len"], meta["k"]) == (300, 16, 10, 20)
    assert meta["name"] == "random" and meta["training"]["format"] == "random" and meta["training"]["seed"] == 7
    assert meta["popular_items"][:2] == ["item-1", "item-2"] and len(meta["popular_items"]) == 200
    lines = (out / "items.txt").read_text().split("\n")
    assert lines[0] == "<pad>" and lines[1] == "item-1" and lines[300] == "item-300" and len(lines) == 302
    p = json.loads((out / "parity.json").read_text())
    ids = np.array([c["item_ids"] for c in p["cases"]], np.int64)
    ev = np.array([c["event_types"] for c in p["cases"]], np.int64)
    items, scores, vec = onnx_numpy.run(onnx.load(str(out / "model.onnx")), {"item_ids": ids, "event_types": ev})
    np.testing.assert_allclose(scores, [c["top_scores"] for c in p["cases"]], atol=1e-4)
    assert len({tuple(r) for r in items.tolist()}) > len(items) // 2  # random weights: rows differ
    # same seed, same weights: the same model.onnx
    main(["random", "--items", "300", "--out", str(tmp_path / "again"), "--dim", "16", "--max-len", "10",
          "--export-k", "20", "--seed", "7", "--threads", "1", "--checkpoint"])
    again = json.loads((tmp_path / "again" / "model.json").read_text())
    assert again["sha256"] == meta["sha256"] and (tmp_path / "again" / "checkpoint.pt").exists()
