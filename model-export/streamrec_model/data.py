"""Data readers, item vocabulary and the leave-one-out split.

Internal representation, shared by both input formats: a dict mapping each user id
(str) to a time-ordered list of events ``(item_id: str, event_type: int, ts: int)``,
where event types follow :data:`EVENT_TYPES` (0 is reserved for padding).

Encoded sequences are numpy ``int64`` arrays of vocabulary indexes (1..N, 0 = padding)
with a parallel ``int64`` array of event types.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

EVENT_TYPES = {"pad": 0, "click": 1, "cart": 2, "purchase": 3}
PAD = 0
PAD_TOKEN = "<pad>"

Event = tuple  # (item_id: str, event_type: int, ts: int)


@dataclass
class RawData:
    """Per-user, time-ordered events as read from a file, plus reader statistics."""

    users: dict[str, list[Event]]
    path: str
    format: str
    lines: int = 0
    bad_lines: int = 0
    bad_examples: list[int] = field(default_factory=list)  # first few bad line numbers (1-based)

    @property
    def interactions(self) -> int:
        return sum(len(v) for v in self.users.values())


def _bad(raw: RawData, lineno: int) -> None:
    raw.bad_lines += 1
    if len(raw.bad_examples) < 10:
        raw.bad_examples.append(lineno)


def _as_id(value) -> str | None:
    """Ids are strings; integer ids are accepted and turned into strings."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def read_events(path: str | Path) -> RawData:
    """Read JSON Lines events ``{"user", "item", "type", "ts"}`` (extra fields ignored).

    Lines that are not JSON objects, lack a field, have an unknown ``type`` or a
    non-integer ``ts`` are counted in ``bad_lines`` and skipped; blank lines are ignored.
    Each user's events are sorted by ``ts`` (stable, so ties keep file order).
    """
    raw = RawData(users={}, path=str(path), format="events")
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            raw.lines += 1
            try:
                obj = json.loads(line)
            except ValueError:
                _bad(raw, lineno)
                continue
            if not isinstance(obj, dict):
                _bad(raw, lineno)
                continue
            user, item, etype, ts = _as_id(obj.get("user")), _as_id(obj.get("item")), obj.get("type"), obj.get("ts")
            if isinstance(ts, float) and ts.is_integer():
                ts = int(ts)
            if (user is None or item is None or etype not in EVENT_TYPES or etype == "pad"
                    or not isinstance(ts, int) or isinstance(ts, bool)):
                _bad(raw, lineno)
                continue
            raw.users.setdefault(user, []).append((item, EVENT_TYPES[etype], ts))
    for events in raw.users.values():
        events.sort(key=lambda e: e[2])
    return raw


def read_sequences(path: str | Path) -> RawData:
    """Read ``user item item ...`` lines (items in time order, Beauty.txt format).

    Every event gets type ``purchase`` and ts = its position in the user's sequence.
    A line with a user but no items is counted as bad; blank lines are ignored.
    """
    raw = RawData(users={}, path=str(path), format="sequences")
    purchase = EVENT_TYPES["purchase"]
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            raw.lines += 1
            if len(parts) < 2:
                _bad(raw, lineno)
                continue
            events = raw.users.setdefault(parts[0], [])
            base = len(events)  # a user on several lines continues the sequence
            events.extend((item, purchase, base + i) for i, item in enumerate(parts[1:]))
    return raw


BEHAVIOURS = {"view": "click", "click": "click", "cart": "cart", "buy": "purchase", "purchase": "purchase"}


def read_csv_events(path: str | Path) -> RawData:
    """Read CSV events with a header naming ``user``, ``item``, ``behavior`` (or ``type``)
    and ``ts`` (e.g. the RetailRocket multi-behaviour subset: ``user,item,behavior,ts``).

    Behaviours map onto the event contract: ``view``/``click`` -> click, ``cart`` -> cart,
    ``buy``/``purchase`` -> purchase; rows with another behaviour, a missing field or a
    non-integer ``ts`` are counted as bad. Each user's events are sorted by ``ts`` (stable:
    equal times keep file order).
    """
    import csv
    raw = RawData(users={}, path=str(path), format="csv")
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader, [])]
        kind = "behavior" if "behavior" in header else "type"
        try:
            cols = [header.index(c) for c in ("user", "item", kind, "ts")]
        except ValueError:
            raise ValueError(f"{path}: the CSV header needs user, item, behavior (or type), ts; got {header}")
        for lineno, row in enumerate(reader, 2):
            if not any(x.strip() for x in row):
                continue
            raw.lines += 1
            try:
                user, item, beh, ts = (row[c].strip() for c in cols)
                etype = EVENT_TYPES[BEHAVIOURS[beh.lower()]]
                ts = int(ts)
            except (IndexError, KeyError, ValueError):
                _bad(raw, lineno)
                continue
            if not user or not item:
                _bad(raw, lineno)
                continue
            raw.users.setdefault(user, []).append((item, etype, ts))
    for events in raw.users.values():
        events.sort(key=lambda e: e[2])
    return raw


def detect_format(path: str | Path) -> str:
    """``events`` for .jsonl/.json files, ``csv`` for .csv, ``sequences`` for .txt; error otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "events"
    if suffix == ".csv":
        return "csv"
    if suffix == ".txt":
        return "sequences"
    raise ValueError(f"cannot detect the format of {path}; pass --format events|sequences")


def read_data(path: str | Path, fmt: str = "auto") -> RawData:
    """Read ``path`` as ``events``, ``csv`` or ``sequences`` (``auto``: from the extension)."""
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt == "events":
        return read_events(path)
    if fmt == "csv":
        return read_csv_events(path)
    if fmt == "sequences":
        return read_sequences(path)
    raise ValueError(f"unknown format {fmt!r}")


def report(raw: RawData, out=None) -> None:
    """One line about what was read, including bad lines (never silent about them)."""
    msg = (f"read {raw.path} ({raw.format}): {raw.lines} lines, {len(raw.users)} users, "
           f"{raw.interactions} interactions, {raw.bad_lines} bad lines")
    if raw.bad_lines:
        msg += f" (first at line {', '.join(map(str, raw.bad_examples))})"
    print(msg, file=out or sys.stderr, flush=True)


# ---------------------------------------------------------------- vocabulary

@dataclass
class Vocab:
    """Item id (str) <-> index; index 0 is padding, items are 1..N."""

    items: list[str]  # items[0] == PAD_TOKEN

    def __post_init__(self):
        self.index = {item: i for i, item in enumerate(self.items)}

    def __len__(self) -> int:
        """N, the number of items excluding padding."""
        return len(self.items) - 1


def build_vocab(users: dict[str, list[Event]], min_count: int = 1) -> Vocab:
    """Items with at least ``min_count`` events, indexed 1..N in order of first appearance."""
    counts = Counter(e[0] for events in users.values() for e in events)
    items = [PAD_TOKEN] + [item for item, c in counts.items() if c >= min_count]
    return Vocab(items)


@dataclass
class Sequences:
    """Encoded users: ``items[u]`` and ``types[u]`` are int64 arrays [n_u], time-ordered."""

    users: list[str]
    items: list[np.ndarray]
    types: list[np.ndarray]
    dropped: int = 0  # events whose item is not in the vocabulary

    @property
    def interactions(self) -> int:
        return sum(len(x) for x in self.items)


def encode(users: dict[str, list[Event]], vocab: Vocab) -> Sequences:
    """Map item ids to indexes; events with unknown items are dropped (users left empty too)."""
    out = Sequences([], [], [])
    for user, events in users.items():
        kept = [(vocab.index[i], t) for i, t, _ in events if i in vocab.index]
        out.dropped += len(events) - len(kept)
        if kept:
            out.users.append(user)
            out.items.append(np.array([k[0] for k in kept], dtype=np.int64))
            out.types.append(np.array([k[1] for k in kept], dtype=np.int64))
    return out


# ---------------------------------------------------------------- split

@dataclass
class Split:
    """Leave-one-out split of :class:`Sequences` (same user order).

    ``train_items[u]``/``train_types[u]``: int64 [n_u - 2] (or the whole sequence when
    the user has fewer than 3 events). ``valid[u]``/``test[u]``: int64 (item, type)
    targets, item 0 when the user has no validation/test event.
    """

    train_items: list[np.ndarray]
    train_types: list[np.ndarray]
    valid: np.ndarray  # int64 [U, 2] (item, type)
    test: np.ndarray   # int64 [U, 2]

    def eval_users(self, split: str) -> np.ndarray:
        """Indexes of users that have a ``valid``/``test`` target (int64 [U'])."""
        return np.flatnonzero(getattr(self, split)[:, 0] != PAD)

    def inputs(self, split: str, users: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Input sequences for ``users``: training prefix (valid), + validation event (test)."""
        items = [self.train_items[u] for u in users]
        types = [self.train_types[u] for u in users]
        if split == "test":
            items = [np.append(x, self.valid[u, 0]) for x, u in zip(items, users)]
            types = [np.append(t, self.valid[u, 1]) for t, u in zip(types, users)]
        return items, types


def before_test(split: Split) -> Split:
    """Everything before the test events as training prefixes (training prefix + validation
    event per user), for components fitted after model selection; valid/test unchanged."""
    items = [np.append(x, split.valid[u, 0]) if split.valid[u, 0] else x for u, x in enumerate(split.train_items)]
    types = [np.append(t, split.valid[u, 1]) if split.valid[u, 0] else t for u, t in enumerate(split.train_types)]
    return Split(items, types, split.valid, split.test)


def leave_one_out(seqs: Sequences) -> Split:
    """Last event = test, second-to-last = validation, rest = training (>= 3 events)."""
    n = len(seqs.users)
    valid, test = np.zeros((n, 2), np.int64), np.zeros((n, 2), np.int64)
    train_items, train_types = [], []
    for u, (items, types) in enumerate(zip(seqs.items, seqs.types)):
        if len(items) >= 3:
            valid[u] = items[-2], types[-2]
            test[u] = items[-1], types[-1]
            items, types = items[:-2], types[:-2]
        train_items.append(items)
        train_types.append(types)
    return Split(train_items, train_types, valid, test)


def successor_counts(seqs: list[np.ndarray], num_items: int, skip_self: bool = False):
    """Direct successor counts ``c(i -> j)`` over consecutive events of ``seqs`` (int64 arrays
    of item indexes). Returns (src, dst, count), int64 arrays sorted by (src, dst);
    ``skip_self`` leaves out repeats (i -> i). Shared by the transition prior and the
    co-occurrence baseline, so both count the same pairs."""
    pairs = [np.stack([x[:-1], x[1:]], 1) for x in seqs if len(x) > 1]
    pairs = np.concatenate(pairs) if pairs else np.zeros((0, 2), np.int64)
    if skip_self:
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    keys, n = np.unique(pairs[:, 0] * (num_items + 1) + pairs[:, 1], return_counts=True)
    return keys // (num_items + 1), keys % (num_items + 1), n


def left_pad(seqs: list[np.ndarray], max_len: int) -> np.ndarray:
    """Last ``max_len`` entries of each sequence, left-padded with 0: int64 [B, max_len]."""
    out = np.zeros((len(seqs), max_len), dtype=np.int64)
    for row, s in zip(out, seqs):
        s = s[-max_len:]
        if len(s):
            row[max_len - len(s):] = s
    return out
