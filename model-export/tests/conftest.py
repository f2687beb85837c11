import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch: see streamrec_model/__init__.py

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
torch.set_num_threads(2)


def clustered_users(n_users=300, n_clusters=8, per_cluster=10, min_len=6, max_len=14, stay=0.9, seed=0):
    """Synthetic sessions with structure: items live in clusters, and the next item
    comes from the current cluster with probability ``stay`` (else a random cluster).
    Returns {user: [item id, ...]} in time order; every item is about equally popular."""
    rng = np.random.default_rng(seed)
    users = {}
    for u in range(n_users):
        c = rng.integers(n_clusters)
        seq = []
        for _ in range(rng.integers(min_len, max_len + 1)):
            if rng.random() > stay:
                c = rng.integers(n_clusters)
            seq.append(f"c{c}-i{rng.integers(per_cluster)}")
        users[f"u{u}"] = seq
    return users


def write_sequences(path, users):
    path.write_text("".join(f"{u} {' '.join(items)}\n" for u, items in users.items()), encoding="utf-8")
    return path


@pytest.fixture
def clustered_file(tmp_path):
    return write_sequences(tmp_path / "clustered.txt", clustered_users())
