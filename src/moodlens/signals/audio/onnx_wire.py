"""Two small edits of an ONNX model's protobuf bytes, without the ``onnx`` package.

Only the wire format is parsed (varint keys, length-delimited fields), and only along the
path ModelProto.graph -> NodeProto -> AttributeProto -> GraphProto, so tensors are copied
as opaque bytes. Field numbers are those of onnx.proto3:

- ModelProto: graph = 7
- GraphProto: node = 1, name = 2, initializer = 5
- NodeProto: input = 1, name = 3, attribute = 5
- AttributeProto: name = 1, g = 6, graphs = 11
- TensorProto: name = 8

``name_subgraphs``: onnxruntime writes the subgraphs of an ``If`` node without a name when it
saves a model it loaded from ORT format, and then refuses to load what it saved.
``hoist_shared_initializers``: constant folding gives each branch of an ``If`` its own copy
of a folded weight (Moonshine's 54 MB output projection twice); one copy in the outer graph,
which both branches may read, is enough.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

Field = tuple[int, int, bytes]  # (field number, wire type, payload)
GraphFn = Callable[[bytes, str], bytes]  # (GraphProto bytes, its path) -> new bytes

_MODEL_GRAPH = 7
_GRAPH_NODE, _GRAPH_NAME, _GRAPH_INIT = 1, 2, 5
_NODE_INPUT, _NODE_NAME, _NODE_ATTR = 1, 3, 5
_ATTR_NAME, _ATTR_G, _ATTR_GRAPHS = 1, 6, 11
_TENSOR_NAME = 8
_LEN = 2  # wire type of length-delimited fields


def _varint(b: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        c = b[i]
        i += 1
        value |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return value, i


def _enc_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        c, n = n & 0x7F, n >> 7
        out.append(c | 0x80 if n else c)
        if not n:
            return bytes(out)


def parse(b: bytes) -> list[Field]:
    """Top-level fields of one message, payloads uninterpreted."""
    out: list[Field] = []
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, j = _varint(b, i)
        elif wire == 1:
            j = i + 8
        elif wire == 5:
            j = i + 4
        elif wire == _LEN:
            n, i = _varint(b, i)
            j = i + n
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, wire, b[i:j]))
        i = j
    return out


def serialise(fields: list[Field]) -> bytes:
    out = bytearray()
    for number, wire, payload in fields:
        out += _enc_varint(number << 3 | wire)
        if wire == _LEN:
            out += _enc_varint(len(payload))
        out += payload
    return bytes(out)


def _text(fields: list[Field], number: int, default: str) -> str:
    return next((p.decode() for n, w, p in fields if n == number and w == _LEN), default)


def _map_subgraphs(node: bytes, fn: GraphFn, prefix: str) -> bytes:
    fields = parse(node)
    name = _text(fields, _NODE_NAME, "node")
    out: list[Field] = []
    for number, wire, payload in fields:
        if number == _NODE_ATTR and wire == _LEN:
            attr = parse(payload)
            attr_name = _text(attr, _ATTR_NAME, "attr")
            payload = serialise(
                [
                    (n, w, fn(p, f"{prefix}/{name}/{attr_name}"))
                    if n in (_ATTR_G, _ATTR_GRAPHS) and w == _LEN
                    else (n, w, p)
                    for n, w, p in attr
                ]
            )
        out.append((number, wire, payload))
    return serialise(out)


def _graph_of(model: bytes) -> tuple[list[Field], int]:
    fields = parse(model)
    index = next(i for i, (n, w, _) in enumerate(fields) if n == _MODEL_GRAPH and w == _LEN)
    return fields, index


def name_subgraphs(model: bytes) -> bytes:
    """Give every unnamed (sub)graph a unique name made of its node and attribute."""

    def fix(graph: bytes, path: str) -> bytes:
        fields = [
            (n, w, _map_subgraphs(p, fix, path) if n == _GRAPH_NODE and w == _LEN else p)
            for n, w, p in parse(graph)
        ]
        if not _text(fields, _GRAPH_NAME, ""):
            fields = [f for f in fields if f[0] != _GRAPH_NAME] + [
                (_GRAPH_NAME, _LEN, path.encode())
            ]
        return serialise(fields)

    fields, gi = _graph_of(model)
    fields[gi] = (_MODEL_GRAPH, _LEN, fix(fields[gi][2], "main"))
    return serialise(fields)


def _tensor_key(tensor: bytes) -> tuple[str, str]:
    """(name, digest of everything but the name)."""
    fields = parse(tensor)
    rest = serialise([f for f in fields if f[0] != _TENSOR_NAME])
    return _text(fields, _TENSOR_NAME, ""), hashlib.sha256(rest).hexdigest()


def hoist_shared_initializers(model: bytes) -> tuple[bytes, int]:
    """Move initializers that two or more direct subgraphs of one node hold with identical
    content into the outer graph (one copy), renaming their uses. Returns the new model and
    the bytes saved."""
    fields, gi = _graph_of(model)
    graph = parse(fields[gi][2])
    outer_names = {_tensor_key(p)[0] for n, w, p in graph if n == _GRAPH_INIT}
    hoisted: dict[str, bytes] = {}  # digest -> outer name
    new_inits: list[Field] = []
    saved = 0
    new_graph: list[Field] = []
    for number, wire, payload in graph:
        if number == _GRAPH_NODE and wire == _LEN:
            payload, s = _hoist_in_node(payload, outer_names, hoisted, new_inits)
            saved += s
        new_graph.append((number, wire, payload))
    new_graph += new_inits
    fields[gi] = (_MODEL_GRAPH, _LEN, serialise(new_graph))
    return serialise(fields), saved


def _hoist_in_node(
    node: bytes, outer_names: set[str], hoisted: dict[str, bytes], new_inits: list[Field]
) -> tuple[bytes, int]:
    branches: list[list[Field]] = []

    def collect(graph: bytes, path: str) -> bytes:
        branches.append(parse(graph))
        return graph

    _map_subgraphs(node, collect, "")
    if len(branches) < 2:
        return node, 0
    seen: dict[str, int] = {}
    for fields in branches:
        for digest in {_tensor_key(p)[1] for n, w, p in fields if n == _GRAPH_INIT}:
            seen[digest] = seen.get(digest, 0) + 1
    shared = {d for d, count in seen.items() if count >= 2}
    if not shared:
        return node, 0
    saved = 0

    def rewrite(graph: bytes, path: str) -> bytes:
        nonlocal saved
        renames: dict[str, str] = {}
        kept: list[Field] = []
        for n, w, p in parse(graph):
            if n == _GRAPH_INIT and w == _LEN:
                name, digest = _tensor_key(p)
                if digest in shared:
                    if digest not in hoisted:
                        outer = _unique(f"shared.{name}", outer_names)
                        hoisted[digest] = outer.encode()
                        new_inits.append((_GRAPH_INIT, _LEN, _renamed_tensor(p, outer)))
                    else:
                        saved += len(p)
                    renames[name] = hoisted[digest].decode()
                    continue
            kept.append((n, w, p))
        return serialise([
            (n, w, _rename_inputs(p, renames)) if n == _GRAPH_NODE and w == _LEN else (n, w, p)
            for n, w, p in kept
        ])  # fmt: skip

    return _map_subgraphs(node, rewrite, ""), saved


def _unique(name: str, taken: set[str]) -> str:
    candidate, k = name, 1
    while candidate in taken:
        candidate, k = f"{name}.{k}", k + 1
    taken.add(candidate)
    return candidate


def _renamed_tensor(tensor: bytes, name: str) -> bytes:
    fields = [f for f in parse(tensor) if f[0] != _TENSOR_NAME]
    return serialise([*fields, (_TENSOR_NAME, _LEN, name.encode())])


def _rename_inputs(node: bytes, renames: dict[str, str]) -> bytes:
    # Nodes of a branch read its initializers directly; nested subgraphs would read them
    # from outer scope, which the rename leaves alone (Moonshine's branches have none).
    return serialise([
        (n, w, renames.get(p.decode(), p.decode()).encode()) if n == _NODE_INPUT and w == _LEN
        else (n, w, p)
        for n, w, p in parse(node)
    ])  # fmt: skip
