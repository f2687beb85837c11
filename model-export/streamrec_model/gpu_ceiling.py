"""GPU ceiling of top-K scoring (issue 17, point 4): sequences/s of the exported model's scoring on a GPU for
catalogs of 12k, 100k and 1M items at batch 32..1024, exact and with the fast path's GPU analogue.

For each catalog a random-weight :class:`~streamrec_model.model.SASRec` (as ``random`` exports) is built on the
device; per batch size it times, with CUDA events after warm-up:

- ``exact``: what model.onnx computes: encoder, then the float32 product with the whole item table (+ history bonus),
  then ``topk(k)``;
- ``exact_bf16``: the same with the table product in bfloat16 (tensor cores), re-scored in float32 over its top
  ``candidates`` - the usual GPU shortcut;
- ``fast``: the app's fast path on the GPU: an int8-per-item quantised table (dequantised on the fly to bfloat16,
  the int8 tensor-core path torch offers without extra kernels), block maxima over ``block`` items, the top
  ``candidates`` blocks, an exact float32 re-score of their items (+ history bonus), ``topk(k)``.

Each fast variant also reports recall@10 against exact on the same sequences. Sequences are random (items uniform,
event types mixed, full length); the product dominates at these sizes, so their content does not matter for speed.
Prints a table and one JSON line (also written to ``--out``). Without CUDA (or with ``--smoke``) it runs a tiny CPU
version (a 2,000-item catalog, batch 8/32) so the code path is tested; pass ``--full`` to force the full grid on
the CPU (slow).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import torch

from .model import ModelConfig, SASRec

CATALOGS = {"12k": 12_000, "100k": 100_000, "1m": 1_000_000}
BATCHES = [32, 128, 512, 1024]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalogs", default="12k,100k,1m", help="catalog sizes (12k, 100k, 1m or numbers)")
    p.add_argument("--batch", default="32,128,512,1024", help="batch sizes")
    p.add_argument("--k", type=int, default=100, help="top-K per sequence (the exported k)")
    p.add_argument("--candidates", type=int, default=100, help="fast path: blocks (bf16: items) re-scored exactly")
    p.add_argument("--block", type=int, default=32, help="fast path: items per block")
    p.add_argument("--iters", type=int, default=20, help="timed calls per cell (after warm-up)")
    p.add_argument("--seconds", type=float, default=2.0, help="at most this long per cell (fewer calls if slower)")
    p.add_argument("--device", default="auto", help="cuda, cpu or auto")
    p.add_argument("--smoke", action="store_true", help="tiny CPU run (the default without CUDA)")
    p.add_argument("--full", action="store_true", help="the full grid even without CUDA")
    p.add_argument("--out", default=None, help="also write the JSON here")


def _size(label: str) -> int:
    label = label.strip().lower()
    return CATALOGS.get(label) or int(label.replace("k", "000").replace("m", "000000"))


class Scorer:
    """One catalog's model and the three scoring paths over a batch of (item_ids, event_types)."""

    def __init__(self, num_items: int, device: torch.device, k: int, candidates: int, block: int, seed: int = 0):
        torch.manual_seed(seed)
        self.model = SASRec(ModelConfig(num_items=num_items, dropout=0.0, transitions=0)).to(device).eval()
        with torch.no_grad():
            self.model.hist_bonus.normal_(std=0.1)  # a non-zero history bonus, as a trained model has
        self.device, self.k, self.candidates, self.block = device, min(k, num_items), candidates, block
        table = self.model.item_emb.weight.detach()                              # [N + 1, dim] float32
        self.table = table
        lowp = torch.bfloat16 if device.type == "cuda" else torch.float32        # CPU: bf16 matmul is slow/absent
        self.table_lowp = table.to(lowp)
        amax = table.abs().amax(dim=1).clamp(min=1e-12)
        self.scale = (amax / 127.0).to(lowp)                                     # [N + 1]
        self.q = torch.round(table / (amax / 127.0)[:, None]).clamp(-127, 127).to(torch.int8)
        rows = table.shape[0]
        self.padded = math.ceil(rows / block) * block
        self.lowp = lowp
        # the int8 product: torch._int_mm (int8 x int8 -> int32 on tensor cores) where this torch and GPU have it,
        # else the int8 table dequantised once to bfloat16 (same candidates, bf16 speed)
        qp = torch.nn.functional.pad(self.q, (0, 0, 0, self.padded - rows))     # [padded, dim] int8
        self.q_t = qp.t()                                                        # [dim, padded], column-major
        self.scale_p = torch.nn.functional.pad(amax / 127.0, (0, self.padded - rows), value=1.0)
        self.deq = (qp.to(lowp) * self.scale_p.to(lowp)[:, None]) if lowp != torch.float32 else None
        self.int_mm = device.type == "cuda" and hasattr(torch, "_int_mm")
        self.scan = "int8 _int_mm" if self.int_mm else "int8 table dequantised to " + str(lowp).replace("torch.", "")

    def encode(self, ids: torch.Tensor, ev: torch.Tensor) -> torch.Tensor:
        return self.model.encode(ids, ev, trimmed=True)

    @torch.no_grad()
    def exact(self, ids, ev):
        h = self.encode(ids, ev)
        s = torch.nn.functional.linear(h, self.table, self.model.score_bias)
        s = s.scatter_add(1, ids, self.model.history_bonus(ids, ev))
        return torch.topk(s, self.k, dim=1).indices

    def _rescore(self, h, ids, ev, items):
        """Exact float32 scores of the candidates ``items`` [B, C] and of the history items ``ids`` [B, L] (with
        their bonus, summed over repeats), each item once; the top k item indexes [B, k]."""
        valid = (items > 0) & (items < self.table.shape[0])
        in_hist = (items[:, :, None] == ids[:, None, :]).any(-1)                # scored with the history below
        safe = torch.where(valid, items, torch.zeros_like(items))
        s = torch.einsum("bd,bcd->bc", h, self.table[safe]).masked_fill(~valid | in_hist, float("-inf"))
        same = (ids[:, :, None] == ids[:, None, :]) & (ids[:, None, :] != 0)    # [B, L, L]
        bonus = (same.to(h.dtype) @ self.model.history_bonus(ids, ev)[:, :, None]).squeeze(-1)  # [B, L]
        first = ~torch.tril(same, diagonal=-1).any(-1)                          # first occurrence of each item
        sh = torch.einsum("bd,bld->bl", h, self.table[ids]) + bonus
        sh = sh.masked_fill((ids == 0) | ~first, float("-inf"))
        all_items, all_scores = torch.cat([safe, ids], dim=1), torch.cat([s, sh], dim=1)
        top = torch.topk(all_scores, min(self.k, all_scores.shape[1]), dim=1).indices
        return torch.gather(all_items, 1, top)

    @torch.no_grad()
    def exact_bf16(self, ids, ev):
        h = self.encode(ids, ev)
        s = h.to(self.lowp) @ self.table_lowp.T                                  # [B, N + 1]
        s[:, 0] = float("-inf")
        cand = torch.topk(s, max(self.candidates, self.k), dim=1).indices
        return self._rescore(h, ids, ev, cand)

    @torch.no_grad()
    def fast(self, ids, ev):
        h = self.encode(ids, ev)
        s = None
        if self.int_mm and h.shape[0] > 16:
            try:
                hs = h.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / 127.0  # per sequence
                hq = torch.round(h / hs).clamp(-127, 127).to(torch.int8)
                s = torch._int_mm(hq, self.q_t).float() * hs * self.scale_p      # [B, padded]
            except RuntimeError:
                self.int_mm = False
                self.scan = "int8 table dequantised to bfloat16 (_int_mm refused these shapes)"
        if s is None:
            if self.deq is not None:
                s = h.to(self.lowp) @ self.deq.T
            else:
                s = (h @ self.q_t.to(h.dtype)) * self.scale_p
        b = s.shape[0]
        blocks = s.view(b, -1, self.block).amax(dim=2)                           # [B, N / block]
        nb = min(max(self.candidates, math.ceil(self.k / self.block) + 1), blocks.shape[1])
        top_blocks = torch.topk(blocks, nb, dim=1).indices                       # [B, nb]
        items = (top_blocks[:, :, None] * self.block + torch.arange(self.block, device=s.device)).reshape(b, -1)
        return self._rescore(h, ids, ev, items)


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def _time(fn, ids, ev, device, iters: int, seconds: float) -> float:
    """Median seconds per call."""
    for _ in range(3):
        fn(ids, ev)
    _sync(device)
    times, start = [], time.perf_counter()
    for _ in range(iters):
        if device.type == "cuda":
            a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            a.record()
            fn(ids, ev)
            b.record()
            torch.cuda.synchronize()
            times.append(a.elapsed_time(b) / 1000.0)
        else:
            t = time.perf_counter()
            fn(ids, ev)
            times.append(time.perf_counter() - t)
        if time.perf_counter() - start > seconds and len(times) >= 3:
            break
    times.sort()
    return times[len(times) // 2]


def _recall10(a: torch.Tensor, b: torch.Tensor) -> float:
    a10, b10 = a[:, :10], b[:, :10]
    hits = (a10[:, :, None] == b10[:, None, :]).any(-1).float().sum(1)
    return float((hits / a10.shape[1]).mean())


def run(catalogs: list[int], batches: list[int], device: torch.device, k: int, candidates: int, block: int,
        iters: int, seconds: float, log=print) -> dict:
    rows = []
    for n in catalogs:
        t0 = time.time()
        scorer = Scorer(n, device, k, candidates, block)
        log(f"catalog {n:,} items: model built on {device} in {time.time() - t0:.1f}s")
        for batch in batches:
            g = torch.Generator(device="cpu").manual_seed(batch)
            ml = scorer.model.cfg.max_len
            ids = torch.randint(1, n + 1, (batch, ml), generator=g)
            ids[:, : ml // 5] = 0                                                 # some left padding
            ids[:, -3] = ids[:, -1]                                               # a repeated item (bonus)
            ev = torch.randint(1, 4, (batch, ml), generator=g) * (ids > 0)
            ids, ev = ids.to(device), ev.to(device)
            exact_top = scorer.exact(ids, ev)
            row = {"items": n, "batch": batch}
            for name, fn in (("exact", scorer.exact), ("exact_bf16", scorer.exact_bf16), ("fast", scorer.fast)):
                try:
                    sec = _time(fn, ids, ev, device, iters, seconds)
                    row[f"{name}_ms"] = round(sec * 1000, 4)
                    row[f"{name}_seq_per_s"] = round(batch / sec, 1)
                    if name != "exact":
                        row[f"{name}_recall_at_10"] = round(_recall10(exact_top, fn(ids, ev)), 4)
                except RuntimeError as e:  # out of memory at the largest cells: reported, the grid goes on
                    if "out of memory" not in str(e).lower():
                        raise
                    row[f"{name}_error"] = "out of memory"
                    if device.type == "cuda":
                        torch.cuda.empty_cache()
            row["fast_scan"] = scorer.scan
            rows.append(row)
            log(" ".join(f"{k}={v}" for k, v in row.items()))
        del scorer
        if device.type == "cuda":
            torch.cuda.empty_cache()
    info = {"device": str(device), "torch": torch.__version__, "k": k, "candidates": candidates, "block": block}
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(0)
        info["cuda"] = torch.version.cuda
    return {"info": info, "rows": rows}


def table(result: dict) -> str:
    head = f"{'items':>9} {'batch':>5} {'exact seq/s':>12} {'bf16+rescore':>13} {'rec@10':>7} {'fast seq/s':>11} " \
           f"{'rec@10':>7}"
    lines = [head]
    for r in result["rows"]:
        lines.append(f"{r['items']:>9,} {r['batch']:>5} {r.get('exact_seq_per_s', float('nan')):>12,.0f} "
                     f"{r.get('exact_bf16_seq_per_s', float('nan')):>13,.0f} "
                     f"{r.get('exact_bf16_recall_at_10', float('nan')):>7.4f} "
                     f"{r.get('fast_seq_per_s', float('nan')):>11,.0f} {r.get('fast_recall_at_10', float('nan')):>7.4f}")
    return "\n".join(lines)


def main(a) -> dict:
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if (a.device == "auto" and cuda) or a.device == "cuda" else "cpu")
    smoke = a.smoke or (device.type == "cpu" and not a.full)
    if smoke:
        catalogs, batches, iters, seconds = [2_000], [8, 32], 3, 0.5
        print("no CUDA (or --smoke): tiny CPU run, 2,000 items, batch 8/32", file=sys.stderr)
    else:
        catalogs = [_size(c) for c in a.catalogs.split(",")]
        batches = [int(b) for b in a.batch.split(",")]
        iters, seconds = a.iters, a.seconds
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False                            # exact means float32
    result = run(catalogs, batches, device, a.k, a.candidates, a.block, iters, seconds,
                 log=lambda s: print(s, file=sys.stderr, flush=True))
    result["info"]["smoke"] = smoke
    print(table(result))
    line = json.dumps(result)
    print(line)
    if a.out:
        Path(a.out).write_text(line + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    main(parser.parse_args())
