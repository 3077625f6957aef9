"""Convolutions: conv1d, conv2d and conv_transpose2d, with stride, padding, dilation and groups.

The kernels unfold one spatial axis only. For a ``kH x kW`` kernel, ``kW`` strided copies of the
(padded) input make ``XW[n, c, j, h, w'] = x[n, c, h, S·w' + D·j]``; then each kernel row ``i`` is
one batched matmul of its ``(out, in·kW)`` weights with the rows of ``XW`` it reads. That moves
``kW`` (not ``kH·kW``, as a full im2col would) copies of the input through memory, which is what
makes it fast in numpy (measured in ``benchmarks/bench_conv.py``). The input gradient runs the
steps in reverse (``kH`` strided copies of the output gradient, one matmul with the weight as
``(in·kW, out·kH)``, ``kW`` strided adds), and ``conv_transpose2d`` *is* that input gradient, so the
three kernels below serve both ops. Loops are over kernel offsets only, never pixels or batch items.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import composite, primitive
from .._tensor import Tensor
from ..shapes.conv import PaddingArg, Pads, ints, padding_pairs
from ._common import check_tensor, run
from .pool import pad
from .shape_ops import reshape

Pair = tuple[int, int]


def _padded(x: Array, pads: Pads, value: float = 0.0) -> Array:
    if not any(p for pair in pads for p in pair):
        return x
    return xp.pad(x, ((0, 0), (0, 0), *pads), constant_values=value)


def _span(n: int, stride: int) -> int:
    """Length of the input range a strided slice of ``n`` positions covers."""
    return stride * (n - 1) + 1


def _unfold_rows(xp_: Array, kw: int, out_w: int, stride: Pair, dilation: Pair, rows: int) -> Array:
    """``XW[n, c, j, h, w'] = x[n, c, h, S·w' + D·j]`` for ``h < rows``: ``(N, C, kW, rows, W_out)``."""
    n, c = xp_.shape[:2]
    out = xp.empty((n, c, kw, rows, out_w), dtype=xp_.dtype)
    for j in range(kw):
        start = j * dilation[1]
        out[:, :, j] = xp_[:, :, :rows, start : start + _span(out_w, stride[1]) : stride[1]]
    return out


def _weight_matrix(w: Array, groups: int) -> Array:
    """``(O, C/G, kH, kW) -> (G, O/G·kH, C/G·kW)``: rows are (out, kernel row), columns (in, kernel col)."""
    o, cg, kh, kw = w.shape
    return (
        w.reshape(groups, o // groups, cg, kh, kw)
        .transpose(0, 1, 3, 2, 4)
        .reshape(groups, o // groups * kh, cg * kw)
    )


def _used_rows(out_h: int, kh: int, stride: Pair, dilation: Pair) -> int:
    """Input rows any window reads (trailing rows beyond the last window are skipped)."""
    return _span(out_h, stride[0]) + (kh - 1) * dilation[0]


def _spread_rows(g: Array, kh: int, rows: int, stride: Pair, dilation: Pair) -> Array:
    """Adjoint of collecting kernel rows: ``gT[n, o, i, S·h' + D·i, w'] = g[n, o, h', w']``."""
    n, o, out_h, out_w = g.shape
    span = _span(out_h, stride[0])
    if stride[0] != 1:
        out = xp.zeros((n, o, kh, rows, out_w), dtype=g.dtype)
    else:
        # Each kernel row's block is contiguous: zero only the rows around it (the array is
        # kH times the output, so a full zero-fill would cost as much as the copies).
        out = xp.empty((n, o, kh, rows, out_w), dtype=g.dtype)
    for i in range(kh):
        start = i * dilation[0]
        out[:, :, i, start : start + span : stride[0]] = g
        if stride[0] == 1:
            out[:, :, i, :start] = 0
            out[:, :, i, start + span :] = 0
    return out


def _row_weights(w: Array, groups: int) -> Array:
    """``(O, C/G, kH, kW) -> (kH, G, O/G, C/G·kW)``: one matrix per kernel row."""
    o, cg, kh, kw = w.shape
    return (
        w.reshape(groups, o // groups, cg, kh, kw)
        .transpose(3, 0, 1, 2, 4)
        .reshape(kh, groups, o // groups, cg * kw)
    )


def conv_forward(x: Array, w: Array, stride: Pair, pads: Pads, dilation: Pair, groups: int) -> Array:
    """``(N, C, H, W) * (O, C/G, kH, kW) -> (N, O, H_out, W_out)`` (cross-correlation, as PyTorch).

    Per kernel row ``i``: one batched matmul of that row's weights with the rows of ``XW`` it reads
    (a view when the stride is 1), accumulated into the output.
    """
    n = x.shape[0]
    o, cg, kh, kw = w.shape
    xp_ = _padded(x, pads)
    out_h = (xp_.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    out_w = (xp_.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    rows = _used_rows(out_h, kh, stride, dilation)
    cols = _unfold_rows(xp_, kw, out_w, stride, dilation, rows).reshape(n, groups, cg * kw, rows, out_w)
    weights = _row_weights(w, groups)
    span = _span(out_h, stride[0])
    windows = out_h * out_w  # explicit, not -1: numpy cannot infer a -1 dim of an empty batch
    out: Array = xp.matmul(weights[0], cols[:, :, :, 0:span : stride[0]].reshape(n, groups, cg * kw, windows))
    for i in range(1, kh):
        start = i * dilation[0]
        read = cols[:, :, :, start : start + span : stride[0]].reshape(n, groups, cg * kw, windows)
        out += xp.matmul(weights[i], read)
    return out.reshape(n, o, out_h, out_w)


def conv_input_grad(
    g: Array, w: Array, size: Pair, stride: Pair, pads: Pads, dilation: Pair, groups: int
) -> Array:
    """The adjoint of :func:`conv_forward` in ``x``: ``(N, O, H_out, W_out) -> (N, C, *size)``."""
    n, _, out_h, out_w = g.shape
    o, cg, kh, kw = w.shape
    rows = _used_rows(out_h, kh, stride, dilation)
    spread = _spread_rows(g, kh, rows, stride, dilation).reshape(n, groups, o // groups * kh, rows * out_w)
    gcols = xp.matmul(xp.swapaxes(_weight_matrix(w, groups), -1, -2), spread)
    gcols = gcols.reshape(n, groups * cg, kw, rows, out_w)
    (top, bottom), (left, right) = pads
    gx = xp.zeros((n, groups * cg, size[0] + top + bottom, size[1] + left + right), dtype=g.dtype)
    span = _span(out_w, stride[1])
    for j in range(kw):
        start = j * dilation[1]
        gx[:, :, :rows, start : start + span : stride[1]] += gcols[:, :, j]
    return gx[:, :, top : top + size[0], left : left + size[1]]


def conv_weight_grad(
    g: Array, x: Array, kernel: Pair, stride: Pair, pads: Pads, dilation: Pair, groups: int
) -> Array:
    """The adjoint of :func:`conv_forward` in ``w``: ``-> (O, C/G, kH, kW)``.

    One batched matmul per kernel row ``i``, of the output gradient with the rows of ``XW`` that
    row ``i`` read (a view when the stride is 1), so nothing kH times the output is built.
    """
    n, o, out_h, out_w = g.shape
    kh, kw = kernel
    cg = x.shape[1] // groups
    rows = _used_rows(out_h, kh, stride, dilation)
    cols = _unfold_rows(_padded(x, pads), kw, out_w, stride, dilation, rows)
    cols = cols.reshape(n, groups, cg * kw, rows, out_w)
    g_mat = g.reshape(n, groups, o // groups, out_h * out_w)
    gw = xp.empty((groups, o // groups, kh, cg * kw), dtype=g.dtype)
    span = _span(out_h, stride[0])
    for i in range(kh):
        start = i * dilation[0]
        read = cols[:, :, :, start : start + span : stride[0]].reshape(n, groups, cg * kw, out_h * out_w)
        gw[:, :, i] = xp.matmul(g_mat, xp.swapaxes(read, -1, -2)).sum(axis=0)
    out: Array = gw.reshape(groups, o // groups, kh, cg, kw).transpose(0, 1, 3, 2, 4)
    return out.reshape(o, cg, kh, kw)


# --- conv2d ---------------------------------------------------------------------------------------


def _conv2d_rule(
    op: str, x: shapes.Shape, w: shapes.Shape, stride: Pair, pads: Pads, dilation: Pair, groups: int
) -> shapes.Shape:
    return shapes.conv2d(op, x, w, stride=stride, padding=pads, dilation=dilation, groups=groups)


_conv2d = primitive(
    "conv2d",
    conv_forward,
    _conv2d_rule,
    lambda g, ans, x, w, stride, pads, dilation, groups: conv_input_grad(
        g, w, x.shape[2:], stride, pads, dilation, groups
    ),
    lambda g, ans, x, w, stride, pads, dilation, groups: conv_weight_grad(
        g, x, w.shape[2:], stride, pads, dilation, groups
    ),
)

PADDING_MODES = ("zeros", "reflect", "replicate")


def _add_bias(out: Tensor[Any, Any], bias: Tensor[Any, Any] | None, spatial: int) -> Tensor[Any, Any]:
    if bias is None:
        return out
    return out + reshape(bias, (bias.shape[0],) + (1,) * spatial)


def _conv_nd(
    op: str, n: int, x: Tensor[Any, Any], weight: Tensor[Any, Any], bias: Tensor[Any, Any] | None,
    stride: int | Sequence[int], padding: PaddingArg, dilation: int | Sequence[int], groups: int,
    padding_mode: str,
) -> Tensor[Any, Any]:
    check_tensor(x, op, "input")
    check_tensor(weight, op, "weight")
    if bias is not None:
        check_tensor(bias, op, "bias")
    rule = shapes.conv1d if n == 1 else shapes.conv2d
    rule(op, x.shape, weight.shape, None if bias is None else bias.shape, stride=stride,
         padding=padding, dilation=dilation, groups=groups)
    if padding_mode not in PADDING_MODES:
        raise ValueError(
            f"{op}: padding_mode must be one of {', '.join(PADDING_MODES)}, got {padding_mode!r}"
        )
    strides, dilations = ints(op, "stride", stride, n), ints(op, "dilation", dilation, n)
    pads = padding_pairs(op, padding, n, weight.shape[2:], dilations)
    assert pads is not None
    batched = x.ndim == n + 2
    if not batched:
        x = reshape(x, (1, *x.shape))
    if n == 1:
        # A 1-d convolution is a 2-d one over a height-1 image.
        x = reshape(x, (x.shape[0], x.shape[1], 1, x.shape[2]))
        weight = reshape(weight, (weight.shape[0], weight.shape[1], 1, weight.shape[2]))
        strides, dilations, pads = (1, *strides), (1, *dilations), ((0, 0), *pads)
    if padding_mode != "zeros" and any(p for pair in pads for p in pair):
        x = pad(x, tuple(p for pair in reversed(pads) for p in pair), mode=padding_mode)
        pads = ((0, 0), (0, 0))
    out = run(_conv2d, x, weight, stride=tuple(strides), pads=pads, dilation=tuple(dilations), groups=groups)
    if n == 1:
        out = reshape(out, (out.shape[0], out.shape[1], out.shape[3]))
    if not batched:
        out = reshape(out, out.shape[1:])
    return _add_bias(out, bias, n)


def conv2d(
    x: Tensor[Any, Any], weight: Tensor[Any, Any], bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1, padding: PaddingArg = 0, dilation: int | Sequence[int] = 1,
    groups: int = 1, padding_mode: str = "zeros",
) -> Tensor[Any, Any]:
    """2-d cross-correlation over the last two axes.

    Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)``, ``weight: (O, C/groups, kH, kW)``, ``bias: (O,)``
    -> ``(N, O, H_out, W_out)`` (or ``(O, H_out, W_out)``), ``H_out = (H + 2P - D(kH - 1) - 1) // S + 1``.

    ``padding`` is an int, a pair, ``"same"`` (stride 1; the odd element goes after) or ``"valid"``;
    ``padding_mode`` ``"zeros"``, ``"reflect"`` or ``"replicate"``.

    PyTorch: ``F.conv2d(x, weight, bias, stride, padding, dilation, groups)``.
    """
    return _conv_nd("conv2d", 2, x, weight, bias, stride, padding, dilation, groups, padding_mode)


_conv1d = composite("conv1d", shapes.conv1d)


def conv1d(
    x: Tensor[Any, Any], weight: Tensor[Any, Any], bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1, padding: PaddingArg = 0, dilation: int | Sequence[int] = 1,
    groups: int = 1, padding_mode: str = "zeros",
) -> Tensor[Any, Any]:
    """1-d cross-correlation over the last axis.

    Shapes: ``x: (N, C, L)`` or ``(C, L)``, ``weight: (O, C/groups, K)``, ``bias: (O,)`` ->
    ``(N, O, L_out)`` (or ``(O, L_out)``), ``L_out = (L + 2P - D(K - 1) - 1) // S + 1``.

    PyTorch: ``F.conv1d(x, weight, bias, stride, padding, dilation, groups)``.
    """
    return _conv_nd("conv1d", 1, x, weight, bias, stride, padding, dilation, groups, padding_mode)


# --- conv_transpose2d -------------------------------------------------------------------------------


def _transposed_size(x: Array, w: Array, stride: Pair, pads: Pads, extra: Pair, dilation: Pair) -> Pair:
    h, wd = x.shape[2:]
    return (
        (h - 1) * stride[0] - sum(pads[0]) + dilation[0] * (w.shape[2] - 1) + extra[0] + 1,
        (wd - 1) * stride[1] - sum(pads[1]) + dilation[1] * (w.shape[3] - 1) + extra[1] + 1,
    )


def _transpose_fwd(
    x: Array, w: Array, stride: Pair, pads: Pads, output_padding: Pair, dilation: Pair, groups: int
) -> Array:
    size = _transposed_size(x, w, stride, pads, output_padding, dilation)
    return conv_input_grad(x, w, size, stride, pads, dilation, groups)


def _conv_transpose2d_rule(
    op: str, x: shapes.Shape, w: shapes.Shape, stride: Pair, pads: Pads, output_padding: Pair,
    dilation: Pair, groups: int,
) -> shapes.Shape:
    return shapes.conv_transpose2d(
        op, x, w, stride=stride, padding=(pads[0][0], pads[1][0]), output_padding=output_padding,
        dilation=dilation, groups=groups,
    )


_conv_transpose2d = primitive(
    "conv_transpose2d",
    _transpose_fwd,
    _conv_transpose2d_rule,
    # conv_transpose2d is the adjoint of conv2d in its input, so its adjoints are conv2d's forward
    # (for x) and conv2d's weight gradient with the roles of input and output swapped (for w).
    # (An output_padding >= stride, allowed when < dilation, makes conv2d see one more window than
    # x has: it is cropped.)
    lambda g, ans, x, w, stride, pads, output_padding, dilation, groups: conv_forward(
        g, w, stride, pads, dilation, groups
    )[:, :, : x.shape[2], : x.shape[3]],
    lambda g, ans, x, w, stride, pads, output_padding, dilation, groups: conv_weight_grad(
        x, g, w.shape[2:], stride, pads, dilation, groups
    ),
)


def conv_transpose2d(
    x: Tensor[Any, Any], weight: Tensor[Any, Any], bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1, padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0, groups: int = 1, dilation: int | Sequence[int] = 1,
) -> Tensor[Any, Any]:
    """Transposed 2-d convolution (the adjoint of ``conv2d`` in its input).

    Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)``, ``weight: (C, O/groups, kH, kW)``, ``bias: (O,)``
    -> ``(N, O, H_out, W_out)``, ``H_out = (H - 1)S - 2P + D(kH - 1) + output_padding + 1``.

    PyTorch: ``F.conv_transpose2d(x, weight, bias, stride, padding, output_padding, groups, dilation)``.
    """
    op = "conv_transpose2d"
    check_tensor(x, op, "input")
    check_tensor(weight, op, "weight")
    if bias is not None:
        check_tensor(bias, op, "bias")
    shapes.conv_transpose2d(
        op, x.shape, weight.shape, None if bias is None else bias.shape, stride=stride,
        padding=padding, output_padding=output_padding, dilation=dilation, groups=groups,
    )
    pads = padding_pairs(op, padding, 2)
    assert pads is not None
    batched = x.ndim == 4
    if not batched:
        x = reshape(x, (1, *x.shape))
    out = run(
        _conv_transpose2d, x, weight, stride=ints(op, "stride", stride, 2), pads=pads,
        output_padding=ints(op, "output_padding", output_padding, 2, minimum=0),
        dilation=ints(op, "dilation", dilation, 2), groups=groups,
    )
    if not batched:
        out = reshape(out, out.shape[1:])
    return _add_bias(out, bias, 2)
