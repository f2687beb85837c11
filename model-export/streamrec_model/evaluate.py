"""Ranking metrics (HR@K, NDCG@K) for the model and two baselines.

Protocol ``full`` (default, as in S3-Rec/TIGER): the target is ranked against ALL N
items; the user's history is NOT excluded. Protocol ``sampled``: the target is ranked
against 100 items drawn uniformly from those the user never interacted with.
Ties are broken by item index (the lower index ranks first), so results are
deterministic and a constant scorer is not rewarded.

A *scorer* maps a batch of input sequences (lists of int64 arrays of item indexes and
event types) to float scores [B, N + 1] (column 0 = padding, never ranked).
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch

from .data import Split, left_pad, successor_counts

Scorer = Callable[[list, list], torch.Tensor]
SAMPLED_NEGATIVES = 100


def ranks(scores: torch.Tensor, targets: torch.Tensor, candidates: torch.Tensor | None = None) -> torch.Tensor:
    """0-based rank of each target. scores float [B, N + 1], targets int64 [B].

    With ``candidates`` (int64 [B, C], column 0 = the target) only those are ranked.
    Returns int64 [B].
    """
    if candidates is None:
        candidates = torch.arange(scores.shape[1], device=scores.device).expand(len(scores), -1)
        candidates = candidates[:, 1:]  # never rank padding
    s = scores.gather(1, candidates)
    t = scores.gather(1, targets[:, None])
    ahead = (s > t) | ((s == t) & (candidates < targets[:, None]))
    return ahead.sum(1)


def hr_ndcg(rank: np.ndarray, k: int) -> dict:
    """HR@k and NDCG@k (one relevant item per user) from 0-based ranks int [U]."""
    rank = np.asarray(rank)
    hit = rank < k
    if len(rank) == 0:
        return {"hr": 0.0, "ndcg": 0.0}
    gains = np.where(hit, 1.0 / np.log2(rank + 2.0), 0.0)
    return {"hr": float(hit.mean()), "ndcg": float(gains.mean())}


# ---------------------------------------------------------------- scorers

def model_scorer(model, max_len: int, device: torch.device, prior: bool = True) -> Scorer:
    """Scores from the model: left-pad to ``max_len``, encode, dot with the item table, plus the
    history bonus and the transition prior of the last item (``prior=False``: without the
    counted prior, i.e. the learned part alone)."""
    def score(items: list, types: list) -> torch.Tensor:
        width = max(1, min(max_len, max(len(s) for s in items)))  # positions count from the end
        x = torch.from_numpy(left_pad(items, width)).to(device)
        t = torch.from_numpy(left_pad(types, width)).to(device)
        with torch.no_grad():
            return model.score(model.encode(x, t), x[:, -1] if prior else None, (x, t))
    return score


def item_counts(split: Split, num_items: int) -> np.ndarray:
    """Interactions per item in the training prefixes: int64 [N + 1] (0 at padding)."""
    seqs = [x for x in split.train_items if len(x)]
    counts = np.bincount(np.concatenate(seqs) if seqs else np.zeros(0, np.int64), minlength=num_items + 1)
    counts[0] = 0
    return counts


def popularity_scorer(split: Split, num_items: int) -> Scorer:
    """Most interacted items in the training prefixes, the same for every user."""
    pop = torch.from_numpy(item_counts(split, num_items).astype(np.float64))
    pop[0] = -math.inf

    def score(items: list, types: list) -> torch.Tensor:
        return pop.expand(len(items), -1)
    return score


def cooccurrence_scorer(split: Split, num_items: int) -> Scorer:
    """Items that most often directly follow the user's last item in the training
    prefixes; popularity breaks ties and fills the rest of the ranking."""
    counts = item_counts(split, num_items).astype(np.float64)
    src, dst, n = successor_counts(split.train_items, num_items)
    bounds = np.searchsorted(src, np.arange(num_items + 2))  # src is sorted
    base = counts / (counts.max() + 1.0)  # < 1: only breaks ties between co-occurrence counts
    base[0] = -math.inf

    def score(items: list, types: list) -> torch.Tensor:
        out = np.tile(base, (len(items), 1))
        for row, seq in zip(out, items):
            if len(seq):
                lo, hi = bounds[seq[-1]], bounds[seq[-1] + 1]
                row[dst[lo:hi]] += n[lo:hi]
        return torch.from_numpy(out)
    return score


# ---------------------------------------------------------------- protocol

def sample_candidates(targets: np.ndarray, histories: list, num_items: int,
                      rng: np.random.Generator, n: int = SAMPLED_NEGATIVES) -> np.ndarray:
    """[target, n uniform items the user never interacted with]: int64 [B, 1 + n]."""
    out = np.zeros((len(targets), 1 + n), np.int64)
    for row, target, seen in zip(out, targets, histories):
        seen = set(seen.tolist()) | {int(target)}
        if num_items - len(seen) < n:
            raise ValueError(f"the sampled protocol needs {n} items a user never interacted with")
        negs = []
        while len(negs) < n:
            for c in rng.integers(1, num_items + 1, size=2 * n).tolist():
                if c not in seen and len(negs) < n:
                    negs.append(c)
                    seen.add(c)  # without replacement
        row[0], row[1:] = target, negs
    return out


class Validation:
    """Model selection on the validation events with both protocols: full ranking and the
    target among 100 sampled items the user never interacted with before the test event
    (candidates drawn once, with ``seed``; the test items are never looked at). The
    selection score is the geometric mean of the two NDCG@k, so neither protocol is
    sacrificed to the other; without room for 100 negatives it is the full NDCG@k."""

    def __init__(self, split: Split, num_items: int, k: int = 10, seed: int = 0, batch_size: int = 256):
        users = split.eval_users("valid")
        self.users = users[np.argsort([len(split.train_items[u]) for u in users], kind="stable")]
        self.split, self.k, self.batch_size = split, k, batch_size
        self.targets = split.valid[self.users, 0]
        hist = [np.append(split.train_items[u], split.valid[u, 0]) for u in self.users]
        longest = max((len(set(h.tolist())) for h in hist), default=0)
        self.candidates = None
        if num_items - longest >= SAMPLED_NEGATIVES:
            self.candidates = sample_candidates(self.targets, hist, num_items, np.random.default_rng(seed))

    def batches(self):
        """(slice, items, types, targets int64 [B], candidates int64 [B, 101] or None) per batch."""
        for start in range(0, len(self.users), self.batch_size):
            sl = slice(start, start + self.batch_size)
            items, types = self.split.inputs("valid", self.users[sl])
            cand = None if self.candidates is None else torch.from_numpy(self.candidates[sl])
            yield sl, items, types, torch.from_numpy(self.targets[sl]), cand

    def summary(self, full: list, sampled: list) -> dict:
        """Metrics from per-batch ranks: ``{"hr", "ndcg", "sampled_hr", "sampled_ndcg", "select"}``."""
        m = hr_ndcg(np.concatenate(full) if full else np.zeros(0, np.int64), self.k)
        if self.candidates is None:
            return {**m, "select": m["ndcg"]}
        s = hr_ndcg(np.concatenate(sampled), self.k)
        return {**m, "sampled_hr": s["hr"], "sampled_ndcg": s["ndcg"], "select": math.sqrt(m["ndcg"] * s["ndcg"])}

    def run(self, scorer: Scorer) -> dict:
        full, sampled = [], []
        for _, items, types, tgt, cand in self.batches():
            s = scorer(items, types)
            full.append(ranks(s, tgt.to(s.device)).cpu().numpy())
            if cand is not None:
                sampled.append(ranks(s, tgt.to(s.device), cand.to(s.device)).cpu().numpy())
        return self.summary(full, sampled)


def evaluate(split: Split, scorers: dict[str, Scorer], num_items: int, *, which: str = "test",
             k: int = 10, protocol: str = "full", batch_size: int = 256, seed: int = 0,
             histories: list | None = None) -> dict:
    """Metrics of each scorer on the ``which`` ("test"/"valid") targets of ``split``.

    Returns ``{"protocol", "k", "split", "users", <scorer name>: {"hr", "ndcg"}, ...}``.
    ``histories`` (all events per user, int64 arrays) is needed for ``sampled``.
    """
    if protocol not in ("full", "sampled"):
        raise ValueError(f"unknown protocol {protocol!r}")
    users = split.eval_users(which)
    users = users[np.argsort([len(split.train_items[u]) for u in users], kind="stable")]  # less padding
    targets = getattr(split, which)[users, 0]
    rng = np.random.default_rng(seed)
    all_ranks = {name: [] for name in scorers}
    for start in range(0, len(users), batch_size):
        batch = users[start:start + batch_size]
        items, types = split.inputs(which, batch)
        tgt = torch.from_numpy(targets[start:start + batch_size])
        cand = None
        if protocol == "sampled":
            if histories is None:
                raise ValueError("the sampled protocol needs the users' histories")
            cand = torch.from_numpy(sample_candidates(tgt.numpy(), [histories[u] for u in batch], num_items, rng))
        for name, scorer in scorers.items():
            s = scorer(items, types)
            dev = s.device
            all_ranks[name].append(ranks(s, tgt.to(dev), None if cand is None else cand.to(dev)).cpu().numpy())
    result = {"protocol": protocol, "k": k, "split": which, "users": int(len(users))}
    for name, r in all_ranks.items():
        result[name] = hr_ndcg(np.concatenate(r) if r else np.zeros(0, np.int64), k)
    return result


def after_type(split: Split, scorer: Scorer, event_type: int, k: int = 10, batch_size: int = 256,
               target: bool = False) -> dict:
    """The ``scorer`` on the test users whose last input event has ``event_type`` (e.g. a
    cart): HR@k, NDCG@k and ``same_in_topk``, the share of them whose top-k contains that
    last item itself. ``target``: the test users whose test event (the target) has
    ``event_type`` instead (e.g. next purchase). Returns ``{"users", "hr", "ndcg", "same_in_topk"}``."""
    users = split.eval_users("test")
    users = users[(split.test if target else split.valid)[users, 1] == event_type]  # test input ends with valid
    r, same = [], []
    for start in range(0, len(users), batch_size):
        batch = users[start:start + batch_size]
        items, types = split.inputs("test", batch)
        s = scorer(items, types)
        r.append(ranks(s, torch.from_numpy(split.test[batch, 0]).to(s.device)).cpu().numpy())
        top = torch.topk(s[:, 1:], k, dim=1).indices.cpu() + 1
        same.append((top == torch.from_numpy(split.valid[batch, 0])[:, None]).any(1).numpy())
    out = {"users": int(len(users)), **hr_ndcg(np.concatenate(r) if r else np.zeros(0, np.int64), k)}
    out["same_in_topk"] = float(np.concatenate(same).mean()) if same else 0.0
    return out


def format_table(metrics: dict) -> str:
    """Human-readable table of a metrics dict from :func:`evaluate`."""
    k = metrics["k"]
    names = [n for n, v in metrics.items() if isinstance(v, dict)]
    lines = [f"{metrics['split']} users: {metrics['users']}, protocol: {metrics['protocol']} ranking",
             f"{'method':<16}{'HR@' + str(k):>10}{'NDCG@' + str(k):>10}"]
    lines += [f"{n:<16}{metrics[n]['hr']:>10.4f}{metrics[n]['ndcg']:>10.4f}" for n in names]
    return "\n".join(lines)
