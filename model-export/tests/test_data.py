import json
from pathlib import Path

import numpy as np
import pytest

from streamrec_model import data
from streamrec_model.data import EVENT_TYPES


def test_events_reader_sorts_by_ts_and_counts_bad_lines(tmp_path):
    lines = [
        {"user": "u1", "item": "sku-3", "type": "purchase", "ts": 30},
        {"user": "u1", "item": "sku-1", "type": "click", "ts": 10, "extra": {"x": 1}},
        {"user": "u2", "item": "sku-9", "type": "cart", "ts": 5},
        {"user": "u1", "item": "sku-2a", "type": "cart", "ts": 20},
        {"user": "u1", "item": "sku-2b", "type": "click", "ts": 20},  # tie: keeps file order
    ]
    bad = ['{"user": "u1", "item": "x", "type": "click"}',          # no ts
           '{"user": "u1", "item": "x", "type": "view", "ts": 1}',  # unknown type
           '{"user": "u1", "item": "x", "type": "pad", "ts": 1}',   # padding is not an event
           '{"user": null, "item": "x", "type": "click", "ts": 1}',
           '{"user": "u1", "item": "x", "type": "click", "ts": "1"}',
           '{"user": "u1", "item": "x", "type": "click", "ts": true}',
           '[1, 2, 3]', 'not json at all', '{"user": "u1", "item": ']
    text = [json.dumps(lines[0]), bad[0], json.dumps(lines[1]), bad[1], "", json.dumps(lines[2])]
    text += bad[2:] + [json.dumps(lines[3]), "   ", json.dumps(lines[4])]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")

    raw = data.read_data(path)  # auto: .jsonl -> events
    assert raw.format == "events"
    assert raw.bad_lines == len(bad)
    assert raw.bad_examples[:2] == [2, 4]
    assert raw.users["u1"] == [("sku-1", 1, 10), ("sku-2a", 2, 20), ("sku-2b", 1, 20), ("sku-3", 3, 30)]
    assert raw.users["u2"] == [("sku-9", EVENT_TYPES["cart"], 5)]
    assert raw.interactions == 5


def test_events_reader_accepts_integer_ids(tmp_path):
    path = tmp_path / "e.json"
    path.write_text('{"user": 7, "item": 12, "type": "click", "ts": 1.0}\n', encoding="utf-8")
    raw = data.read_data(path)
    assert raw.users == {"7": [("12", 1, 1)]} and raw.bad_lines == 0


def test_sequences_reader(tmp_path):
    path = tmp_path / "seq.txt"
    path.write_text("1 10 11 12\n\nlonely\n2 12 10\n", encoding="utf-8")
    raw = data.read_data(path)
    assert raw.format == "sequences" and raw.bad_lines == 1 and raw.bad_examples == [3]
    p = EVENT_TYPES["purchase"]
    assert raw.users == {"1": [("10", p, 0), ("11", p, 1), ("12", p, 2)], "2": [("12", p, 0), ("10", p, 1)]}


def test_format_detection_and_override(tmp_path):
    assert data.detect_format("a/b.jsonl") == "events"
    assert data.detect_format("b.TXT") == "sequences"
    assert data.detect_format("b.csv") == "csv"
    with pytest.raises(ValueError):
        data.detect_format("b.tsv")
    path = tmp_path / "seq.data"
    path.write_text("u a b\n", encoding="utf-8")
    assert data.read_data(path, "sequences").users["u"][1][0] == "b"


def test_vocab_min_count_and_encode():
    users = {"u1": [("a", 1, 0), ("b", 3, 1), ("a", 2, 2)], "u2": [("c", 1, 0)], "u3": [("b", 1, 0)]}
    vocab = data.build_vocab(users)
    assert vocab.items == ["<pad>", "a", "b", "c"] and len(vocab) == 3
    vocab2 = data.build_vocab(users, min_count=2)
    assert vocab2.items == ["<pad>", "a", "b"]
    seqs = data.encode(users, vocab2)
    assert seqs.users == ["u1", "u3"] and seqs.dropped == 1
    assert seqs.items[0].tolist() == [1, 2, 1] and seqs.types[0].tolist() == [1, 3, 2]
    assert seqs.items[0].dtype == np.int64


def test_leave_one_out_split():
    users = {"long": [(x, 3, i) for i, x in enumerate("abcde")], "short": [("a", 1, 0), ("b", 2, 1)]}
    vocab = data.build_vocab(users)
    split = data.leave_one_out(data.encode(users, vocab))
    assert split.train_items[0].tolist() == [1, 2, 3]
    assert split.valid[0].tolist() == [4, 3] and split.test[0].tolist() == [5, 3]
    assert split.train_items[1].tolist() == [1, 2] and split.train_types[1].tolist() == [1, 2]
    assert split.valid[1].tolist() == [0, 0] and split.test[1].tolist() == [0, 0]
    assert split.eval_users("test").tolist() == [0]
    items, types = split.inputs("test", np.array([0]))
    assert items[0].tolist() == [1, 2, 3, 4] and types[0].tolist() == [3, 3, 3, 3]
    items, _ = split.inputs("valid", np.array([0]))
    assert items[0].tolist() == [1, 2, 3]


def test_left_pad_keeps_the_most_recent():
    out = data.left_pad([np.array([1, 2, 3, 4]), np.array([5]), np.array([], np.int64)], 3)
    assert out.tolist() == [[2, 3, 4], [0, 0, 5], [0, 0, 0]] and out.dtype == np.int64


BEAUTY = Path(__file__).resolve().parents[3] / "shared" / "data" / "amazon-beauty" / "Beauty.txt"


@pytest.mark.skipif(not BEAUTY.exists(), reason=f"{BEAUTY} not present (shared data set)")
def test_beauty_file_statistics():
    raw = data.read_data(BEAUTY)
    vocab = data.build_vocab(raw.users)
    split = data.leave_one_out(data.encode(raw.users, vocab))
    assert (len(raw.users), len(vocab), raw.interactions, raw.bad_lines) == (22363, 12101, 198502, 0)
    assert len(split.eval_users("test")) == 22363  # 5-core: every user has >= 5 events


def test_before_test_appends_the_validation_event_only():
    raw = {"a": [("x", 1, 0), ("y", 2, 1), ("z", 3, 2), ("w", 1, 3)], "b": [("x", 3, 0), ("y", 3, 1)]}
    vocab = data.build_vocab(raw)
    split = data.leave_one_out(data.encode(raw, vocab))
    bt = data.before_test(split)
    assert bt.train_items[0].tolist() == [1, 2, 3] and bt.train_types[0].tolist() == [1, 2, 3]
    assert bt.train_items[1].tolist() == [1, 2]  # fewer than 3 events: training only, nothing appended
    assert (bt.test == split.test).all() and (bt.valid == split.valid).all()


def test_read_csv_events_maps_behaviours_and_sorts(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("user,item,behavior,ts\n0,3,view,20\n0,1,cart,10\n0,1,buy,20\n1,2,like,5\n1,2,view,x\n"
                    "1,2,view,7\n\n", encoding="utf-8")
    raw = data.read_data(path)
    assert raw.format == "csv" and raw.lines == 6 and raw.bad_lines == 2 and raw.bad_examples == [5, 6]
    # sorted by ts, equal times keep file order; view -> click (1), cart -> cart (2), buy -> purchase (3)
    assert raw.users == {"0": [("1", 2, 10), ("3", 1, 20), ("1", 3, 20)], "1": [("2", 1, 7)]}
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        data.read_data(bad)
