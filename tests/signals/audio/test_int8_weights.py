"""int8_weights: a MatMul with a constant weight becomes an 8-bit MatMulNBits onnxruntime runs.

The model is built from protobuf fields by hand (no ``onnx`` package): one input X (2 x 64),
Y = X @ W (W: 64 x 8) and Z = W + 1, so W is also read by something that is not a MatMul.
"""

from __future__ import annotations

import numpy as np
import onnxruntime as ort

from moodlens.signals.audio.int8_weights import quantise_matmul_weights
from moodlens.signals.audio.onnx_wire import Field, parse, serialise

LEN, VARINT = 2, 0


def _v(n: int) -> bytes:
    out = bytearray()
    while True:
        c, n = n & 0x7F, n >> 7
        out.append(c | 0x80 if n else c)
        if not n:
            return bytes(out)


def _s(number: int, text: str) -> Field:
    return (number, LEN, text.encode())


def _tensor(name: str, a: np.ndarray) -> bytes:
    dims: list[Field] = [(1, VARINT, _v(d)) for d in a.shape]
    return serialise([*dims, (2, VARINT, _v(1)), _s(8, name), (9, LEN, a.tobytes())])


def _value(name: str, shape: tuple[int, ...]) -> bytes:
    dims = serialise([(1, LEN, serialise([(1, VARINT, _v(d))])) for d in shape])
    tensor = serialise([(1, VARINT, _v(1)), (2, LEN, dims)])
    return serialise([_s(1, name), (2, LEN, serialise([(1, LEN, tensor)]))])


def _node(op: str, inputs: list[str], output: str) -> bytes:
    return serialise([*[_s(1, i) for i in inputs], _s(2, output), _s(3, op), _s(4, op)])


def _model(w: np.ndarray) -> bytes:
    one = np.ones((1,), dtype=np.float32)
    graph = serialise([
        (1, LEN, _node("MatMul", ["X", "W"], "Y")),
        (1, LEN, _node("Add", ["W", "one"], "Z")),
        _s(2, "tiny"),
        (5, LEN, _tensor("W", w)),
        (5, LEN, _tensor("one", one)),
        (11, LEN, _value("X", (2, 64))),
        (12, LEN, _value("Y", (2, 8))),
        (12, LEN, _value("Z", (64, 8))),
    ])  # fmt: skip
    opset = serialise([_s(1, ""), (2, VARINT, _v(14))])
    return serialise([(1, VARINT, _v(8)), (7, LEN, graph), (8, LEN, opset)])


def _run(model: bytes, x: np.ndarray) -> list[np.ndarray]:
    s = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    out: list[np.ndarray] = s.run(["Y", "Z"], {"X": x})
    return out


def _ops(model: bytes) -> list[str]:
    graph = next(p for n, w, p in parse(model) if n == 7)
    nodes = [parse(p) for n, w, p in parse(graph) if n == 1]
    return [next(p.decode() for n, w, p in node if n == 4) for node in nodes]


def test_a_constant_weight_matmul_becomes_8_bit_and_gives_nearly_the_same_product() -> None:
    rng = np.random.default_rng(0)
    w = rng.standard_normal((64, 8)).astype(np.float32)
    x = rng.standard_normal((2, 64)).astype(np.float32)
    before = _model(w)
    after, n = quantise_matmul_weights(before)
    assert n == 1
    assert _ops(after) == ["MatMulNBits", "Add"]
    (y0, z0), (y1, z1) = _run(before, x), _run(after, x)
    # 8-bit blocks of 32 values: a few tenths of a per cent of the product's scale
    assert np.max(np.abs(y1 - y0)) < 0.02 * np.max(np.abs(y0))
    # the Add still reads the float weight, which is therefore kept, unchanged
    np.testing.assert_array_equal(z1, z0)


def test_a_model_without_constant_weight_matmuls_is_left_as_it_was() -> None:
    w = np.ones((64, 8), dtype=np.float32)
    model = _model(w)
    graph = next(p for n, w_, p in parse(model) if n == 7)
    no_matmul = serialise([f for f in parse(graph) if not (f[0] == 1 and b"MatMul" in f[2])])
    no_matmul_model = serialise([(7, LEN, no_matmul) if f[0] == 7 else f for f in parse(model)])
    after, n = quantise_matmul_weights(no_matmul_model)
    assert n == 0
    assert _ops(after) == ["Add"]
