#!/bin/sh
# Make sure Debian's /usr/bin/python3 has torch, onnx, numpy and pytest (idempotent).
# PyPI is not needed: everything comes from Debian packages.
set -eu
PY=/usr/bin/python3
PKGS="python3-torch python3-onnx python3-numpy python3-pytest libopenblas0-pthread"

have() { "$PY" -c 'import torch, onnx, numpy, pytest' >/dev/null 2>&1; }

if have; then
    echo "model-export: $("$PY" -c 'import torch, onnx; print("torch", torch.__version__, "onnx", onnx.__version__)')"
    if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
        echo "model-export: hint: 'apt-get install -y libopenblas0-pthread' makes training ~5x faster" >&2
    fi
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "model-export: $PY lacks torch/onnx/numpy/pytest. Run as root:" >&2
    echo "  apt-get update && apt-get install -y $PKGS" >&2
    exit 1
fi
apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y $PKGS
have || { echo "model-export: packages installed but '$PY -c \"import torch, onnx, numpy, pytest\"' still fails" >&2; exit 1; }
echo "model-export: ready"
