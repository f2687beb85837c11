"""Writes the Java tests' fast-path fixture, src/test/models/fastpath: a small random model WITH a history bonus and
a transition prior (which random benchmark models lack), plus its encoder.onnx (int8 scan). Deterministic:
``cd model-export && /usr/bin/python3 tests/fastpath_fixture.py ../src/test/models/fastpath``."""
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamrec_model.export import export_model_dir  # noqa: E402
from streamrec_model.model import ModelConfig, SASRec  # noqa: E402
from streamrec_model.retrieval import add_to_model_dir  # noqa: E402

N, DIM, MAX_LEN, SUCC = 2000, 32, 20, 5


def main(out: str) -> None:
    torch.manual_seed(11)
    m = SASRec(ModelConfig(num_items=N, dim=DIM, heads=2, max_len=MAX_LEN, dropout=0.0, transitions=SUCC)).eval()
    with torch.no_grad():
        m.hist_bonus.normal_(std=0.3)  # x HISTORY_SCALE: bonuses of a few units, like a trained model's
        m.trans_items.copy_(torch.stack([torch.randperm(N)[:SUCC] + 1 for _ in range(N + 1)]))
        m.trans_weights.copy_(torch.rand(N + 1, SUCC) * 4)
    items = ["<pad>"] + [f"item-{i}" for i in range(1, N + 1)]
    export_model_dir(m, out, items=items, popular_items=items[1:201], training={"data": None}, metrics={},
                     k=50, name="fastpath-fixture", checkpoint=False, force=True)
    add_to_model_dir(out)


if __name__ == "__main__":
    main(sys.argv[1])
