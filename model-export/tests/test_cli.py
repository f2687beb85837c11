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
    assert set(subs) == {"train", "evaluate", "export"}
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
    assert list(metrics) == ["protocol", "k", "split", "users", "model", "popularity", "cooccurrence"]
    assert metrics["users"] == 150 and metrics["protocol"] == "full" and metrics["k"] == 10
    meta = json.loads((out / "model.json").read_text())
    assert meta["training"]["format"] == "events" and meta["training"]["bad_lines"] == 1
    assert meta["metrics"] == metrics and meta["k"] == 20 and meta["name"] == "cli-test"

    with pytest.raises(SystemExit):  # existing output directory
        main(["train", "--data", str(path), "--out", str(out)] + common)

    main(["evaluate", "--model", str(out), "--data", str(path), "--threads", "2"])
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again == metrics  # same data, same split: same numbers

    main(["evaluate", "--model", str(out), "--data", str(path), "--protocol", "sampled", "--threads", "2"])
    sampled = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert sampled["protocol"] == "sampled" and sampled["model"]["hr"] >= metrics["model"]["hr"]

    main(["export", "--checkpoint", str(out / "checkpoint.pt"), "--out", str(tmp_path / "re"),
          "--no-checkpoint", "--export-k", "5"])
    re_meta = json.loads((tmp_path / "re" / "model.json").read_text())
    assert re_meta["k"] == 5 and re_meta["name"] == "cli-test" and not (tmp_path / "re" / "checkpoint.pt").exists()
    assert (tmp_path / "re" / "items.txt").read_text() == (out / "items.txt").read_text()
