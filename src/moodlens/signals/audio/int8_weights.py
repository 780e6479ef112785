"""The decoder's MatMul weights as 8-bit blocks (``MatMulNBits``), edited in the protobuf bytes.

After folding (prepared.py) a greedy decoder step reads ~145 MB of float32 weights and is
bound by memory bandwidth: MatMul was two thirds of its kernel time. onnxruntime's
``MatMulNBits`` with 8 bits keeps each weight as bytes with one scale and zero point per 32
values of a column, and with ``accuracy_level`` 4 multiplies in int8: measured (ADR 0017)
a step costs about half and the process holds ~95 MB less, with the same token ids on the
benchmark utterances. The wheel shipped these weights as int8 in the first place, so the
model was exported to stand int8 weights.

The blocks are packed by onnxruntime's own ``quantize_matmul_8bits`` (what its
``MatMulNBitsQuantizer`` calls), so no ``onnx`` package is needed; the graph edit uses the
wire helpers of onnx_wire.py. Only a ``MatMul`` whose second input is a 2-D float32
initializer of the outer graph is rewritten (Moonshine's merged decoder keeps every weight
there and the MatMuls in the ``If`` branches, which read it from outer scope); a float weight
nothing else reads any more is dropped. Field numbers, as in onnx.proto3:

- GraphProto: initializer = 5; NodeProto: input = 1, output = 2, name = 3, op_type = 4,
  attribute = 5, domain = 7; AttributeProto: name = 1, i = 3, type = 20 (INT = 2)
- TensorProto: dims = 1, data_type = 2 (FLOAT = 1, UINT8 = 2), name = 8, raw_data = 9
- ModelProto: opset_import = 8; OperatorSetIdProto: domain = 1, version = 2
"""

from __future__ import annotations

import numpy as np
from onnxruntime.capi._pybind_state import quantize_matmul_8bits

from moodlens.signals.audio.onnx_wire import (
    _GRAPH_INIT,
    _GRAPH_NODE,
    _LEN,
    _MODEL_GRAPH,
    _NODE_ATTR,
    _NODE_INPUT,
    _NODE_NAME,
    _TENSOR_NAME,
    Field,
    _enc_varint,
    _graph_of,
    _map_subgraphs,
    _text,
    _varint,
    parse,
    serialise,
)

BLOCK_SIZE = 32  # divides Moonshine's K (416, 1664) exactly, so no padding
ACCURACY_LEVEL = 4  # int8 x int8 products (MLAS); 0 would dequantise to float32 each step
_VARINT = 0
_NODE_OUTPUT, _NODE_OP, _NODE_DOMAIN = 2, 4, 7
_ATTR_I, _ATTR_TYPE, _ATTR_INT = 3, 20, 2
_T_DIMS, _T_TYPE, _T_RAW = 1, 2, 9
_FLOAT, _UINT8 = 1, 2
_MODEL_OPSET = 8
_MS_DOMAIN = "com.microsoft"


def _dims(tensor: list[Field]) -> list[int]:
    out: list[int] = []
    for n, w, p in tensor:
        if n != _T_DIMS:
            continue
        if w == _VARINT:
            out.append(_varint(p, 0)[0])
        else:  # packed repeated int64
            i = 0
            while i < len(p):
                d, i = _varint(p, i)
                out.append(d)
    return out


def _float_matrix(payload: bytes) -> np.ndarray | None:
    """The 2-D float32 array of an initializer stored as raw data, else None."""
    t = parse(payload)
    dtype = next((_varint(p, 0)[0] for n, w, p in t if n == _T_TYPE and w == _VARINT), 0)
    raw = next((p for n, w, p in t if n == _T_RAW and w == _LEN), None)
    dims = _dims(t)
    if dtype != _FLOAT or raw is None or len(dims) != 2 or len(raw) != 4 * dims[0] * dims[1]:
        return None
    return np.frombuffer(raw, dtype="<f4").reshape(dims)


def _tensor(name: str, array: np.ndarray, dtype: int) -> Field:
    fields: list[Field] = [(_T_DIMS, _VARINT, _enc_varint(d)) for d in array.shape]
    fields += [
        (_T_TYPE, _VARINT, _enc_varint(dtype)),
        (_TENSOR_NAME, _LEN, name.encode()),
        (_T_RAW, _LEN, np.ascontiguousarray(array).tobytes()),
    ]
    return (_GRAPH_INIT, _LEN, serialise(fields))


def _int_attr(name: str, value: int) -> Field:
    attr = [
        (1, _LEN, name.encode()),
        (_ATTR_I, _VARINT, _enc_varint(value)),
        (_ATTR_TYPE, _VARINT, _enc_varint(_ATTR_INT)),
    ]
    return (_NODE_ATTR, _LEN, serialise(attr))


def _quantise(w: np.ndarray, name: str) -> tuple[list[Field], tuple[str, str, str]]:
    """8-bit asymmetric blocks of ``w`` (K x N) in MatMulNBits' layout, as initializers."""
    k, n = w.shape
    blocks = -(-k // BLOCK_SIZE)
    packed = np.zeros((n, blocks, BLOCK_SIZE), dtype=np.uint8)
    scales = np.zeros((n, blocks), dtype=np.float32)
    zero = np.zeros((n, blocks), dtype=np.uint8)
    weight = np.ascontiguousarray(w, dtype=np.float32)
    quantize_matmul_8bits(packed, weight, scales, zero, BLOCK_SIZE, n, k, False)
    names = (f"{name}_Q8", f"{name}_scales", f"{name}_zero_points")
    inits = [
        _tensor(names[0], packed, _UINT8),
        _tensor(names[1], scales, _FLOAT),
        _tensor(names[2], zero, _UINT8),
    ]
    return inits, names


def _op(node: list[Field]) -> tuple[str, str]:
    return _text(node, _NODE_OP, ""), _text(node, _NODE_DOMAIN, "")


def _inputs(node: list[Field]) -> list[str]:
    return [p.decode() for n, w, p in node if n == _NODE_INPUT and w == _LEN]


def quantise_matmul_weights(model: bytes) -> tuple[bytes, int]:
    """``model`` with its constant-weight MatMuls as 8-bit ``MatMulNBits``; returns the new
    model and how many weights were quantised."""
    fields, gi = _graph_of(model)
    graph = parse(fields[gi][2])
    weights: dict[str, np.ndarray] = {}
    for n, w, p in graph:
        if n == _GRAPH_INIT and w == _LEN:
            m = _float_matrix(p)
            if m is not None:
                weights[_text(parse(p), _TENSOR_NAME, "")] = m
    done: dict[str, tuple[str, str, str]] = {}
    new_inits: list[Field] = []
    still_read: set[str] = set()

    def rewrite_node(node: bytes, shadowed: frozenset[str]) -> bytes:
        node = _map_subgraphs(node, lambda g, _path: rewrite_graph(g, shadowed), "")
        f = parse(node)
        ins = _inputs(f)
        w = ins[1] if len(ins) == 2 else ""
        if _op(f) != ("MatMul", "") or w not in weights or w in shadowed:
            still_read.update(ins)
            return node
        if w not in done:
            inits, done[w] = _quantise(weights[w], w)
            new_inits.extend(inits)
        k, n = weights[w].shape
        kept = [x for x in f if x[0] in (_NODE_OUTPUT, _NODE_NAME)]
        still_read.add(ins[0])
        return serialise([
            *[(_NODE_INPUT, _LEN, s.encode()) for s in (ins[0], *done[w])],
            *kept,
            (_NODE_OP, _LEN, b"MatMulNBits"),
            (_NODE_DOMAIN, _LEN, _MS_DOMAIN.encode()),
            _int_attr("K", k), _int_attr("N", n), _int_attr("bits", 8),
            _int_attr("block_size", BLOCK_SIZE), _int_attr("accuracy_level", ACCURACY_LEVEL),
        ])  # fmt: skip

    def rewrite_graph(g: bytes, shadowed: frozenset[str], outer: bool = False) -> bytes:
        parsed = parse(g)
        # A subgraph's own initializer of the same name hides the outer weight.
        local = {_text(parse(p), _TENSOR_NAME, "") for n, w, p in parsed if n == _GRAPH_INIT}
        inner = shadowed if outer else shadowed | local
        return serialise([
            (n, w, rewrite_node(p, inner)) if n == _GRAPH_NODE and w == _LEN else (n, w, p)
            for n, w, p in parsed
        ])  # fmt: skip

    graph = parse(rewrite_graph(serialise(graph), frozenset(), outer=True))
    unused = set(done) - still_read
    graph = [
        f
        for f in graph
        if not (f[0] == _GRAPH_INIT and _text(parse(f[2]), _TENSOR_NAME, "") in unused)
    ]
    fields[gi] = (_MODEL_GRAPH, _LEN, serialise(graph + new_inits))
    return serialise(_with_ms_opset(fields)), len(done)


def _with_ms_opset(fields: list[Field]) -> list[Field]:
    """Declare the ``com.microsoft`` operator set that ``MatMulNBits`` belongs to, if absent."""
    for n, w, p in fields:
        if n == _MODEL_OPSET and w == _LEN and _text(parse(p), 1, "") == _MS_DOMAIN:
            return fields
    opset = serialise([(1, _LEN, _MS_DOMAIN.encode()), (2, _VARINT, _enc_varint(1))])
    return [*fields, (_MODEL_OPSET, _LEN, opset)]
