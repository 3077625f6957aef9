"""Shape rules of the layers that take several inputs or return several outputs (MultiheadAttention,
Transformer decoder layers, RNN/LSTM/GRU). They are not Sequential links; each layer calls its rule on
its own inputs, with the same messages the checker gives. Standard library only.
"""

from __future__ import annotations

from .dims import Dim, Shape, definitely_differ, format_dim, format_shape, mul
from .modules import LayerShapeError, LayerSpec, expects


def multihead_attention(
    spec: LayerSpec, query: Shape, key: Shape, value: Shape
) -> tuple[Shape, Shape]:
    """``MultiheadAttention`` on ``(L, N, E)`` query and ``(S, N, kdim)``/``(S, N, vdim)`` key/value
    (``(N, L, E)`` etc. when ``batch_first``; rank 2 for unbatched input). Returns the output shape and
    the averaged attention weights' shape ``(N, L, S)``.
    """
    e: Dim = spec.params["embed_dim"]
    kdim: Dim = spec.params["kdim"]
    vdim: Dim = spec.params["vdim"]
    batch_first: bool = spec.params["batch_first"]
    pattern = "(N, {n}, {d})" if batch_first else "({n}, N, {d})"
    for arg, x, d, n in (("query", query, e, "L"), ("key", key, kdim, "S"), ("value", value, vdim, "S")):
        if len(x) not in (2, 3) or definitely_differ(x[-1], d):
            want = pattern.format(n=n, d=format_dim(d)) + f" or ({n}, {format_dim(d)})"
            raise LayerShapeError(spec.label, f"{arg} expects {want}, got {format_shape(x)}")
    if not (len(query) == len(key) == len(value)):
        raise LayerShapeError(
            spec.label,
            f"query {format_shape(query)}, key {format_shape(key)} and value {format_shape(value)} "
            "must all be batched or all unbatched",
        )
    seq_axis, batch_axis = (1, 0) if batch_first and len(query) == 3 else (0, 1)
    if definitely_differ(key[seq_axis], value[seq_axis]):
        raise LayerShapeError(
            spec.label,
            f"key {format_shape(key)} and value {format_shape(value)} differ in sequence length",
        )
    if len(query) == 3:
        for arg, x in (("key", key), ("value", value)):
            if definitely_differ(x[batch_axis], query[batch_axis]):
                raise LayerShapeError(
                    spec.label,
                    f"{arg} {format_shape(x)} and query {format_shape(query)} differ in batch size",
                )
        weights: Shape = (query[batch_axis], query[seq_axis], key[seq_axis])
    else:
        weights = (query[0], key[0])
    return (*query[:-1], e), weights


def attention_mask(
    spec: LayerSpec, mask: Shape, batch: Dim | None, num_heads: Dim, target: Dim, source: Dim
) -> None:
    """``attn_mask`` is ``(L, S)`` or ``(N·num_heads, L, S)``."""
    ok = len(mask) == 2 and not (
        definitely_differ(mask[0], target) or definitely_differ(mask[1], source)
    )
    if len(mask) == 3 and batch is not None:
        ok = not any(
            definitely_differ(a, b) for a, b in zip(mask, (mul(batch, num_heads), target, source))
        )
    if not ok:
        want = f"({format_dim(target)}, {format_dim(source)})"
        if batch is not None:
            want += f" or ({format_dim(mul(batch, num_heads))}, {format_dim(target)}, {format_dim(source)})"
        raise LayerShapeError(spec.label, f"attn_mask expects {want}, got {format_shape(mask)}")


def key_padding_mask(spec: LayerSpec, mask: Shape, batch: Dim | None, source: Dim) -> None:
    """``key_padding_mask`` is ``(N, S)`` (``(S,)`` for unbatched input)."""
    want: Shape = (source,) if batch is None else (batch, source)
    if len(mask) != len(want) or any(definitely_differ(a, b) for a, b in zip(mask, want)):
        raise LayerShapeError(
            spec.label, f"key_padding_mask expects {format_shape(want)}, got {format_shape(mask)}"
        )


def recurrent(spec: LayerSpec, x: Shape, h0: Shape | None = None) -> tuple[Shape, Shape]:
    """``RNN``/``LSTM``/``GRU`` on ``(L, N, input_size)`` (``(N, L, input_size)`` batch-first) or
    unbatched ``(L, input_size)``. Returns the output shape ``(..., D·hidden_size)`` and the shape of
    each state ``(D·num_layers, N, hidden_size)``; ``h0`` (when given) must have the latter.
    """
    n_in: Dim = spec.params["input_size"]
    hidden: Dim = spec.params["hidden_size"]
    directions = 2 if spec.params["bidirectional"] else 1
    layers: Dim = spec.params["num_layers"]
    batch_first: bool = spec.params["batch_first"]
    if len(x) not in (2, 3) or definitely_differ(x[-1], n_in):
        batched = "(N, L, {d})" if batch_first else "(L, N, {d})"
        raise expects(spec, f"{batched.format(d=format_dim(n_in))} or (L, {format_dim(n_in)})", x)
    steps = x[1] if batch_first and len(x) == 3 else x[0]
    if steps == 0:
        # PyTorch: "Expected sequence length to be larger than 0 in RNN".
        raise LayerShapeError(spec.label, f"needs a sequence of at least 1 step, got {format_shape(x)}")
    out: Shape = (*x[:-1], mul(directions, hidden))
    state: Shape
    if len(x) == 3:
        state = (mul(directions, layers), x[0] if batch_first else x[1], hidden)
    else:
        state = (mul(directions, layers), hidden)
    if h0 is not None and (
        len(h0) != len(state) or any(definitely_differ(a, b) for a, b in zip(h0, state))
    ):
        raise LayerShapeError(
            spec.label, f"initial state expects {format_shape(state)}, got {format_shape(h0)}"
        )
    return out, state


def decoder_layer(spec: LayerSpec, tgt: Shape, memory: Shape) -> Shape:
    """``TransformerDecoderLayer``/``TransformerDecoder``/``Transformer``: ``tgt`` ``(T, N, E)`` and
    ``memory``/``src`` ``(S, N, E)`` (batch-first: ``(N, T, E)``); the result has ``tgt``'s shape."""
    arg_names = spec.params.get("arg_names", ("tgt", "memory"))
    e: Dim = spec.params["d_model"]
    batch_first: bool = spec.params.get("batch_first", False)
    for arg, x, n in ((arg_names[0], tgt, "T"), (arg_names[1], memory, "S")):
        if len(x) not in (2, 3) or definitely_differ(x[-1], e):
            batched = f"(N, {n}, {format_dim(e)})" if batch_first else f"({n}, N, {format_dim(e)})"
            raise LayerShapeError(
                spec.label,
                f"{arg} expects {batched} or ({n}, {format_dim(e)}), got {format_shape(x)}",
            )
    batch_axis = 0 if batch_first else 1
    if len(tgt) != len(memory) or (
        len(tgt) == 3 and definitely_differ(tgt[batch_axis], memory[batch_axis])
    ):
        raise LayerShapeError(
            spec.label,
            f"{arg_names[0]} {format_shape(tgt)} and {arg_names[1]} {format_shape(memory)} differ "
            "in batch size",
        )
    return tgt
