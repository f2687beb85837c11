"""Command line: ``python -m streamrec_model train|evaluate|export|random|table|embeddings ...`` (see --help)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import torch

from . import data
from .evaluate import after_type, cooccurrence_scorer, evaluate, format_table, model_scorer, popularity_scorer
from .embeddings import EMBEDDINGS_FILE, add_to_model_dir
from .export import export_model_dir, load_checkpoint
from . import retrieval
from .model import ModelConfig, SASRec, build, count_params
from .train import TrainConfig, fit_transitions, refit, setup_runtime, train

DEFAULTS = TrainConfig()
MODEL_DEFAULTS = ModelConfig(num_items=0)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def popular_items(seqs: data.Sequences, vocab: data.Vocab, n: int = 200) -> list[str]:
    """Most interacted item ids over all events, most popular first (ties: lower index)."""
    counts = Counter(int(i) for items in seqs.items for i in items)
    ranked = sorted(counts, key=lambda i: (-counts[i], i))
    return [vocab.items[i] for i in ranked[:n]]


def run_metrics(model, split, num_items, device, protocol: str, seed: int, seqs=None) -> dict:
    """Model and the baselines on the test split, printed as a table."""
    model.eval()
    scorers = {"model": model_scorer(model, model.cfg.max_len, device)}
    if model.cfg.transitions:  # the learned part alone: transformer + history bonus, without the counted prior
        scorers["learned"] = model_scorer(model, model.cfg.max_len, device, prior=False)
    scorers.update({
               "popularity": popularity_scorer(split, num_items),
               "cooccurrence": cooccurrence_scorer(split, num_items),
               # counted over all events before the test events, like the model's transition prior
               "cooccurrence_tv": cooccurrence_scorer(data.before_test(split), num_items)})
    metrics = evaluate(split, scorers, num_items, which="test", k=10, protocol=protocol, seed=seed,
                       histories=None if seqs is None else seqs.items)
    print(format_table(metrics), flush=True)
    if protocol == "full" and seqs is not None:  # the sampled protocol too, where there is room for it
        try:
            metrics["sampled"] = evaluate(split, scorers, num_items, which="test", k=10, protocol="sampled",
                                          seed=0, histories=seqs.items)  # same negatives for every model
            print(format_table(metrics["sampled"]), flush=True)
        except ValueError as e:
            log(f"no sampled protocol: {e}")
    cart, purchase = data.EVENT_TYPES["cart"], data.EVENT_TYPES["purchase"]
    users = split.eval_users("test")
    if protocol == "full" and (split.valid[users, 1] == cart).any():
        # test inputs that end with a cart: is the next item found, and is the carted item itself pushed?
        metrics["after_cart"] = {name: after_type(split, scorers[name], cart) for name in ("model", "cooccurrence_tv")}
        for name, m in metrics["after_cart"].items():
            print(f"after a cart ({m['users']} users), {name}: HR@10 {m['hr']:.4f} NDCG@10 {m['ndcg']:.4f}, "
                  f"carted item itself in the top 10: {m['same_in_topk']:.3f}", flush=True)
    if protocol == "full" and len(set(split.test[users, 1].tolist())) > 1 and (split.test[users, 1] == purchase).any():
        # multi-behaviour data: the test users whose next event is a purchase
        metrics["next_purchase"] = {name: after_type(split, scorers[name], purchase, target=True)
                                    for name in scorers}
        for name, m in metrics["next_purchase"].items():
            print(f"next event a purchase ({m['users']} users), {name}: HR@10 {m['hr']:.4f} "
                  f"NDCG@10 {m['ndcg']:.4f}", flush=True)
    return metrics


def cmd_train(a) -> None:
    out = Path(a.out)
    if out.exists() and not a.force:
        raise SystemExit(f"{out} exists; choose another --out or pass --force")
    device = setup_runtime(a.threads, a.device)
    t0 = time.time()
    raw = data.read_data(a.data, a.format)
    data.report(raw)
    vocab = data.build_vocab(raw.users, a.min_count)
    seqs = data.encode(raw.users, vocab)
    split = data.leave_one_out(seqs)
    log(f"{len(seqs.users)} users, {len(vocab)} items, {seqs.interactions} interactions "
        f"({seqs.dropped} dropped by --min-count {a.min_count})")
    cfg = TrainConfig(epochs=a.epochs, batch_size=a.batch_size, lr=a.lr, weight_decay=a.weight_decay,
                      warmup_steps=a.warmup_steps, patience=a.patience, eval_every=a.eval_every,
                      loss=a.loss, negatives=a.negatives, sampler=a.sampler, all_windows=a.all_windows,
                      label_smoothing=a.label_smoothing, schedule=a.schedule,
                      refit_epochs=a.refit_epochs, stop=a.stop, seed=a.seed)
    torch.manual_seed(a.seed)
    model = SASRec(ModelConfig(num_items=len(vocab), max_len=a.max_len, dim=a.dim, layers=a.layers,
                               heads=a.heads, dropout=a.dropout, transitions=a.transitions, prior=a.prior,
                               history=not a.no_history,
                               event_types=not a.no_event_types))
    log(f"model: {count_params(model)} parameters")
    result = train(model, split, cfg, device, log=lambda s: print(s, flush=True))
    model.load_state_dict(result.best_state)
    prior = fit_transitions(model, split, device, log=lambda s: print(s, flush=True)) if a.transitions else None
    refit_s = refit(model, split, cfg, device, result.best_lr, log=lambda s: print(s, flush=True))
    metrics = run_metrics(model, split, len(vocab), device, a.protocol, a.seed, seqs)
    hyper = {k: v for k, v in model.cfg.to_dict().items() if k != "num_items"}
    hyper.update({k: v for k, v in cfg.to_dict().items() if k != "seed"})
    hyper["min_count"] = a.min_count
    training = {"data": Path(a.data).name, "format": raw.format, "users": len(seqs.users),
                "items": len(vocab), "interactions": seqs.interactions, "bad_lines": raw.bad_lines,
                "epochs": result.epochs, "best_epoch": result.best_epoch,
                "seconds_per_epoch": round(result.seconds / max(1, result.epochs), 1),
                "refit_seconds": round(refit_s, 1), "best_lr": result.best_lr,
                "seconds": round(time.time() - t0, 1), "hyperparameters": hyper, "seed": a.seed,
                "device": str(device), "threads": torch.get_num_threads(),
                "valid": result.best_valid, "transition_prior": prior}
    meta = export_model_dir(model, out, items=vocab.items, popular_items=popular_items(seqs, vocab),
                            training=training, metrics=metrics, k=a.export_k, name=a.name or "sasrec",
                            opset=a.opset, checkpoint=not a.no_checkpoint, force=a.force, trimmed=a.trimmed)
    log(f"exported {out} version {meta['version']}: {meta['params']} parameters, "
        f"model.onnx {meta['onnx_bytes']} bytes, {training['seconds']}s in total")
    print(json.dumps(metrics), flush=True)


def cmd_random(a) -> None:
    """A model directory with random (initialised, untrained) weights over item-1..item-N."""
    if a.items < 1:
        raise SystemExit("--items must be at least 1")
    setup_runtime(a.threads, "cpu")
    t0 = time.time()
    torch.manual_seed(a.seed)
    cfg = ModelConfig(num_items=a.items, max_len=a.max_len, dim=a.dim, layers=a.layers, heads=a.heads,
                      dropout=0.0, transitions=0)
    model = SASRec(cfg).eval()
    items = [data.PAD_TOKEN] + [f"item-{i}" for i in range(1, a.items + 1)]
    hyper = {k: v for k, v in cfg.to_dict().items() if k != "num_items"}
    training = {"data": None, "format": "random", "users": 0, "items": a.items, "interactions": 0,
                "bad_lines": 0, "epochs": 0, "best_epoch": 0, "seconds": 0.0, "hyperparameters": hyper,
                "seed": a.seed, "device": "cpu", "threads": torch.get_num_threads(), "valid": None}
    metrics = {"protocol": "none", "note": "random untrained weights (benchmark model)"}
    meta = export_model_dir(model, a.out, items=items, popular_items=items[1:201], training=training,
                            metrics=metrics, k=a.export_k, name=a.name or "random", opset=a.opset,
                            checkpoint=a.checkpoint, force=a.force, trimmed=a.trimmed)
    log(f"exported {a.out} version {meta['version']}: {meta['params']} parameters, "
        f"model.onnx {meta['onnx_bytes']} bytes, {time.time() - t0:.1f}s")


def check_parity(model, model_dir: Path, tol: float = 1e-4) -> None:
    """The checkpoint must reproduce parity.json (i.e. belong to this model.onnx)."""
    p = json.loads((model_dir / "parity.json").read_text(encoding="utf-8"))
    ids = torch.tensor([c["item_ids"] for c in p["cases"]])
    ev = torch.tensor([c["event_types"] for c in p["cases"]])
    with torch.no_grad():
        h = model.encode(ids, ev)
        scores, items = torch.topk(model.score(h, ids[:, -1], (ids, ev)), p["k"], dim=1)
    want = torch.tensor([c["top_scores"] for c in p["cases"]])
    if not torch.allclose(scores, want, atol=tol, rtol=0):
        raise SystemExit(f"{model_dir}/checkpoint.pt does not reproduce parity.json")


def cmd_evaluate(a) -> None:
    model_dir = Path(a.model)
    if not (model_dir / "checkpoint.pt").exists():
        raise SystemExit(f"{model_dir}/checkpoint.pt is missing (exported with --no-checkpoint?); "
                         "evaluate rebuilds the model from it")
    device = setup_runtime(a.threads, a.device)
    model, ckpt = load_checkpoint(model_dir / "checkpoint.pt")
    items = (model_dir / "items.txt").read_text(encoding="utf-8").split("\n")[:-1]
    if items != ckpt["items"]:
        raise SystemExit(f"{model_dir}/items.txt does not match checkpoint.pt")
    check_parity(model, model_dir)
    raw = data.read_data(a.data, a.format)
    data.report(raw)
    vocab = data.Vocab(items)
    seqs = data.encode(raw.users, vocab)
    log(f"{len(seqs.users)} users, {seqs.interactions} interactions, "
        f"{seqs.dropped} events dropped (items unknown to the model)")
    split = data.leave_one_out(seqs)
    metrics = run_metrics(model.to(device), split, len(vocab), device, a.protocol, a.seed, seqs)
    if a.output:
        Path(a.output).write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(metrics), flush=True)


def cmd_export(a) -> None:
    device = setup_runtime(a.threads, "cpu")
    model, ckpt = load_checkpoint(a.checkpoint)
    training, metrics = ckpt["training"], ckpt["metrics"]
    if a.data:  # refit the transition prior on the data, then re-evaluate on its test split
        slots = a.transitions if a.transitions is not None else (model.cfg.transitions or 20)
        if slots != model.cfg.transitions:
            state = {k: v for k, v in model.state_dict().items() if not k.startswith("trans_")}
            model = build({**model.cfg.to_dict(), "transitions": slots}).eval()
            model.load_state_dict(state, strict=False)
        raw = data.read_data(a.data, a.format)
        data.report(raw)
        seqs = data.encode(raw.users, data.Vocab(ckpt["items"]))
        split = data.leave_one_out(seqs)
        prior = fit_transitions(model, split, device, log=lambda s: print(s, flush=True)) if slots else None
        if a.refit_epochs:  # train the selected checkpoint further on everything before the test events
            hyper = training.get("hyperparameters", {})
            if hyper.get("refit_epochs"):
                raise SystemExit(f"{a.checkpoint} was refit already (refit_epochs {hyper['refit_epochs']})")
            cfg = TrainConfig(**{k: v for k, v in hyper.items() if k in TrainConfig.__dataclass_fields__},
                              seed=training.get("seed", 42))
            cfg.refit_epochs = a.refit_epochs
            secs = refit(model, split, cfg, device, training.get("best_lr", cfg.lr), log=lambda s: print(s, flush=True))
            training = {**training, "hyperparameters": {**hyper, "refit_epochs": a.refit_epochs},
                        "refit_seconds": round(secs, 1)}
        metrics = run_metrics(model, split, len(ckpt["items"]) - 1, device, "full", 0, seqs)
        training = {**training, "transition_prior": prior,
                    "hyperparameters": {**training.get("hyperparameters", {}), "transitions": slots}}
    meta = export_model_dir(model, a.out, items=ckpt["items"], popular_items=ckpt["popular_items"],
                            training=training, metrics=metrics, k=a.export_k,
                            name=a.name or ckpt.get("name", "sasrec"), opset=a.opset,
                            checkpoint=not a.no_checkpoint, force=a.force, trimmed=a.trimmed)
    log(f"exported {a.out} version {meta['version']}: model.onnx {meta['onnx_bytes']} bytes")


def _mean_std(values: list) -> str:
    import statistics
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}"


def cmd_table(a) -> None:
    """Markdown table (mean ± sample std over the directories, e.g. seeds) of train's metrics."""
    metas = [json.loads((Path(d) / "model.json").read_text(encoding="utf-8")) for d in a.models]
    ms = [m["metrics"] for m in metas]
    tr = [m["training"] for m in metas]
    print(f"{ms[0]['users']} test users, {len(ms)} run(s) (seeds {', '.join(str(t['seed']) for t in tr)}), "
          f"K = {ms[0]['k']}, mean ± sample std\n")
    print("| method | full HR@10 | full NDCG@10 | sampled-100 HR@10 | sampled-100 NDCG@10 |")
    print("|---|---|---|---|---|")
    names = {"model": "model", "learned": "learned part alone (no counted prior)",
             "popularity": "popularity", "cooccurrence": "co-occurrence (training prefixes)",
             "cooccurrence_tv": "co-occurrence (training prefixes + validation events)"}
    for key, label in names.items():
        if key not in ms[0]:
            continue
        cells = [_mean_std([m[key][x] for m in ms]) for x in ("hr", "ndcg")]
        cells += [_mean_std([m["sampled"][key][x] for m in ms]) if "sampled" in ms[0] else "–" for x in ("hr", "ndcg")]
        print(f"| {label} | " + " | ".join(cells) + " |")
    for seg, what in (("next_purchase", "next event a purchase"), ("after_cart", "after a cart")):
        if seg in ms[0]:
            for key, m0 in ms[0][seg].items():
                cells = [_mean_std([m[seg][key][x] for m in ms]) for x in ("hr", "ndcg")]
                print(f"| {what} ({m0['users']} users): {names.get(key, key)} | " + " | ".join(cells) + " | | |")
    print()
    for t in tr:
        secs = t["seconds"]
        print(f"seed {t['seed']}: best epoch {t['best_epoch']} of {t['epochs']}, {secs:.0f} s end to end "
              f"({t.get('seconds_per_epoch', float('nan')):.1f} s per epoch, {t['threads']} thread(s)), "
              f"prior alpha {(t.get('transition_prior') or {}).get('alpha', '–')}, "
              f"refit {t['hyperparameters'].get('refit_epochs', 0)} epoch(s)"
              + (f" ({t['refit_seconds']:.0f} s)" if "refit_seconds" in t else ""))


def cmd_embeddings(a) -> None:
    try:
        meta = add_to_model_dir(a.model_dir)
    except (OSError, ValueError, KeyError) as e:
        raise SystemExit(f"cannot add {EMBEDDINGS_FILE}: {e}")
    log(f"wrote {Path(a.model_dir) / EMBEDDINGS_FILE} ({meta['num_items'] + 1} x {meta['dim']} float32) "
        f"and listed it in model.json (version {meta['version']} unchanged)")


def cmd_encoder(a) -> None:
    try:
        retrieval.add_to_model_dir(a.model_dir, block=a.scan_block)
    except (OSError, ValueError, KeyError) as e:
        raise SystemExit(f"cannot add {retrieval.ENCODER_FILE}: {e}")
    log(f"wrote {Path(a.model_dir) / retrieval.ENCODER_FILE} and listed it in model.json (version unchanged)")


def cmd_gpu_ceiling(a) -> None:
    from . import gpu_ceiling
    gpu_ceiling.main(a)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows defaults, except for required options, flags and None."""

    def _get_help_string(self, action):
        if action.required or action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m streamrec_model", formatter_class=HelpFormatter,
                                description="Train, evaluate and export streamrec's next-item model.")
    sub = p.add_subparsers(dest="command", required=True)
    fmt = HelpFormatter

    def runtime(q):
        q.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: os.cpu_count())")

    def data_args(q):
        q.add_argument("--data", required=True, help="events (.jsonl), CSV events (.csv: user,item,behavior,ts) or sequences (.txt) file")
        q.add_argument("--format", choices=["auto", "events", "csv", "sequences"], default="auto",
                       help="input format; auto: .jsonl/.json -> events, .csv -> csv, .txt -> sequences")
        q.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                       help="auto: cuda when available, else cpu")
        q.add_argument("--protocol", choices=["full", "sampled"], default="full",
                       help="test ranking: all items, or the target + 100 unseen uniform items")
        runtime(q)

    def export_args(q, checkpoint=True):
        q.add_argument("--out", required=True, help="model directory to create (written atomically)")
        q.add_argument("--force", action="store_true", help="replace an existing --out directory")
        q.add_argument("--export-k", type=int, default=100, help="top-K fixed in model.onnx (capped at N)")
        q.add_argument("--name", default=None, help="model name in model.json (default: sasrec; export: the checkpoint's name)")
        q.add_argument("--opset", type=int, default=17, help="ONNX opset, 14..17")
        q.add_argument("--trimmed", action=argparse.BooleanOptionalAction, default=True,
                       help="model.onnx computes the last transformer block for the last position only "
                            "(same outputs, fewer FLOPs); --no-trimmed exports the full graph")
        if checkpoint:
            q.add_argument("--no-checkpoint", action="store_true",
                           help="do not write checkpoint.pt (~ the size of model.onnx) into the model "
                                "directory; evaluate and export then cannot use that directory")
        else:
            q.add_argument("--checkpoint", action="store_true",
                           help="also write checkpoint.pt (~ the size of model.onnx) into the model directory")

    t = sub.add_parser("train", formatter_class=fmt, help="data -> trained, evaluated, exported model dir",
                       description="Train on a data file, evaluate on its test split (model, popularity, "
                                   "co-occurrence) and export a model directory.")
    data_args(t)
    export_args(t)
    t.add_argument("--min-count", type=int, default=1, help="drop items with fewer events")
    t.add_argument("--max-len", type=int, default=MODEL_DEFAULTS.max_len, help="events per input sequence")
    t.add_argument("--dim", type=int, default=MODEL_DEFAULTS.dim, help="embedding / hidden size")
    t.add_argument("--layers", type=int, default=MODEL_DEFAULTS.layers, help="transformer blocks")
    t.add_argument("--heads", type=int, default=MODEL_DEFAULTS.heads, help="attention heads (divide --dim)")
    t.add_argument("--dropout", type=float, default=MODEL_DEFAULTS.dropout, help="dropout rate")
    t.add_argument("--epochs", type=int, default=DEFAULTS.epochs, help="maximum epochs")
    t.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size, help="sequences per batch")
    t.add_argument("--lr", type=float, default=DEFAULTS.lr, help="AdamW learning rate")
    t.add_argument("--weight-decay", type=float, default=DEFAULTS.weight_decay, help="AdamW weight decay")
    t.add_argument("--warmup-steps", type=int, default=DEFAULTS.warmup_steps,
                   help="linear learning-rate warm-up steps (0: none)")
    t.add_argument("--patience", type=int, default=DEFAULTS.patience,
                   help="stop after this many evaluations without validation NDCG@10 improvement")
    t.add_argument("--eval-every", type=int, default=DEFAULTS.eval_every, help="epochs between validations")
    t.add_argument("--loss", choices=["full", "sampled"], default=DEFAULTS.loss,
                   help="full softmax over the catalog, or sampled softmax with --negatives")
    t.add_argument("--negatives", type=int, default=DEFAULTS.negatives,
                   help="negative draws per batch for --loss sampled (kept once each)")
    t.add_argument("--sampler", choices=["uniform", "popularity"], default=DEFAULTS.sampler,
                   help="--loss sampled: draw negatives uniformly, or by popularity with the log-Q correction")
    t.add_argument("--transitions", type=int, default=MODEL_DEFAULTS.transitions,
                   help="transition prior: the most frequent successors per item (training prefixes) "
                        "added to the scores as alpha*log(1+count), alpha chosen on validation; 0: none")
    t.add_argument("--prior", choices=["learned", "counted"], default=MODEL_DEFAULTS.prior,
                   help="weights of the transition prior: alpha*log(1+count) fitted after training, or learned from "
                        "the counts jointly with the transformer (leave-one-out counts in training)")
    t.add_argument("--no-history", action="store_true",
                   help="ablation: no history bonus (a learned score bonus for items already in the input, "
                        "by event type and recency)")
    t.add_argument("--label-smoothing", type=float, default=DEFAULTS.label_smoothing,
                   help="label smoothing of the full-softmax cross-entropy (spread over the real items)")
    t.add_argument("--schedule", choices=["constant", "cosine"], default=DEFAULTS.schedule,
                   help="learning rate after the warm-up: constant, or cosine decay to 0 at --epochs")
    t.add_argument("--stop", choices=["select", "all"], default=DEFAULTS.stop,
                   help="early stopping waits for the selection score (geometric mean of full and sampled "
                        "validation NDCG@10), or for it and both protocols' NDCG@10 to plateau")
    t.add_argument("--refit-epochs", type=int, default=DEFAULTS.refit_epochs,
                   help="after model selection, train this many epochs on training prefixes + validation "
                        "events (everything before the test events) at the selected epoch's learning rate")
    t.add_argument("--no-event-types", action="store_true",
                   help="ablation: ignore the event types (the model sees every event as the same kind)")
    t.add_argument("--all-windows", action="store_true",
                   help="also train on older windows of max_len+1 events (default: last window only)")
    t.add_argument("--seed", type=int, default=DEFAULTS.seed, help="random seed")
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("evaluate", formatter_class=fmt, help="metrics of an exported model dir on a data file",
                       description="Rebuild the model from DIR/checkpoint.pt (checked against parity.json), "
                                   "split the data leave-one-out with the model's vocabulary and print "
                                   "model / popularity / co-occurrence HR@10 and NDCG@10.")
    e.add_argument("--model", required=True, help="model directory (needs checkpoint.pt)")
    data_args(e)
    e.add_argument("--seed", type=int, default=0, help="seed for --protocol sampled")
    e.add_argument("--output", default=None, help="also write the metrics JSON to this file")
    e.set_defaults(func=cmd_evaluate)

    x = sub.add_parser("export", formatter_class=fmt, help="checkpoint.pt -> model dir",
                       description="Export a model directory from a checkpoint.pt written by train.")
    x.add_argument("--checkpoint", required=True, help="checkpoint.pt from a model directory")
    x.add_argument("--data", default=None,
                   help="refit the transition prior on this file's training prefixes (alpha chosen on its "
                        "validation events) and re-evaluate on its test events (default: export as saved)")
    x.add_argument("--format", choices=["auto", "events", "csv", "sequences"], default="auto", help="format of --data")
    x.add_argument("--transitions", type=int, default=None,
                   help="with --data: successor slots per item (default: the checkpoint's, else 20; 0: no prior)")
    x.add_argument("--refit-epochs", type=int, default=0,
                   help="with --data: first train the checkpoint this many epochs on the training prefixes + "
                        "validation events (as train --refit-epochs; for checkpoints trained without it)")
    export_args(x)
    runtime(x)
    x.set_defaults(func=cmd_export)

    tb = sub.add_parser("table", formatter_class=fmt, help="markdown table of trained model dirs (e.g. seeds)",
                        description="Print the test metrics of model directories written by train (both "
                                    "protocols, baselines, segments) as mean ± std over the directories.")
    tb.add_argument("models", nargs="+", help="model directories (their model.json)")
    tb.set_defaults(func=cmd_table)

    r = sub.add_parser("random", formatter_class=fmt, help="random-weight model dir (benchmarks)",
                       description="Export a model directory whose model has random, untrained weights over "
                                   "a synthetic vocabulary item-1..item-N (for inference benchmarks).")
    r.add_argument("--items", type=int, required=True, help="catalog size N (ids item-1..item-N)")
    export_args(r, checkpoint=False)
    r.add_argument("--max-len", type=int, default=MODEL_DEFAULTS.max_len, help="events per input sequence")
    r.add_argument("--dim", type=int, default=MODEL_DEFAULTS.dim, help="embedding / hidden size")
    r.add_argument("--layers", type=int, default=MODEL_DEFAULTS.layers, help="transformer blocks")
    r.add_argument("--heads", type=int, default=MODEL_DEFAULTS.heads, help="attention heads (divide --dim)")
    r.add_argument("--seed", type=int, default=0, help="seed of the random weights")
    runtime(r)
    r.set_defaults(func=cmd_random)

    m = sub.add_parser("embeddings", formatter_class=fmt, help=f"add {EMBEDDINGS_FILE} to a model dir",
                       description=f"Extract the item embedding table from DIR/model.onnx (no retraining) into "
                                   f"DIR/{EMBEDDINGS_FILE} (float32 little-endian, [num_items + 1, dim], row 0 "
                                   f"padding) and list its sha256 in DIR/model.json's files; the app uses it for "
                                   f"explanations. New exports write it themselves.")
    m.add_argument("model_dir", help="an exported model directory (model.json, model.onnx)")
    m.set_defaults(func=cmd_embeddings)

    n = sub.add_parser("encoder", formatter_class=fmt, help=f"add {retrieval.ENCODER_FILE} to a model dir",
                       description=f"Cut the encoder out of DIR/model.onnx (no retraining): DIR/{retrieval.ENCODER_FILE} "
                                   f"gives the session vector and what the history bonus and transition prior add, "
                                   f"without the item-table product; the app's fast path for large catalogs "
                                   f"(scoring.retrieval) needs it. Listed in DIR/model.json's files.")
    n.add_argument("model_dir", help="an exported model directory (model.json, model.onnx)")
    n.add_argument("--scan-block", type=int, default=retrieval.SCAN_BLOCK,
                   help="items per block of the scan (the app re-scores candidates x block items exactly)")
    n.set_defaults(func=cmd_encoder)

    gc = sub.add_parser("gpu-ceiling", formatter_class=fmt, help="top-K throughput on a GPU, exact vs fast path",
                        description="Random models of each --items size, top-K sequences/s at each --batch: exact "
                                    "(full product + topk) and the fast path (low-precision scan, exact re-score of "
                                    "candidates). On a machine without CUDA: a tiny CPU smoke run unless --full.")
    from . import gpu_ceiling
    gpu_ceiling.add_arguments(gc)
    gc.set_defaults(func=cmd_gpu_ceiling)
    return p


def main(argv=None) -> None:
    args = parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
