"""Training: next-item prediction at every non-padding position.

Loss ``full``: softmax cross-entropy over the whole catalog, computed in chunks of
positions (each chunk's logits stay under ~24 MB: on CPU this avoids a page-faulting
allocation per large tensor and keeps memory flat). Loss ``sampled``: softmax over the
target and the distinct items of ``negatives`` draws shared by the batch (accidental hits
masked), drawn uniformly or by popularity with the log-Q correction (``sampler``).
Early stopping on the validation selection score; the best state dict is kept in memory.
After selection, :func:`refit` trains the selected model a few epochs on everything before
the test events (training prefixes + validation events).
"""
from __future__ import annotations

import copy
import ctypes
import math
import os
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .data import Split, before_test, left_pad, successor_counts
from .evaluate import Validation, model_scorer, ranks
from .model import NEG, SASRec, add_prior

TRANSITION_ALPHAS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0)  # counted prior
PRIOR_SCALES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0)  # multiples of the learned prior


@dataclass
class TrainConfig:
    epochs: int = 200
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 0.1
    warmup_steps: int = 0
    patience: int = 5         # evaluations without improvement before stopping
    eval_every: int = 1       # epochs between validation evaluations
    loss: str = "full"        # full | sampled
    negatives: int = 1024     # draws per batch for loss=sampled
    sampler: str = "uniform"  # loss=sampled: uniform | popularity (with log-Q correction)
    all_windows: bool = False  # also train on windows older than the last max_len+1 events
    label_smoothing: float = 0.0
    schedule: str = "constant"  # constant | cosine (to 0 at ``epochs``, after the warm-up)
    stop: str = "select"      # early stopping watches: the selection score | "all": it and both protocols' NDCG
    refit_epochs: int = 2     # after selection: epochs on everything before the test events (see refit)
    seed: int = 42

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class TrainResult:
    best_state: dict          # state dict (CPU tensors) of the best validation epoch
    best_epoch: int
    best_valid: dict          # validation metrics at best_epoch
    epochs: int               # epochs run
    seconds: float
    best_lr: float = 0.0      # learning rate at the end of best_epoch


def lr_factor(step: int, total: int, cfg: TrainConfig) -> float:
    """Multiplier of ``cfg.lr`` at optimizer step ``step`` (0-based) of ``total``: linear warm-up
    over ``cfg.warmup_steps``, then constant or (``schedule="cosine"``) a cosine decay to 0 at ``total``."""
    if cfg.schedule not in ("constant", "cosine"):
        raise ValueError(f"unknown schedule {cfg.schedule!r}")
    warm = min(1.0, (step + 1) / cfg.warmup_steps) if cfg.warmup_steps else 1.0
    if cfg.schedule == "constant":
        return warm
    done = min(1.0, max(0, step - cfg.warmup_steps) / max(1, total - cfg.warmup_steps))
    return warm * 0.5 * (1.0 + math.cos(math.pi * done))


def smoothed_cross_entropy(logits: torch.Tensor, targets: torch.Tensor, eps: float) -> torch.Tensor:
    """Summed cross-entropy with label smoothing ``eps`` spread over the real items 1..N only
    (column 0, padding, has score NEG and gets no mass). logits float [P, N + 1], targets int64 [P]."""
    if not eps:
        return F.cross_entropy(logits, targets, reduction="sum")
    logp = logits.log_softmax(-1)
    nll = -logp.gather(1, targets[:, None]).squeeze(1)
    return ((1.0 - eps) * nll - eps * logp[:, 1:].mean(1)).sum()


def setup_runtime(threads: int | None, device: str = "auto") -> torch.device:
    """Thread count, malloc tuning (glibc) and device choice ("auto": CUDA when present)."""
    torch.set_num_threads(threads or os.cpu_count() or 1)
    try:  # keep freed blocks <= 32 MB in the heap instead of unmapping/faulting them again
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1 << 30)           # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: this torch has no CUDA device available")
    return torch.device(device)


def make_samples(split: Split, max_len: int, all_windows: bool = False):
    """Training windows of max_len+1 events from each user's training prefix.

    Returns (inputs int64 [S, L], types int64 [S, L], targets int64 [S, L]), left-padded;
    ``targets[:, j]`` is the item after position j (0 = no loss at j).
    """
    xs, ts, ys = [], [], []
    for items, types in zip(split.train_items, split.train_types):
        end = len(items)
        while end >= 2:
            start = max(0, end - max_len - 1)
            xs.append(items[start:end - 1])
            ts.append(types[start:end - 1])
            ys.append(items[start + 1:end])
            if not all_windows:
                break
            end -= max_len
    return left_pad(xs, max_len), left_pad(ts, max_len), left_pad(ys, max_len)


def length_batches(lengths: torch.Tensor, batch_size: int, gen: torch.Generator) -> list[torch.Tensor]:
    """Sample indexes in batches of similar length (random within a length), batches in
    random order: most users are short, so this saves most of the padding work."""
    order = torch.randperm(len(lengths), generator=gen)
    order = order[torch.sort(lengths[order], stable=True).indices]
    chunks = order.split(batch_size)
    return [chunks[i] for i in torch.randperm(len(chunks), generator=gen)]


def chunk_rows(num_items: int, device: torch.device) -> int:
    """Rows of logits per chunk: ~24 MB on CPU, ~512 MB on CUDA."""
    budget = (128 << 20) if device.type == "cuda" else (6 << 20)
    return max(1, budget // (num_items + 1))


def sampling_distribution(targets: torch.Tensor, num_items: int, sampler: str) -> torch.Tensor:
    """Negative-sampling probabilities float64 [N + 1] for ``loss="sampled"``: uniform over
    1..N, or (``popularity``) proportional to each item's count among the training targets
    (int64, 0 = none) + 1, so every item can be drawn; padding never."""
    if sampler == "uniform":
        return uniform_distribution(num_items)
    if sampler != "popularity":
        raise ValueError(f"unknown sampler {sampler!r}")
    q = torch.bincount(targets.reshape(-1), minlength=num_items + 1).double() + 1.0
    q[0] = 0.0
    return q / q.sum()


def sample_negatives(q: torch.Tensor, k: int, gen: torch.Generator, device: torch.device) -> torch.Tensor:
    """``k`` draws with replacement from ``q`` (float64 [N + 1]), each item kept once:
    distinct items int64 [K'] on ``device``."""
    return torch.unique(torch.multinomial(q, k, replacement=True, generator=gen)).to(device)


def log_inclusion(q: torch.Tensor, k: int, items: torch.Tensor) -> torch.Tensor:
    """Log-Q correction for a set of distinct items from ``k`` draws of ``q``: the log of each
    item's probability to be in the set, ``log(1 - (1 - q)^k)``. Returns float32 like ``items``."""
    qi = q.to(items.device)[items]
    return torch.log(-torch.expm1(k * torch.log1p(-qi))).float()


def uniform_distribution(num_items: int) -> torch.Tensor:
    """Uniform sampling probabilities over 1..N: float64 [N + 1] (padding 0)."""
    q = torch.full((num_items + 1,), 1.0 / num_items, dtype=torch.float64)
    q[0] = 0.0
    return q


def sampled_logits(model: SASRec, hs: torch.Tensor, ys: torch.Tensor, neg: torch.Tensor,
                   hist: tuple[torch.Tensor, torch.Tensor] | None, q: torch.Tensor | None = None,
                   k: int = 0) -> torch.Tensor:
    """Logits of [target, negatives] for each position: float32 [M, 1 + K].

    hs float32 [M, dim] (hidden states), ys int64 [M] (targets), neg int64 [K] (distinct items
    shared by every row), hist (input windows, item ids and types int64 [M, L]) adds the
    history bonus as :meth:`SASRec.score` does (summed over repeats). ``q`` (the sampling
    distribution, float64 [N + 1], with ``k`` draws): log-Q correction, every logit (target and
    negatives) minus :func:`log_inclusion` of its item; None: no correction (uniform sampling,
    where it is a constant). A negative equal to the row's target is masked (accidental hit)."""
    w = model.item_emb.weight
    pos = (hs * w[ys]).sum(-1, keepdim=True)                             # [M, 1]
    negs = F.linear(hs, w[neg])                                           # [M, K]
    if hist is not None and model.hist_bonus is not None:
        xw, tw = hist
        hb = model.history_bonus(xw, tw)                                  # [M, L]
        pos = pos + (hb * (xw == ys[:, None])).sum(1, keepdim=True)
        slot = torch.full((w.shape[0],), len(neg), dtype=torch.long, device=neg.device)
        slot[neg] = torch.arange(len(neg), device=neg.device)             # items not sampled: the sink column
        extra = torch.zeros(len(hs), len(neg) + 1, device=hs.device).scatter_add(1, slot[xw], hb)
        negs = negs + extra[:, :-1]
    if q is not None:
        pos = pos - log_inclusion(q, k, ys)[:, None]
        negs = negs - log_inclusion(q, k, neg)
    negs = negs.masked_fill(neg[None, :] == ys[:, None], NEG)
    return torch.cat([pos, negs], 1)


def loss_step(model: SASRec, x, t, y, cfg: TrainConfig, gen: torch.Generator,
              table: PriorTable | None = None, q: torch.Tensor | None = None) -> float:
    """Forward + backward for one batch; returns the mean loss per target position.
    ``q`` (``loss="sampled"``): the negative-sampling distribution float64 [N + 1].
    ``table`` (full softmax only): the transition prior of each position's item, with
    leave-one-out counts, is added to its logits (prior and transformer trained jointly)."""
    h = model.encode_all(x, t)
    keep = y != 0
    hs, ys = h[keep], y[keep]                    # [M, dim], [M]
    last = x[keep]
    hist = None
    if model.hist_bonus is not None:  # each position's own input: the window ending there, left-padded
        l = model.cfg.max_len
        xw = F.pad(x, (l - 1, 0)).unfold(1, l, 1)[keep]                  # [M, max_len]
        tw = F.pad(t, (l - 1, 0)).unfold(1, l, 1)[keep]
        hist = (xw, tw)
    if cfg.loss == "sampled":
        q = uniform_distribution(model.cfg.num_items) if q is None else q
        neg = sample_negatives(q, cfg.negatives, gen, ys.device)
        logits = sampled_logits(model, hs, ys, neg, hist, None if cfg.sampler == "uniform" else q, cfg.negatives)
        loss = F.cross_entropy(logits, torch.zeros_like(ys))
        loss.backward()
        return loss.item()
    # full softmax, chunked: backprop each chunk's logits into a detached copy of hs
    hd = hs.detach().requires_grad_()
    rows, total = chunk_rows(model.cfg.num_items, hs.device), 0.0
    for i in range(0, len(ys), rows):
        logits = model.score(hd[i:i + rows])
        if hist is not None:
            xi = hist[0][i:i + rows]  # the bonus per chunk: each chunk's graph is freed by its backward
            logits = logits.scatter_add(1, xi, model.history_bonus(xi, hist[1][i:i + rows]))
        if table is not None:
            idx, counts, totals = table.leave_one_out(last[i:i + rows], ys[i:i + rows])
            rows_ = torch.arange(len(idx), device=idx.device)
            logits = add_prior(logits, rows_, idx, model.prior_weights(counts, totals))
        part = smoothed_cross_entropy(logits, ys[i:i + rows], cfg.label_smoothing) / len(ys)
        part.backward()
        total += part.item()
    hs.backward(hd.grad)
    return total


def train(model: SASRec, split: Split, cfg: TrainConfig, device: torch.device, log=print) -> TrainResult:
    """Train ``model`` in place on ``split``; returns the best state (not loaded into model)."""
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    x, t, y = (torch.from_numpy(a) for a in make_samples(split, model.cfg.max_len, cfg.all_windows))
    if len(x) == 0:
        raise ValueError("no training samples (every user needs >= 2 training events)")
    lengths = (x != 0).sum(1)
    q = sampling_distribution(y, model.cfg.num_items, cfg.sampler) if cfg.loss == "sampled" else None
    model.to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps = cfg.epochs * math.ceil(len(x) / cfg.batch_size)  # length batches: at most this many per epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, steps, cfg))
    scorer = model_scorer(model, model.cfg.max_len, device)
    validation = Validation(split, model.cfg.num_items, seed=cfg.seed)
    joint = model.prior_fn is not None and cfg.loss == "full"
    table = PriorTable(split, model.cfg.num_items, model.cfg.transitions, device) if joint else None
    best = TrainResult(copy.deepcopy(model.state_dict()), 0, {"hr": 0.0, "ndcg": -1.0, "select": -1.0}, 0, 0.0)
    tops = {}  # best value so far of each validation figure that early stopping watches
    bad, start = 0, time.time()
    log(f"training on {len(x)} windows, {int((y != 0).sum())} target positions, device {device}, "
        f"{torch.get_num_threads()} threads")
    for epoch in range(1, cfg.epochs + 1):
        t0 = time.time()
        model.train()
        losses = []
        for idx in length_batches(lengths, cfg.batch_size, gen):
            width = int(lengths[idx].max())               # drop all-padding leading columns
            xb, tb, yb = (a[idx, -width:].to(device) for a in (x, t, y))
            opt.zero_grad(set_to_none=True)
            losses.append(loss_step(model, xb, tb, yb, cfg, gen, table, q))
            opt.step()
            sched.step()
        line = f"epoch {epoch:3d}  loss {np.mean(losses):.4f}"
        if epoch % cfg.eval_every == 0 or epoch == cfg.epochs:
            model.eval()
            if table is not None:  # the prior as it is now, counted over the training prefixes
                with torch.no_grad():
                    model.set_prior(table.items, table.weights(model))
            val = validation.run(scorer)
            line += f"  val HR@10 {val['hr']:.4f}  NDCG@10 {val['ndcg']:.4f}"
            if "sampled_ndcg" in val:
                line += f"  sampled {val['sampled_hr']:.4f} / {val['sampled_ndcg']:.4f}"
            if val["select"] > best.best_valid["select"]:
                best.best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
                best.best_epoch, best.best_valid = epoch, val
                best.best_lr = opt.param_groups[0]["lr"]
                line += "  *"
            bad = 0 if improved(val, tops, cfg.stop) else bad + 1
        log(f"{line}  {time.time() - t0:.1f}s")
        if not math.isfinite(float(np.mean(losses))):
            raise FloatingPointError(f"loss is not finite at epoch {epoch}")
        if bad >= cfg.patience:
            what = "selection score" if cfg.stop == "select" else "selection score or either NDCG@10"
            log(f"early stop: no improvement of the validation {what} in {cfg.patience} evaluations")
            break
    best.epochs, best.seconds = epoch, time.time() - start
    log(f"best epoch {best.best_epoch}: val HR@10 {best.best_valid['hr']:.4f} "
        f"NDCG@10 {best.best_valid['ndcg']:.4f} (selection score {best.best_valid['select']:.4f}), "
        f"{best.seconds:.0f}s, {best.seconds / epoch:.1f}s per epoch")
    return best


def improved(val: dict, tops: dict, stop: str = "all") -> bool:
    """Early stopping: does ``val`` set a new best of the selection score (``stop="select"``),
    or (``"all"``) of it or of either protocol's NDCG@10? ``tops`` holds the best values so far
    and is updated. With ``"all"`` training goes on until all of them have plateaued; the kept
    state is the best selection score either way."""
    if stop not in ("select", "all"):
        raise ValueError(f"unknown stop rule {stop!r}")
    better = False
    for key in ("select",) if stop == "select" else ("select", "ndcg", "sampled_ndcg"):
        if key in val and val[key] > tops.get(key, -math.inf):
            tops[key], better = val[key], True
    return better


def refit(model: SASRec, split: Split, cfg: TrainConfig, device: torch.device, lr: float,
          log=print) -> float:
    """After model selection: train ``cfg.refit_epochs`` more epochs on every event before the
    test events (training prefixes + validation events, :func:`before_test`), at learning
    rate ``lr`` (the selected epoch's), with a fresh optimizer. Serving models are trained on
    all the data; the validation events are the most recent transitions and the test inputs
    end with them. No selection happens here (nothing held out is left); test events are never
    used. Returns the seconds it took."""
    if model.prior_fn is not None:
        raise ValueError("refit is for the counted prior only (the learned prior trains with its table)")
    if cfg.refit_epochs <= 0:
        return 0.0
    start = time.time()
    torch.manual_seed(cfg.seed + 1)  # dropout: the same whether refit follows train or a loaded checkpoint
    gen = torch.Generator().manual_seed(cfg.seed + 1)
    x, t, y = (torch.from_numpy(a) for a in make_samples(before_test(split), model.cfg.max_len, cfg.all_windows))
    lengths = (x != 0).sum(1)
    q = sampling_distribution(y, model.cfg.num_items, cfg.sampler) if cfg.loss == "sampled" else None
    model.to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=cfg.weight_decay)
    for epoch in range(1, cfg.refit_epochs + 1):
        losses = []
        for idx in length_batches(lengths, cfg.batch_size, gen):
            width = int(lengths[idx].max())
            xb, tb, yb = (a[idx, -width:].to(device) for a in (x, t, y))
            opt.zero_grad(set_to_none=True)
            losses.append(loss_step(model, xb, tb, yb, cfg, gen, q=q))
            opt.step()
        log(f"refit epoch {epoch} on training prefixes + validation events: loss {np.mean(losses):.4f}, lr {lr:.2e}")
    model.eval()
    return time.time() - start


def transition_table(split: Split, num_items: int, slots: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The most frequent direct successors of each item in the training prefixes.

    Returns (items int32 [N + 1, slots], counts float32 [N + 1, slots], totals float32 [N + 1],
    distinct pairs): row i lists i's successors by count (ties: lower index first), unused
    slots are item 0 with count 0; ``totals[i]`` counts all of i's successors (beyond the
    slots too). Self-transitions (i -> i) are left out: repeats are the model's business.
    Only training prefixes are counted (never a validation or test event).
    """
    src, dst, n = successor_counts(split.train_items, num_items, skip_self=True)
    totals = np.bincount(src, weights=n, minlength=num_items + 1).astype(np.float32)
    order = np.lexsort((dst, -n, src))                     # by source, then count desc, then index
    src, dst, n = src[order], dst[order], n[order]
    rank = np.arange(len(src)) - np.searchsorted(src, src, side="left")
    keep = rank < slots
    items = np.zeros((num_items + 1, slots), np.int32)
    counts = np.zeros((num_items + 1, slots), np.float32)
    items[src[keep], rank[keep]] = dst[keep]
    counts[src[keep], rank[keep]] = n[keep]
    return items, counts, totals, len(src)


class PriorTable:
    """A :func:`transition_table` as tensors on ``device``, and the leave-one-out lookup that
    joint training needs."""

    def __init__(self, split: Split, num_items: int, slots: int, device: torch.device):
        items, counts, totals, self.pairs = transition_table(split, num_items, slots)
        self.items = torch.from_numpy(items).long().to(device)
        self.counts = torch.from_numpy(counts).to(device)
        self.totals = torch.from_numpy(totals).to(device)

    def weights(self, model: SASRec) -> torch.Tensor:
        """The model's prior weights for every row: float32 [N + 1, M]."""
        return model.prior_weights(self.counts, self.totals)

    def leave_one_out(self, last: torch.Tensor, target: torch.Tensor):
        """Successors (int64 [P, M]), counts and totals of ``last`` (int64 [P]) without the
        transition ``last -> target`` itself (a training pair is in the counts it trains on)."""
        idx = self.items[last]
        own = (last != target).float()                                   # i -> i is never counted
        counts = self.counts[last] - (idx == target[:, None]).float() * own[:, None]
        return idx, counts, self.totals[last] - own

def fit_transitions(model: SASRec, split: Split, device: torch.device, alphas=None,
                    log=print, batch_size: int = 256) -> dict:
    """Choose the scale ``alpha`` of the transition prior (``trans_weights = alpha *
    prior_weights(counts)``: the learned weights, or log1p(count) for ``prior="counted"``)
    by the validation selection score (:class:`Validation`) with counts from the training
    prefixes, then fill the model's prior with counts from the training prefixes +
    validation events (all events before the test events: what the test inputs contain
    too). Test events are never used. Returns ``{"slots", "pairs", "alpha", "valid":
    {alpha: metrics}, "counted"}``."""
    m = model.cfg.transitions
    if not m:
        raise ValueError("the model has no transition prior (ModelConfig.transitions = 0)")
    if alphas is None:
        alphas = PRIOR_SCALES if model.prior_fn is not None else TRANSITION_ALPHAS
    model.eval()
    table = PriorTable(split, model.cfg.num_items, m, device)
    with torch.no_grad():
        weights = table.weights(model)
    validation = Validation(split, model.cfg.num_items, seed=0, batch_size=batch_size)
    full, sampled = {a: [] for a in alphas}, {a: [] for a in alphas}
    for _, seqs, types, tgt, cand in validation.batches():
        width = max(1, min(model.cfg.max_len, max(len(x) for x in seqs)))
        x = torch.from_numpy(left_pad(seqs, width)).to(device)
        t = torch.from_numpy(left_pad(types, width)).to(device)
        with torch.no_grad():
            base = model.score(model.encode(x, t), None, (x, t))
        last, tgt = x[:, -1], tgt.to(device)
        for a in alphas:
            s = add_prior(base, last, table.items, a * weights)
            full[a].append(ranks(s, tgt).cpu().numpy())
            if cand is not None:
                sampled[a].append(ranks(s, tgt, cand.to(device)).cpu().numpy())
    valid = {a: validation.summary(full[a], sampled[a]) for a in alphas}
    best = max(alphas, key=lambda a: (valid[a]["select"], -a))
    final = PriorTable(before_test(split), model.cfg.num_items, m, device)
    with torch.no_grad():
        model.set_prior(final.items, best * final.weights(model))
    log("transition prior: " + ", ".join(f"alpha {a:g}: {v['select']:.4f}" for a, v in valid.items())
        + f" (validation selection score) -> alpha {best:g}, {m} successors per item, {final.pairs} distinct "
        f"pairs in training prefixes + validation events")
    return {"slots": m, "pairs": final.pairs, "alpha": best, "valid": {f"{a:g}": v for a, v in valid.items()},
            "counted": "training prefixes + validation events (alpha chosen with training prefixes only)"}
