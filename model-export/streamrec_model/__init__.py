"""streamrec model export: train a SASRec-style next-item model and export it to ONNX."""
import os

# OpenMP threads that spin while waiting make small tensor ops ~10x slower when the
# machine is shared (measured here: 2 threads beside a Maven build). Must precede torch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
