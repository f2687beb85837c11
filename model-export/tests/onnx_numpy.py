"""A tiny numpy interpreter for the ONNX operators our export uses (test helper only:
there is no Python onnxruntime here). It runs model.onnx graph-node by graph-node so the
tests can compare the exported graph with PyTorch; an unknown operator raises."""
from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import numpy_helper


def _axes(x):
    return None if len(x) < 2 or x[1] is None else [int(a) for a in x[1]]


def _unsqueeze(x, a):
    out, rank = x[0], x[0].ndim + len(x[1])
    for ax in sorted(int(v) % rank for v in x[1]):
        out = np.expand_dims(out, ax)
    return out


def _squeeze(x, a):
    axes = _axes(x)
    return np.squeeze(x[0], axis=None if axes is None else tuple(axes))


def _split(x, a, n_out):
    axis = a.get("axis", 0)
    sizes = x[1] if len(x) > 1 and x[1] is not None else [x[0].shape[axis] // n_out] * n_out
    return tuple(np.split(x[0], np.cumsum(sizes)[:-1], axis=axis))


def _reshape(x, a):
    shape = [int(s) if s != 0 else x[0].shape[i] for i, s in enumerate(x[1])]
    return x[0].reshape(shape)


def _layer_norm(x, a):
    axis, eps = a.get("axis", -1), a.get("epsilon", 1e-5)
    axes = tuple(range(axis % x[0].ndim, x[0].ndim))
    mean = x[0].mean(axis=axes, keepdims=True)
    var = ((x[0] - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x[0] - mean) / np.sqrt(var + eps) * x[1]
    return (y + x[2] if len(x) > 2 and x[2] is not None else y).astype(x[0].dtype)


def _gemm(x, a):
    A = x[0].T if a.get("transA") else x[0]
    B = x[1].T if a.get("transB") else x[1]
    y = a.get("alpha", 1.0) * (A @ B)
    return (y + a.get("beta", 1.0) * x[2] if len(x) > 2 and x[2] is not None else y).astype(x[0].dtype)


def _softmax(x, a):
    e = np.exp(x[0] - x[0].max(axis=a.get("axis", -1), keepdims=True))
    return e / e.sum(axis=a.get("axis", -1), keepdims=True)


def _topk(x, a):
    k, axis = int(x[1][0]), a.get("axis", -1)
    assert a.get("largest", 1) == 1 and axis in (-1, x[0].ndim - 1)
    idx = np.argsort(-x[0], axis=-1, kind="stable")[..., :k].astype(np.int64)
    return np.take_along_axis(x[0], idx, axis=-1), idx


def _div(x, a):
    if np.issubdtype(x[0].dtype, np.integer):
        return (np.trunc(x[0] / x[1])).astype(x[0].dtype)
    return x[0] / x[1]


def _slice(x, a):
    data, starts, ends = x[0], x[1], x[2]
    axes = x[3] if len(x) > 3 and x[3] is not None else range(len(starts))
    steps = x[4] if len(x) > 4 and x[4] is not None else [1] * len(starts)
    index = [slice(None)] * data.ndim
    for s, e, ax, st in zip(starts, ends, axes, steps):
        n = data.shape[int(ax)]
        index[int(ax)] = slice(*slice(int(max(min(s, n), -n - 1)), int(max(min(e, n), -n - 1)), int(st)).indices(n))
    return data[tuple(index)]


def _scatter_elements(x, a):
    red = a.get("reduction", b"none")
    red = red.decode() if isinstance(red, bytes) else red
    out = x[0].copy()
    if red == "add":  # duplicates add up
        assert a.get("axis", 0) in (1, -1) and out.ndim == 2
        for r in range(out.shape[0]):
            np.add.at(out[r], x[1][r].astype(np.int64), x[2][r])
        return out
    assert red == "none", red
    np.put_along_axis(out, x[1].astype(np.int64), x[2], axis=a.get("axis", 0))
    return out


_erf = np.vectorize(math.erf)

OPS = {
    "Constant": lambda x, a: numpy_helper.to_array(a["value"]),
    "Identity": lambda x, a: x[0],
    "Add": lambda x, a: x[0] + x[1], "Sub": lambda x, a: x[0] - x[1],
    "Mul": lambda x, a: x[0] * x[1], "Div": _div,
    "MatMul": lambda x, a: np.matmul(x[0], x[1]), "Gemm": _gemm,
    "Unsqueeze": _unsqueeze, "Squeeze": _squeeze, "Reshape": _reshape,
    "Concat": lambda x, a: np.concatenate(x, axis=a["axis"]),
    "Gather": lambda x, a: np.take(x[0], x[1], axis=a.get("axis", 0)),
    "Transpose": lambda x, a: np.transpose(x[0], a.get("perm")),
    "Shape": lambda x, a: np.array(x[0].shape, dtype=np.int64),
    "Cast": lambda x, a: x[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]]),
    "Equal": lambda x, a: x[0] == x[1], "Not": lambda x, a: ~x[0],
    "GreaterOrEqual": lambda x, a: x[0] >= x[1],
    "And": lambda x, a: x[0] & x[1], "Or": lambda x, a: x[0] | x[1],
    "Range": lambda x, a: np.arange(x[0], x[1], x[2]).astype(x[0].dtype),
    "Softmax": _softmax, "LayerNormalization": _layer_norm,
    "Erf": lambda x, a: _erf(x[0].astype(np.float64)).astype(x[0].dtype),
    "Slice": _slice, "TopK": _topk, "ScatterElements": _scatter_elements,
    "GatherElements": lambda x, a: np.take_along_axis(x[0], x[1].astype(np.int64), axis=a.get("axis", 0)), "Split": None,  # Split needs the output count: see run()
}


def run(model: onnx.ModelProto, feeds: dict, flops: list | None = None) -> list:
    """Outputs of ``model`` (in graph output order) for the numpy ``feeds``.
    ``flops``: a list that receives the FLOPs (2 per multiply-add) of each MatMul/Gemm."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        if node.op_type not in OPS:
            raise NotImplementedError(f"operator {node.op_type}")
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        args = [env[i] if i else None for i in node.input]
        out = _split(args, attrs, len(node.output)) if node.op_type == "Split" else OPS[node.op_type](args, attrs)
        if flops is not None and node.op_type in ("MatMul", "Gemm"):
            flops.append(2 * int(np.asarray(out).size) * int(args[0].shape[-2 if node.op_type == "Gemm"
                                                                              and attrs.get("transA") else -1]))
        for name, value in zip(node.output, out if isinstance(out, tuple) else (out,)):
            env[name] = np.asarray(value)
    return [env[o.name] for o in model.graph.output]
