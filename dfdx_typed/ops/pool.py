"""Pooling, resizing and padding: max_pool2d, avg_pool2d, adaptive_avg_pool2d, global pools,
upscale2d (nearest, bilinear) and pad (constant, reflect, replicate).

Window pools are separable: a max (or sum) over a ``kH x kW`` window is a max over ``kW`` columns
followed by a max over ``kH`` rows, so a pool costs ``kH + kW`` strided passes, not ``kH·kW``.
Adaptive pooling and resizing are linear maps along each axis: they are matmuls with a small
``(out, in)`` matrix per axis, so their gradients come from matmul's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import composite, primitive
from .._tensor import Tensor
from ..shapes.conv import Pads, ints, padding_pairs
from ._common import check_tensor, run
from .linalg import matmul
from .reduce import max as _max
from .reduce import mean as _mean

Pair = tuple[int, int]


def _span(n: int, stride: int) -> int:
    return stride * (n - 1) + 1


def _window_geometry(
    x: Array, kernel: Pair, stride: Pair, pads: Pads, dilation: Pair
) -> tuple[int, int, int]:
    """Output height, output width, and how many padded rows the windows read."""
    hp = x.shape[-2] + sum(pads[0])
    wp = x.shape[-1] + sum(pads[1])
    out_h = (hp - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1
    out_w = (wp - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1
    return out_h, out_w, _span(out_h, stride[0]) + (kernel[0] - 1) * dilation[0]


def _pad_hw(x: Array, pads: Pads, value: float) -> Array:
    if not any(p for pair in pads for p in pair):
        return x
    return xp.pad(x, ((0, 0),) * (x.ndim - 2) + tuple(pads), constant_values=value)


def _cols(j: int, out_w: int, stride: Pair, dilation: Pair) -> Any:
    """The ``j``-th kernel column of every window: a strided view along the last axis."""
    start = j * dilation[1]
    return (..., slice(start, start + _span(out_w, stride[1]), stride[1]))


def _rows(i: int, out_h: int, stride: Pair, dilation: Pair) -> Any:
    start = i * dilation[0]
    return (..., slice(start, start + _span(out_h, stride[0]), stride[0]), slice(None))


# --- max_pool2d -------------------------------------------------------------------------------------


def _max_pool_fwd(x: Array, kernel: Pair, stride: Pair, pads: Pads, dilation: Pair) -> Array:
    out_h, out_w, rows = _window_geometry(x, kernel, stride, pads, dilation)
    xp_ = _pad_hw(x, pads, -math.inf)[..., :rows, :]
    across = xp_[_cols(0, out_w, stride, dilation)].copy()
    for j in range(1, kernel[1]):
        xp.maximum(across, xp_[_cols(j, out_w, stride, dilation)], out=across)
    out: Array = across[_rows(0, out_h, stride, dilation)].copy()
    for i in range(1, kernel[0]):
        xp.maximum(out, across[_rows(i, out_h, stride, dilation)], out=out)
    return out


def _max_pool_vjp(
    g: Array, ans: Array, x: Array, kernel: Pair, stride: Pair, pads: Pads, dilation: Pair
) -> Array:
    # The whole gradient of a window goes to its first maximum in row-major order (PyTorch's
    # argmax): the first kernel row holding the maximum, then the first column in that row.
    out_h, out_w, rows = _window_geometry(x, kernel, stride, pads, dilation)
    padded = _pad_hw(x, pads, -math.inf)
    xp_ = padded[..., :rows, :]
    across = xp_[_cols(0, out_w, stride, dilation)].copy()
    for j in range(1, kernel[1]):
        xp.maximum(across, xp_[_cols(j, out_w, stride, dilation)], out=across)
    g_across = xp.zeros_like(across)
    taken = xp.zeros(ans.shape, dtype=bool)
    for i in range(kernel[0]):
        sel = _rows(i, out_h, stride, dilation)
        hit = (across[sel] == ans) & ~taken
        g_across[sel] += g * hit  # (a multiply: np.where is ~30x slower here)
        taken |= hit
    gx = xp.zeros(padded.shape, dtype=g.dtype)
    taken_cols = xp.zeros(across.shape, dtype=bool)
    for j in range(kernel[1]):
        sel = _cols(j, out_w, stride, dilation)
        hit = (xp_[sel] == across) & ~taken_cols
        gx[..., :rows, :][sel] += g_across * hit
        taken_cols |= hit
    (top, _), (left, _) = pads
    return gx[..., top : top + x.shape[-2], left : left + x.shape[-1]]


def _max_pool_rule(
    op: str, x: shapes.Shape, kernel: Pair, stride: Pair, pads: Pads, dilation: Pair
) -> shapes.Shape:
    return shapes.max_pool2d(op, x, kernel, stride, (pads[0][0], pads[1][0]), dilation)


_max_pool2d = primitive("max_pool2d", _max_pool_fwd, _max_pool_rule, _max_pool_vjp)


def max_pool2d(
    x: Tensor[Any, Any], kernel_size: int | Sequence[int], stride: int | Sequence[int] | None = None,
    padding: int | Sequence[int] = 0, dilation: int | Sequence[int] = 1,
) -> Tensor[Any, Any]:
    """Maximum over ``kernel_size`` windows of the last two axes.

    Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, H_out, W_out)`` (or ``(C, H_out, W_out)``),
    ``H_out = (H + 2P - D(K - 1) - 1) // S + 1``.

    ``stride`` defaults to ``kernel_size``; padding is -inf. The gradient goes to each window's first
    maximum.

    PyTorch: ``F.max_pool2d(x, kernel_size, stride, padding, dilation)``.
    """
    check_tensor(x, "max_pool2d")
    shapes.max_pool2d("max_pool2d", x.shape, kernel_size, stride, padding, dilation)
    kernel = ints("max_pool2d", "kernel_size", kernel_size, 2)
    pads = padding_pairs("max_pool2d", padding, 2)
    assert pads is not None  # the rule rejects string padding
    return run(
        _max_pool2d, x, kernel=kernel,
        stride=kernel if stride is None else ints("max_pool2d", "stride", stride, 2),
        pads=pads, dilation=ints("max_pool2d", "dilation", dilation, 2),
    )


# --- avg_pool2d -------------------------------------------------------------------------------------


def _avg_divisor(x: Array, kernel: Pair, stride: Pair, pads: Pads, count_include_pad: bool) -> Any:
    if count_include_pad:
        return kernel[0] * kernel[1]
    # How many real (unpadded) elements each window covers, per axis; the product per window.
    counts = []
    for axis in range(2):
        size, k, s, before = x.shape[-2 + axis], kernel[axis], stride[axis], pads[axis][0]
        n_out = (size + sum(pads[axis]) - k) // s + 1
        starts = xp.arange(n_out) * s - before
        counts.append(xp.minimum(starts + k, size) - xp.maximum(starts, 0))
    return xp.asarray(xp.outer(counts[0], counts[1]), dtype=x.dtype)


def _avg_pool_fwd(x: Array, kernel: Pair, stride: Pair, pads: Pads, count_include_pad: bool) -> Array:
    one = (1, 1)
    out_h, out_w, rows = _window_geometry(x, kernel, stride, pads, one)
    xp_ = _pad_hw(x, pads, 0.0)[..., :rows, :]
    across = xp_[_cols(0, out_w, stride, one)].copy()
    for j in range(1, kernel[1]):
        across += xp_[_cols(j, out_w, stride, one)]
    out: Array = across[_rows(0, out_h, stride, one)].copy()
    for i in range(1, kernel[0]):
        out += across[_rows(i, out_h, stride, one)]
    out /= _avg_divisor(x, kernel, stride, pads, count_include_pad)
    return out


def _avg_pool_vjp(
    g: Array, ans: Array, x: Array, kernel: Pair, stride: Pair, pads: Pads, count_include_pad: bool
) -> Array:
    one = (1, 1)
    out_h, out_w, rows = _window_geometry(x, kernel, stride, pads, one)
    share = g / _avg_divisor(x, kernel, stride, pads, count_include_pad)
    g_across = xp.zeros((*g.shape[:-2], rows, out_w), dtype=g.dtype)
    for i in range(kernel[0]):
        g_across[_rows(i, out_h, stride, one)] += share
    (top, bottom), (left, right) = pads
    gx = xp.zeros((*x.shape[:-2], x.shape[-2] + top + bottom, x.shape[-1] + left + right), dtype=g.dtype)
    for j in range(kernel[1]):
        gx[..., :rows, :][_cols(j, out_w, stride, one)] += g_across
    return gx[..., top : top + x.shape[-2], left : left + x.shape[-1]]


def _avg_pool_rule(
    op: str, x: shapes.Shape, kernel: Pair, stride: Pair, pads: Pads, count_include_pad: bool
) -> shapes.Shape:
    return shapes.avg_pool2d(op, x, kernel, stride, (pads[0][0], pads[1][0]), count_include_pad)


_avg_pool2d = primitive("avg_pool2d", _avg_pool_fwd, _avg_pool_rule, _avg_pool_vjp)


def avg_pool2d(
    x: Tensor[Any, Any], kernel_size: int | Sequence[int], stride: int | Sequence[int] | None = None,
    padding: int | Sequence[int] = 0, count_include_pad: bool = True,
) -> Tensor[Any, Any]:
    """Mean over ``kernel_size`` windows of the last two axes.

    Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, H_out, W_out)`` (or ``(C, H_out, W_out)``),
    ``H_out = (H + 2P - K) // S + 1``.

    ``stride`` defaults to ``kernel_size``; zero padding, counted in the mean unless
    ``count_include_pad=False``.

    PyTorch: ``F.avg_pool2d(x, kernel_size, stride, padding, count_include_pad=...)``.
    """
    check_tensor(x, "avg_pool2d")
    shapes.avg_pool2d("avg_pool2d", x.shape, kernel_size, stride, padding, count_include_pad)
    kernel = ints("avg_pool2d", "kernel_size", kernel_size, 2)
    pads = padding_pairs("avg_pool2d", padding, 2)
    assert pads is not None  # the rule rejects string padding
    return run(
        _avg_pool2d, x, kernel=kernel,
        stride=kernel if stride is None else ints("avg_pool2d", "stride", stride, 2),
        pads=pads, count_include_pad=bool(count_include_pad),
    )


# --- linear resampling: adaptive_avg_pool2d and upscale2d -------------------------------------------


def _resample(x: Tensor[Any, Any], rows: Array, cols: Array) -> Tensor[Any, Any]:
    """``rows @ x @ cols.T`` over the last two dims, with ``(out, in)`` matrices in ``x``'s dtype."""
    dtype = x.dtype
    out = matmul(x, Tensor._wrap(xp.asarray(cols.T, dtype=dtype)))
    return matmul(Tensor._wrap(xp.asarray(rows, dtype=dtype)), out)


def _adaptive_matrix(size: int, out: int) -> Array:
    # PyTorch's windows: [floor(i·in/out), ceil((i+1)·in/out)).
    m = xp.zeros((out, size))
    for i in range(out):
        start, stop = (i * size) // out, -((-(i + 1) * size) // out)
        m[i, start:stop] = 1.0 / (stop - start)
    return m


_adaptive_avg_pool2d = composite("adaptive_avg_pool2d", shapes.adaptive_avg_pool2d)


def adaptive_avg_pool2d(x: Tensor[Any, Any], output_size: int | Sequence[int | None]) -> Tensor[Any, Any]:
    """Mean over ``output_size`` windows that tile each of the last two axes.

    Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, *output_size)``; a ``None`` in
    ``output_size`` keeps that dim.

    PyTorch: ``F.adaptive_avg_pool2d(x, output_size)``.
    """
    check_tensor(x, "adaptive_avg_pool2d")
    out = shapes.adaptive_avg_pool2d("adaptive_avg_pool2d", x.shape, output_size)
    h, w = shapes.dims.concrete(out[-2:])
    return _resample(x, _adaptive_matrix(x.shape[-2], h), _adaptive_matrix(x.shape[-1], w))


_global_avg_pool2d = composite("global_avg_pool2d", shapes.global_pool2d)
_global_max_pool2d = composite("global_max_pool2d", shapes.global_pool2d)


def global_avg_pool2d(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Mean over the last two axes (H and W).

    Shapes: ``x: (N, C, H, W)`` -> ``(N, C)``; ``(C, H, W)`` -> ``(C,)``.

    PyTorch: ``x.mean(dim=(-2, -1))``.
    """
    check_tensor(x, "global_avg_pool2d")
    shapes.global_pool2d("global_avg_pool2d", x.shape)
    return _mean(x, axis=(-2, -1))


def global_max_pool2d(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Maximum over the last two axes (H and W).

    Shapes: ``x: (N, C, H, W)`` -> ``(N, C)``; ``(C, H, W)`` -> ``(C,)``.

    PyTorch: ``x.amax(dim=(-2, -1))``.
    """
    check_tensor(x, "global_max_pool2d")
    shapes.global_pool2d("global_max_pool2d", x.shape)
    return _max(x, axis=(-2, -1))


def _interp_matrix(size: int, out: int, scale: float | None, mode: str, align_corners: bool) -> Array:
    """PyTorch's source coordinates for each output index, as an ``(out, size)`` weight matrix."""
    m = xp.zeros((out, size))
    dst = xp.arange(out)
    if mode == "nearest":
        ratio = size / out if scale is None else 1.0 / scale
        src = xp.minimum(xp.floor(dst * ratio).astype(int), size - 1)
        m[dst, src] = 1.0
        return m
    if align_corners:
        ratio = (size - 1) / (out - 1) if out > 1 else 0.0
        pos = dst * ratio
    else:
        ratio = size / out if scale is None else 1.0 / scale
        pos = xp.maximum((dst + 0.5) * ratio - 0.5, 0.0)
    lo = xp.minimum(xp.floor(pos).astype(int), size - 1)
    hi = xp.minimum(lo + 1, size - 1)
    frac = pos - lo
    xp.add.at(m, (dst, lo), 1.0 - frac)
    xp.add.at(m, (dst, hi), frac)
    return m


_upscale2d = composite("upscale2d", shapes.upscale2d)


def upscale2d(
    x: Tensor[Any, Any], size: int | Sequence[int] | None = None,
    scale_factor: float | Sequence[float] | None = None, mode: str = "nearest",
    align_corners: bool | None = None,
) -> Tensor[Any, Any]:
    """Resize the last two dims to ``size`` (or by ``scale_factor``).

    Shapes: ``x: (N, C, H, W)`` -> ``(N, C, H', W')`` with ``(H', W') = size`` or
    ``(H * scale_factor, W * scale_factor)`` rounded down.

    ``mode`` is ``"nearest"`` or ``"bilinear"`` (``align_corners=False`` by default).

    PyTorch: ``F.interpolate(x, size, scale_factor, mode, align_corners)``.
    """
    op = "upscale2d"
    check_tensor(x, op)
    out = shapes.upscale2d(op, x.shape, size, scale_factor, mode, align_corners)
    h, w = shapes.dims.concrete(out[-2:])
    if scale_factor is None:
        scales: tuple[float | None, float | None] = (None, None)
    elif isinstance(scale_factor, (int, float)):
        scales = (float(scale_factor), float(scale_factor))
    else:
        scales = (float(scale_factor[0]), float(scale_factor[1]))
    corners = bool(align_corners)
    return _resample(
        x,
        _interp_matrix(x.shape[-2], h, scales[0], mode, corners),
        _interp_matrix(x.shape[-1], w, scales[1], mode, corners),
    )


# --- pad --------------------------------------------------------------------------------------------

_NUMPY_MODES: dict[str, Any] = {"constant": "constant", "reflect": "reflect", "replicate": "edge"}


def _pad_widths(ndim: int, pad: tuple[int, ...]) -> list[tuple[int, int]]:
    widths = [(0, 0)] * ndim
    for k in range(len(pad) // 2):
        widths[ndim - 1 - k] = (pad[2 * k], pad[2 * k + 1])
    return widths


def _pad_fwd(x: Array, pad: tuple[int, ...], mode: str, value: float) -> Array:
    widths = _pad_widths(x.ndim, pad)
    if mode == "constant":
        return xp.pad(x, widths, mode="constant", constant_values=value)
    out: Array = xp.pad(x, widths, mode=_NUMPY_MODES[mode])
    return out


def _pad_vjp(g: Array, ans: Array, x: Array, pad: tuple[int, ...], mode: str, value: float) -> Array:
    out = g
    for axis, (before, after) in enumerate(_pad_widths(x.ndim, pad)):
        if not before and not after:
            continue
        size = x.shape[axis]
        moved = xp.moveaxis(out, axis, 0)
        core = moved[before : before + size].copy()
        if mode == "reflect":
            # Padded position before-1-k mirrors source k+1; position before+size+k mirrors size-2-k.
            core[1 : before + 1] += moved[:before][::-1]
            core[size - 1 - after : size - 1] += moved[before + size :][::-1]
        elif mode == "replicate":
            core[0] += moved[:before].sum(axis=0)
            core[size - 1] += moved[before + size :].sum(axis=0)
        out = xp.moveaxis(core, 0, axis)
    return out


def _pad_rule(op: str, x: shapes.Shape, pad: tuple[int, ...], mode: str, value: float) -> shapes.Shape:
    return shapes.pad(op, x, pad, mode, value)


_pad = primitive("pad", _pad_fwd, _pad_rule, _pad_vjp)


def pad(
    x: Tensor[Any, Any], pad: Sequence[int], mode: str = "constant", value: float = 0.0
) -> Tensor[Any, Any]:
    """Pad the last ``len(pad) // 2`` dims; ``pad`` is ``(left, right, top, bottom, ...)``, last dim first.

    Shapes: ``x: (N, H, W)``, ``pad=(l, r, t, b)`` -> ``(N, H + t + b, W + l + r)``.

    ``mode``: ``"constant"`` (with ``value``), ``"reflect"`` (mirror, edge not repeated; each pad
    smaller than its dim) or ``"replicate"`` (repeat the edge).

    PyTorch: ``F.pad(x, pad, mode, value)``.
    """
    check_tensor(x, "pad")
    amounts = tuple(pad)
    shapes.pad("pad", x.shape, amounts, mode, value)
    return run(_pad, x, pad=amounts, mode=mode, value=float(value))
