"""SASRec-style next-item model (Kang & McAuley, "Self-Attentive Sequential
Recommendation", ICDM 2018).

Deviations from the paper: pre-LayerNorm blocks, an event-type embedding added to the
input (0 pad, 1 click, 2 cart, 3 purchase), GELU feed-forward, full softmax (or sampled
softmax) cross-entropy instead of binary cross-entropy with one negative, and
positions counted from the END of the sequence (the last event always has position
``max_len - 1``), so left-padded inputs of any length up to ``max_len`` are consistent,
and an optional *transition prior* in the scores (FPMC-like, but counted, not learned):
``score(i) += alpha * log(1 + c(last item -> i))`` for the most frequent successors of
the last input item in the training data (see ``train.fit_transitions``).

The encoder (:meth:`SASRec.encode`: sequences -> session vector [B, dim]) is separate
from scoring (:meth:`SASRec.score`: vector -> scores over the catalog [B, N + 1]);
both are what the ONNX export wraps.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

NEG = -1e9  # "minus infinity" that stays finite in float32 (masks, padding score)
HISTORY_SCALE = 10.0  # history bonus = HISTORY_SCALE * parameter: ~10x its step under Adam (few, dense weights)


@dataclass
class ModelConfig:
    num_items: int          # N, items are 1..N, 0 is padding
    max_len: int = 50
    dim: int = 64
    layers: int = 2
    heads: int = 2
    dropout: float = 0.5
    num_event_types: int = 4  # including padding
    transitions: int = 20   # successor slots per item of the transition prior (0: no prior)
    prior: str = "counted"  # how a count weighs: "counted" (alpha*log1p, alpha fitted) | "learned" (TransitionPrior)
    history: bool = True    # learned bonus for items already in the input, by event type and recency
    event_types: bool = True  # False (ablation): the event_types input is accepted but ignored

    def to_dict(self) -> dict:
        return asdict(self)


class SelfAttention(nn.Module):
    """Multi-head attention with one additive float mask [B, L, L] (0 allowed, NEG not)."""

    def __init__(self, dim: int, heads: int, dropout: float):
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads, self.head_dim = heads, dim // heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, last_only: bool = False) -> torch.Tensor:
        """x: float32 [B, L, dim], mask: float32 [B, L, L] -> float32 [B, L, dim].

        ``last_only``: queries (and so the output) only for the last position, keys and
        values from every position; mask float32 [B, 1, L] -> float32 [B, 1, dim].
        """
        b, l = x.shape[:2]
        if last_only:  # same weights, split into the query part and the key/value part
            d = self.heads * self.head_dim
            q = F.linear(x[:, -1:], self.qkv.weight[:d], self.qkv.bias[:d])
            q = q.reshape(b, 1, self.heads, self.head_dim).transpose(1, 2)              # [B, H, 1, hd]
            kv = F.linear(x, self.qkv.weight[d:], self.qkv.bias[d:])
            k, v = kv.reshape(b, l, 2, self.heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        else:
            q, k, v = self.qkv(x).reshape(b, l, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        att = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + mask.unsqueeze(1)  # [B, H, Lq, L]
        att = self.drop(att.softmax(dim=-1))
        return self.out((att @ v).transpose(1, 2).reshape(b, q.shape[2], self.heads * self.head_dim))


class Block(nn.Module):
    """Pre-LayerNorm transformer block: x + attn(ln(x)), then x + ffn(ln(x))."""

    def __init__(self, dim: int, heads: int, dropout: float):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads, dropout)
        self.ffn = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Dropout(dropout), nn.Linear(dim, dim))
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, last_only: bool = False) -> torch.Tensor:
        """x [B, L, dim] -> [B, L, dim]; ``last_only``: mask [B, 1, L] -> [B, 1, dim] (the last
        position's output only, attending to every position of x)."""
        a = self.attn(self.ln1(x), mask, last_only)
        x = (x[:, -1:] if last_only else x) + self.drop(a)
        return x + self.drop(self.ffn(self.ln2(x)))


class TransitionPrior(nn.Module):
    """Learned weight of a successor j of the last input item i from counts in the data the
    prior is built from: c = c(i -> j), n = c(i -> any other item). For c > 0:
    ``w = a * log1p(c) + b * log(c / n) + d`` (frequency and conditional probability), else 0.
    Trained jointly with the transformer on leave-one-out counts (each training target's own
    transition is not counted for it), so the transformer learns what the counts miss.
    Three parameters; the exported model holds the weights it computes, not the function."""

    def __init__(self):
        super().__init__()
        self.coef = nn.Parameter(torch.tensor([1.0, 0.0, 0.0]))  # a, b, d

    def forward(self, counts: torch.Tensor, totals: torch.Tensor) -> torch.Tensor:
        """counts float32 [..., M], totals float32 [...] -> weights float32 [..., M]."""
        c = counts.clamp(min=0.0)
        logp = torch.log(c.clamp(min=1.0) / totals.clamp(min=1.0).unsqueeze(-1))
        w = self.coef[0] * torch.log1p(c) + self.coef[1] * logp + self.coef[2]
        return torch.where(c > 0, w, torch.zeros_like(w))


class SASRec(nn.Module):
    """Causal self-attention over left-padded (item, event type) sequences; the item table is
    shared between the input embedding and scoring. See the module docstring for deviations."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.item_emb = nn.Embedding(cfg.num_items + 1, cfg.dim, padding_idx=0)
        self.pos_emb = nn.Embedding(cfg.max_len, cfg.dim)
        self.type_emb = nn.Embedding(cfg.num_event_types, cfg.dim, padding_idx=0)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(cfg.dim, cfg.heads, cfg.dropout) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.dim)
        # Scoring bias: NEG for the padding index so it never reaches a top-K.
        bias = torch.zeros(cfg.num_items + 1)
        bias[0] = NEG
        self.register_buffer("score_bias", bias, persistent=False)
        if cfg.prior not in ("learned", "counted"):
            raise ValueError(f"unknown prior {cfg.prior!r}")
        self.prior_fn = TransitionPrior() if cfg.transitions and cfg.prior == "learned" else None
        # history bonus [event type, position]: added to the score of each input item (row 0: padding, stays 0)
        self.hist_bonus = nn.Parameter(torch.zeros(cfg.num_event_types, cfg.max_len)) if cfg.history else None
        if cfg.transitions:  # filled by train.fit_transitions; zeros = no effect
            self.register_buffer("trans_items", torch.zeros(cfg.num_items + 1, cfg.transitions, dtype=torch.int32))
            self.register_buffer("trans_weights", torch.zeros(cfg.num_items + 1, cfg.transitions))
        for emb in (self.item_emb, self.pos_emb, self.type_emb):
            nn.init.normal_(emb.weight, std=cfg.dim ** -0.5)
        with torch.no_grad():
            self.item_emb.weight[0].zero_()
            self.type_emb.weight[0].zero_()

    def encode_all(self, item_ids: torch.Tensor, event_types: torch.Tensor,
                   last_only: bool = False) -> torch.Tensor:
        """Hidden states at every position.

        item_ids, event_types: int64 [B, L], left-padded with 0, L <= max_len.
        Returns float32 [B, L, dim]. Finite for every row, including all-padding rows.
        ``last_only`` (inference): the last block computes only the last position
        (keys/values still from all positions): returns float32 [B, 1, dim], the same
        values as the full computation's last position.
        """
        l = item_ids.shape[1]
        if not torch.jit.is_tracing() and l > self.cfg.max_len:
            raise ValueError(f"sequence length {l} > max_len {self.cfg.max_len}")
        keep = item_ids != 0                                             # bool [B, L]
        idx = torch.arange(l, device=item_ids.device)
        pos = self.pos_emb(idx + (self.cfg.max_len - l))                 # [L, dim], last = max_len-1
        types = event_types if self.cfg.event_types else event_types * 0  # 0: the zero padding row
        x = self.item_emb(item_ids) + self.type_emb(types) + pos
        x = self.drop(x) * keep.unsqueeze(-1).to(x.dtype)
        causal = idx.unsqueeze(1) >= idx.unsqueeze(0)                     # [L(query), L(key)]
        diag = idx.unsqueeze(1) == idx.unsqueeze(0)
        allowed = (causal.unsqueeze(0) & keep.unsqueeze(1)) | diag.unsqueeze(0)  # [B, L, L]
        mask = (~allowed).to(x.dtype) * NEG
        for i, block in enumerate(self.blocks):
            if last_only and i == len(self.blocks) - 1:
                x = block(x, mask[:, -1:], last_only=True)
            else:
                x = block(x, mask)
        return self.norm(x)

    def encode(self, item_ids: torch.Tensor, event_types: torch.Tensor, trimmed: bool = False) -> torch.Tensor:
        """Session vector: hidden state at the last position, float32 [B, dim].
        ``trimmed``: compute it with ``encode_all(..., last_only=True)`` (same values, less work)."""
        return self.encode_all(item_ids, event_types, last_only=trimmed)[:, -1]

    def prior_weights(self, counts: torch.Tensor, totals: torch.Tensor) -> torch.Tensor:
        """Weights of the transition prior from successor counts (see :class:`TransitionPrior`;
        ``prior="counted"``: log1p(count)). counts float32 [..., M], totals float32 [...]."""
        if self.prior_fn is not None:
            return self.prior_fn(counts, totals)
        return torch.log1p(counts.clamp(min=0.0))

    def set_prior(self, items: torch.Tensor, weights: torch.Tensor) -> None:
        """Fill the transition prior used by :meth:`score`: items int [N + 1, M], weights float [N + 1, M]."""
        with torch.no_grad():
            self.trans_items.copy_(items)
            self.trans_weights.copy_(weights)

    def history_bonus(self, item_ids: torch.Tensor, event_types: torch.Tensor) -> torch.Tensor:
        """Bonus of each input position for its own item: ``hist_bonus[type, position]`` (positions
        counted from the end, as in :meth:`encode_all`; without event types every event uses row 1),
        0 at padding. item_ids, event_types int64 [B, L] -> float32 [B, L]."""
        l = item_ids.shape[-1]
        keep = item_ids != 0
        types = event_types if self.cfg.event_types else keep.long()
        types = types * keep.long()
        pos = torch.arange(l, device=item_ids.device) + (self.cfg.max_len - l)
        flat = self.hist_bonus.reshape(-1) * HISTORY_SCALE               # one Gather in the ONNX graph
        return flat[types * self.cfg.max_len + pos] * keep.to(flat.dtype)

    def score(self, h: torch.Tensor, last: torch.Tensor | None = None,
              history: tuple[torch.Tensor, torch.Tensor] | None = None) -> torch.Tensor:
        """Scores over the catalog: h float32 [..., dim] -> float32 [..., N + 1].

        ``F.linear`` against the (tied) item table, with bias NEG at the padding index.
        With ``history`` (item_ids, event_types: the input, int64 [B, L]) and ``cfg.history``, each
        input item's score gets its :meth:`history_bonus` (summed over its occurrences).
        With ``last`` (int64 [B], the last input item, 0 for none; h [B, dim]) and a
        transition prior (``cfg.transitions`` > 0), each row also gets the prior of its
        last item: ``trans_weights[last, j]`` added at item ``trans_items[last, j]``
        (unused slots: item 0 with weight 0, a no-op).
        """
        s = F.linear(h, self.item_emb.weight, self.score_bias)
        if history is not None and self.hist_bonus is not None:  # items can repeat: add every occurrence
            s = s.scatter_add(1, history[0], self.history_bonus(*history))
        if last is None or not self.cfg.transitions:
            return s
        return add_prior(s, last, self.trans_items, self.trans_weights)


def add_prior(scores: torch.Tensor, last: torch.Tensor, items: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """The transition prior's one definition (model selection, evaluation, export).

    scores float32 [B, N + 1]; last int64 [B] (the last input item, 0 for none); items
    int32/int64 [N + 1, M] (row i: i's successors, distinct; unused slots item 0) and
    weights float32 [N + 1, M] (unused slots 0). Returns a new float32 [B, N + 1]:
    ``scores[b, items[last[b], j]] += weights[last[b], j]`` for every slot j.
    """
    idx = items[last].long()                                         # [B, M]
    return scores.scatter(1, idx, scores.gather(1, idx) + weights[last])


def matmul_flops(cfg: ModelConfig, seq_len: int, batch: int = 1, trimmed: bool = False) -> int:
    """Matrix-product FLOPs (2 per multiply-add) of one forward pass of the exported graph:
    every block's projections, attention products and feed-forward, then the scores over
    the N + 1 table rows. ``trimmed``: the last block only for the last position (its
    keys/values still for every position). Elementwise work (norms, softmax, GELU) is not counted."""
    d, l = cfg.dim, seq_len
    total = 0
    for i in range(cfg.layers):
        q = 1 if trimmed and i == cfg.layers - 1 else l      # query positions
        total += 2 * q * d * d + 2 * l * d * 2 * d           # query, key/value projections
        total += 2 * 2 * q * l * d                           # q k^T and att v (all heads)
        total += 2 * q * d * d + 2 * 2 * q * d * d           # output projection, two FFN layers
    total += 2 * d * (cfg.num_items + 1)                     # scores of the last position
    return batch * total


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build(cfg: ModelConfig | dict) -> SASRec:
    return SASRec(cfg if isinstance(cfg, ModelConfig) else ModelConfig(**cfg))
