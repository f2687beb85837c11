import math

import numpy as np
import pytest
import torch

from streamrec_model import data
from streamrec_model.evaluate import (cooccurrence_scorer, evaluate, hr_ndcg, popularity_scorer, ranks,
                                      sample_candidates)


def test_ranks_break_ties_by_index_and_skip_padding():
    scores = torch.tensor([[9.0, 0.5, 0.7, 0.5, 0.1],
                           [9.0, 0.2, 0.2, 0.2, 0.2]])
    # row 0: target 3 (0.5) is behind item 2 (0.7) and tied item 1 (lower index) -> rank 2
    # row 1: all tied, target 1 has the lowest index -> rank 0; padding (9.0) never counts
    assert ranks(scores, torch.tensor([3, 1])).tolist() == [2, 0]
    cand = torch.tensor([[3, 4, 2], [4, 1, 2]])  # column 0 is the target
    assert ranks(scores, torch.tensor([3, 4]), cand).tolist() == [1, 2]


def test_hr_ndcg_by_hand():
    m = hr_ndcg(np.array([0, 1, 10, 3]), k=10)
    assert math.isclose(m["hr"], 3 / 4)
    assert math.isclose(m["ndcg"], (1 + 1 / math.log2(3) + 1 / math.log2(5)) / 4)
    assert hr_ndcg(np.array([9, 10]), k=10)["hr"] == 0.5


def tiny_split():
    # training prefixes: u1 a b a | u2 b c | u3 a c b ; test/valid items follow
    users = {"u1": list("aba") + ["d", "b"], "u2": list("bc") + ["a", "c"], "u3": list("acb") + ["c", "d"]}
    raw = {u: [(x, 3, i) for i, x in enumerate(s)] for u, s in users.items()}
    vocab = data.build_vocab(raw)  # a=1 b=2 d=3 c=4
    return data.leave_one_out(data.encode(raw, vocab)), vocab


def test_popularity_baseline_by_hand():
    split, vocab = tiny_split()
    assert vocab.items == ["<pad>", "a", "b", "d", "c"]
    # training counts: a 3, b 3, c 2, d 0 -> ranking a, b, c, d (tie a/b by index)
    # test targets: u1 b (rank 1), u2 c (rank 2), u3 d (rank 3)
    m = evaluate(split, {"popularity": popularity_scorer(split, 4)}, 4, which="test", k=2)
    assert m["users"] == 3
    assert math.isclose(m["popularity"]["hr"], 1 / 3)
    assert math.isclose(m["popularity"]["ndcg"], (1 / math.log2(3)) / 3)
    assert list(m) == ["protocol", "k", "split", "users", "popularity"]


def test_cooccurrence_baseline_by_hand():
    split, _ = tiny_split()
    # training transitions: a->b 2, b->a 1, b->c 1, a->c 1, c->b 1
    # test inputs end with the validation item: u1 d, u2 a, u3 c
    # u1: d has no successors -> popularity a, b, c, d: target b rank 1
    # u2: a -> b (2), c (1), then a, d: target c rank 1
    # u3: c -> b (1), then a, c, d by popularity: target d rank 3
    m = evaluate(split, {"cooccurrence": cooccurrence_scorer(split, 4)}, 4, which="test", k=2)
    assert math.isclose(m["cooccurrence"]["hr"], 2 / 3)
    assert math.isclose(m["cooccurrence"]["ndcg"], (2 / math.log2(3)) / 3)


def test_sampled_candidates_are_unseen_and_distinct():
    rng = np.random.default_rng(0)
    hist = [np.arange(1, 51), np.array([3])]
    cand = sample_candidates(np.array([7, 3]), hist, 200, rng, n=100)
    assert cand.shape == (2, 101) and cand[:, 0].tolist() == [7, 3]
    for row, h in zip(cand, hist):
        assert not set(row[1:].tolist()) & set(h.tolist())
        assert len(set(row[1:].tolist())) == 100 and row[1:].min() >= 1 and row[1:].max() <= 200
    with pytest.raises(ValueError):
        sample_candidates(np.array([7]), [np.arange(1, 120)], 200, rng, n=100)
