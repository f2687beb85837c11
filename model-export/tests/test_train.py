import numpy as np
import torch

from streamrec_model import data
from streamrec_model.evaluate import cooccurrence_scorer, evaluate, model_scorer, popularity_scorer
from streamrec_model.model import ModelConfig, SASRec
from streamrec_model.train import (PriorTable, TrainConfig, fit_transitions, length_batches, make_samples, train,
                                   transition_table)

from conftest import clustered_users


def split_of(users):
    raw = {u: [(x, 3, i) for i, x in enumerate(s)] for u, s in users.items()}
    vocab = data.build_vocab(raw)
    return data.leave_one_out(data.encode(raw, vocab)), vocab


def test_make_samples_windows():
    split = data.Split([np.arange(1, 8), np.array([5]), np.array([2, 3])], [np.full(7, 3), np.array([1]),
                       np.array([1, 2])], np.zeros((3, 2), np.int64), np.zeros((3, 2), np.int64))
    x, t, y = make_samples(split, max_len=3)
    assert x.tolist() == [[4, 5, 6], [0, 0, 2]] and y.tolist() == [[5, 6, 7], [0, 0, 3]]
    assert t.tolist() == [[3, 3, 3], [0, 0, 1]]
    x, _, y = make_samples(split, max_len=3, all_windows=True)
    # every transition of the 7-item prefix appears exactly once as a target
    assert x.tolist() == [[4, 5, 6], [1, 2, 3], [0, 0, 2]]
    assert y.tolist() == [[5, 6, 7], [2, 3, 4], [0, 0, 3]]


def test_length_batches_cover_every_sample_once():
    lengths = torch.tensor([5, 1, 3, 1, 5, 2, 4])
    batches = length_batches(lengths, 3, torch.Generator().manual_seed(0))
    assert sorted(torch.cat(batches).tolist()) == list(range(7))
    assert all(len(b) <= 3 for b in batches)


def test_training_beats_popularity_on_clustered_data():
    split, vocab = split_of(clustered_users(n_users=300, seed=1))
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=32, layers=1, heads=2, dropout=0.1))
    cfg = TrainConfig(epochs=25, batch_size=32, lr=5e-3, patience=5, seed=0)
    result = train(model, split, cfg, torch.device("cpu"), log=lambda s: None)
    model.load_state_dict(result.best_state)
    model.eval()
    m = evaluate(split, {"model": model_scorer(model, 16, torch.device("cpu")),
                         "popularity": popularity_scorer(split, len(vocab)),
                         "cooccurrence": cooccurrence_scorer(split, len(vocab))}, len(vocab))
    # 8 clusters of 10 equally popular items: popularity ~ 10/80 hits, a model that learned
    # "stay in the cluster" ~ 0.9
    assert m["model"]["ndcg"] > 2 * m["popularity"]["ndcg"] and m["model"]["ndcg"] > m["popularity"]["ndcg"] + 0.15
    assert m["model"]["hr"] > 0.5
    assert 1 <= result.best_epoch <= result.epochs <= 25


def test_sampled_loss_trains_too():
    split, vocab = split_of(clustered_users(n_users=200, seed=2))
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=32, layers=1, heads=2, dropout=0.1))
    cfg = TrainConfig(epochs=8, batch_size=32, lr=5e-3, loss="sampled", negatives=20, seed=0)
    result = train(model, split, cfg, torch.device("cpu"), log=lambda s: None)
    assert result.best_valid["hr"] > 0.4


def test_transition_table_counts_training_prefixes_only():
    tr = [np.array([1, 2, 3, 1, 2]), np.array([1, 2, 2, 4]), np.array([1, 3])]
    split = data.Split(tr, [np.full(len(x), 3) for x in tr], np.array([[4, 3], [3, 3], [2, 3]]),
                       np.array([[1, 3], [1, 3], [2, 3]]))
    items, counts, totals, pairs = transition_table(split, 4, 2)
    # 1->2 three times, 1->3, 2->3, 2->4, 3->1 once; 2->2 (a repeat) is left out; valid/test never counted
    assert pairs == 5 and items.dtype == np.int32 and items.shape == (5, 2)
    assert items.tolist() == [[0, 0], [2, 3], [3, 4], [1, 0], [0, 0]]
    assert counts.tolist() == [[0, 0], [3, 1], [1, 1], [1, 0], [0, 0]] and totals.tolist() == [0, 4, 2, 1, 0]
    _, _, totals, _ = transition_table(split, 4, 1)  # totals count successors beyond the slots too
    assert totals.tolist() == [0, 4, 2, 1, 0]


def test_leave_one_out_prior_does_not_count_the_target_itself():
    tr = [np.array([1, 2, 3, 1, 2]), np.array([1, 2, 2, 4]), np.array([1, 3])]
    split = data.Split(tr, [np.full(len(x), 3) for x in tr], np.zeros((3, 2), np.int64), np.zeros((3, 2), np.int64))
    table = PriorTable(split, 4, 2, torch.device("cpu"))
    idx, counts, totals = table.leave_one_out(torch.tensor([1, 1, 2, 2]), torch.tensor([2, 4, 2, 3]))
    assert idx.tolist() == [[2, 3], [2, 3], [3, 4], [3, 4]]
    # 1->2: its own count 3 -> 2, total 4 -> 3; 1->4 never seen (counts stay, total 4 -> 3: the pair is
    # counted nowhere in the slots but is one of 1's transitions); 2->2 is a repeat, never counted
    assert counts.tolist() == [[2, 1], [3, 1], [1, 1], [0, 1]] and totals.tolist() == [3, 3, 2, 1]


def test_learned_prior_weights():
    from streamrec_model.model import TransitionPrior
    p = TransitionPrior()
    with torch.no_grad():
        p.coef.copy_(torch.tensor([2.0, 0.5, 0.25]))
    w = p(torch.tensor([[3.0, 1.0, 0.0]]), torch.tensor([4.0]))
    expected = [2 * np.log1p(3) + 0.5 * np.log(3 / 4) + 0.25, 2 * np.log1p(1) + 0.5 * np.log(1 / 4) + 0.25, 0.0]
    np.testing.assert_allclose(w[0].detach().numpy(), expected, rtol=1e-6)


def test_transition_prior_in_the_scores():
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=6, max_len=4, dim=8, layers=1, heads=2, transitions=2)).eval()
    with torch.no_grad():
        model.trans_items[3] = torch.tensor([5, 0], dtype=torch.int32)
        model.trans_weights[3] = torch.tensor([2.5, 0.0])
    h = torch.randn(2, 8)
    plain, prior = model.score(h), model.score(h, torch.tensor([3, 1]))
    diff = prior - plain
    assert diff[0, 5] == 2.5 and (diff[0, :5] == 0).all() and (diff[1] == 0).all() and diff[0, 6] == 0


def test_test_items_never_reach_training_or_model_selection():
    """Training, early stopping and the transition prior (counts and alpha) use the training
    prefixes and the validation events only: other test targets give identical results."""
    split, vocab = split_of(clustered_users(n_users=120, seed=4))
    rng = np.random.default_rng(0)
    other = data.Split(split.train_items, split.train_types, split.valid.copy(), split.test.copy())
    has = other.test[:, 0] != 0
    other.test[has, 0] = rng.integers(1, len(vocab) + 1, int(has.sum()))
    other.test[has, 1] = rng.integers(1, 4, int(has.sum()))
    assert (other.test[:, 0] != split.test[:, 0]).any()
    runs = []
    for s in (split, other):
        torch.manual_seed(0)
        model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=16, layers=1, heads=2, dropout=0.1,
                                   transitions=5))
        result = train(model, s, TrainConfig(epochs=3, batch_size=32, lr=5e-3, seed=0), torch.device("cpu"),
                       log=lambda m: None)
        model.load_state_dict(result.best_state)
        prior = fit_transitions(model, s, torch.device("cpu"), log=lambda m: None)
        runs.append((model.state_dict(), result.best_epoch, result.best_valid, prior))
    (a, ea, va, pa), (b, eb, vb, pb) = runs
    assert ea == eb and va == vb and pa == pb
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_no_event_types_ignores_them_but_keeps_the_input():
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=9, max_len=5, dim=8, layers=1, heads=2, event_types=False)).eval()
    ids = torch.tensor([[0, 1, 2, 3, 4]])
    with torch.no_grad():
        a = model.encode(ids, torch.tensor([[0, 1, 1, 1, 1]]))
        b = model.encode(ids, torch.tensor([[0, 2, 3, 2, 3]]))
    assert torch.equal(a, b)


def test_no_event_types_model_still_exports_both_inputs(tmp_path):
    from streamrec_model import export as ex
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=9, max_len=5, dim=8, layers=1, heads=2, event_types=False)).eval()
    ex.export_onnx(ex.TopK(model, 3, trimmed=True), tmp_path / "m.onnx")  # checks the signature


def test_model_selection_scores_the_prior_as_the_model_does():
    """fit_transitions scores each alpha with the same prior code as SASRec.score (and so
    model.onnx): its validation figure for the chosen alpha is what the model itself gets on
    the validation events with that alpha and the training-prefix counts."""
    split, vocab = split_of(clustered_users(n_users=120, seed=5))
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=16, layers=1, heads=2, transitions=5))
    model.eval()
    prior = fit_transitions(model, split, torch.device("cpu"), log=lambda m: None)
    table = PriorTable(split, len(vocab), 5, torch.device("cpu"))
    with torch.no_grad():
        model.set_prior(table.items, prior["alpha"] * table.weights(model))
    val = evaluate(split, {"m": model_scorer(model, 16, torch.device("cpu"))}, len(vocab), which="valid")["m"]
    assert prior["alpha"] > 0
    assert abs(val["ndcg"] - prior["valid"][f"{prior['alpha']:g}"]["ndcg"]) < 1e-12


def test_lr_factor_warmup_then_constant_or_cosine():
    from streamrec_model.train import lr_factor
    const = TrainConfig(warmup_steps=4)
    assert [lr_factor(s, 100, const) for s in (0, 1, 3, 50, 99)] == [0.25, 0.5, 1.0, 1.0, 1.0]
    cos = TrainConfig(schedule="cosine", warmup_steps=0)
    assert lr_factor(0, 100, cos) == 1.0 and abs(lr_factor(50, 100, cos) - 0.5) < 1e-9
    assert lr_factor(100, 100, cos) < 1e-12 and lr_factor(150, 100, cos) < 1e-12  # stays at 0 past the end
    warm = TrainConfig(schedule="cosine", warmup_steps=10)
    assert lr_factor(4, 110, warm) == 0.5 and lr_factor(9, 110, warm) == 1.0
    assert abs(lr_factor(60, 110, warm) - 0.5) < 1e-9  # decay counts from the end of the warm-up


def test_smoothed_cross_entropy_leaves_padding_out():
    from streamrec_model.model import NEG
    from streamrec_model.train import smoothed_cross_entropy
    logits = torch.tensor([[NEG, 2.0, 0.0, -1.0], [NEG, 0.0, 0.0, 3.0]])
    y = torch.tensor([1, 3])
    plain = torch.nn.functional.cross_entropy(logits, y, reduction="sum")
    assert torch.allclose(smoothed_cross_entropy(logits, y, 0.0), plain)
    logp = logits.log_softmax(-1)
    want = sum(0.9 * -logp[i, y[i]] - 0.1 * logp[i, 1:].mean() for i in range(2))
    got = smoothed_cross_entropy(logits, y, 0.1)
    assert torch.allclose(got, want) and got < 100  # the padding column's -1e9 is not in it


def test_early_stopping_waits_for_both_protocols():
    from streamrec_model.train import improved
    tops = {}
    assert improved({"select": 0.1, "ndcg": 0.05, "sampled_ndcg": 0.2}, tops)
    assert improved({"select": 0.09, "ndcg": 0.04, "sampled_ndcg": 0.21}, tops)   # sampled still rising
    assert improved({"select": 0.09, "ndcg": 0.051, "sampled_ndcg": 0.2}, tops)   # full still rising
    assert not improved({"select": 0.1, "ndcg": 0.051, "sampled_ndcg": 0.21}, tops)  # ties are no gain
    assert improved({"select": 0.2, "ndcg": 0.01}, tops)                          # full-only data
    tops = {}
    assert improved({"select": 0.1, "ndcg": 0.05, "sampled_ndcg": 0.2}, tops, "select")
    assert not improved({"select": 0.09, "ndcg": 0.06, "sampled_ndcg": 0.3}, tops, "select")


def test_refit_trains_on_validation_events_but_never_test_events():
    """refit learns the validation transitions (everything before the test events); other test
    targets give identical weights."""
    from streamrec_model.train import refit
    split, vocab = split_of(clustered_users(n_users=120, seed=5))
    other = data.Split(split.train_items, split.train_types, split.valid.copy(), split.test.copy())
    has = other.test[:, 0] != 0
    other.test[has, 0] = np.random.default_rng(1).integers(1, len(vocab) + 1, int(has.sum()))
    states = []
    for s in (split, other):
        torch.manual_seed(0)
        model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=16, layers=1, heads=2, dropout=0.1,
                                   transitions=5))
        before = {k: v.clone() for k, v in model.state_dict().items()}
        secs = refit(model, s, TrainConfig(batch_size=32, refit_epochs=2, seed=0), torch.device("cpu"), 5e-3,
                     log=lambda m: None)
        assert secs > 0 and not model.training
        states.append(model.state_dict())
        assert not torch.equal(before["item_emb.weight"], model.state_dict()["item_emb.weight"])
        assert torch.equal(before["trans_weights"], model.state_dict()["trans_weights"])  # the prior is not refit
    assert all(torch.equal(states[0][k], states[1][k]) for k in states[0])
    # refit_epochs 0: nothing happens
    model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=16, layers=1, heads=2))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    assert refit(model, split, TrainConfig(refit_epochs=0), torch.device("cpu"), 1e-3) == 0.0
    assert all(torch.equal(before[k], model.state_dict()[k]) for k in before)


def test_sampled_logits_match_the_full_scores_with_history_and_log_q():
    from streamrec_model.train import log_inclusion, sample_negatives, sampled_logits, sampling_distribution
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=9, max_len=4, dim=8, layers=1, heads=2)).eval()
    with torch.no_grad():
        model.hist_bonus.normal_()
    xw = torch.tensor([[0, 3, 5, 3], [1, 2, 6, 7]])
    tw = torch.tensor([[0, 1, 2, 3], [1, 1, 1, 2]])
    hs, ys = torch.randn(2, 8), torch.tensor([3, 4])
    neg = torch.tensor([2, 3, 5, 8])
    with torch.no_grad():
        full = model.score(hs, None, (xw, tw))                          # [2, 10]
        got = sampled_logits(model, hs, ys, neg, (xw, tw))
    assert torch.allclose(got[:, 0], full[torch.arange(2), ys], atol=1e-5)
    assert torch.allclose(got[1, 1:], full[1, neg], atol=1e-5)
    assert got[0, 2] < -1e8 and torch.allclose(got[0, [1, 3, 4]], full[0, [2, 5, 8]], atol=1e-5)  # 3 = target
    # popularity sampling: every item drawable, padding never; log-Q lowers popular items more
    q = sampling_distribution(torch.tensor([[0, 1, 1, 1, 2]]), 9, "popularity")
    assert q[0] == 0 and (q[1:] > 0).all() and abs(float(q.sum()) - 1) < 1e-12 and q[1] == 4 * q[3]
    lq = log_inclusion(q, 16, torch.tensor([1, 3]))
    assert lq[0] > lq[1] and (lq <= 0).all()
    with torch.no_grad():
        corrected = sampled_logits(model, hs, ys, neg, (xw, tw), q, 16)
    assert torch.allclose(corrected[0, 0], got[0, 0] - log_inclusion(q, 16, ys[:1])[0])
    assert torch.allclose(corrected[1, 1:], got[1, 1:] - log_inclusion(q, 16, neg))
    drawn = sample_negatives(q, 50, torch.Generator().manual_seed(0), torch.device("cpu"))
    assert len(set(drawn.tolist())) == len(drawn) and 0 not in drawn.tolist()


def test_popularity_sampled_loss_trains_too():
    split, vocab = split_of(clustered_users(n_users=200, seed=2))
    torch.manual_seed(0)
    model = SASRec(ModelConfig(num_items=len(vocab), max_len=16, dim=32, layers=1, heads=2, dropout=0.1))
    cfg = TrainConfig(epochs=8, batch_size=32, lr=5e-3, loss="sampled", negatives=20, sampler="popularity", seed=0)
    result = train(model, split, cfg, torch.device("cpu"), log=lambda s: None)
    assert result.best_valid["hr"] > 0.4
