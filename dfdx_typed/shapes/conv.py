"""Convolution, pooling, resizing and padding: output sizes from ints, symbols or unknown dims.

Every size here is computed with the dim algebra, so the same rule serves the run time (ints) and the
checker (``Literal``, ``TypeVar`` and ``int`` dims): a convolution's output along one axis is
``(L + P_before + P_after - D(K - 1) - 1) // S + 1``. A symbolic ``L`` keeps an exact polynomial when
the division is exact (stride 1) and becomes unknown otherwise; no error is ever reported on a dim
that could fit for some value of its symbols.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from .dims import (
    UNKNOWN,
    Dim,
    Poly,
    Shape,
    add,
    definitely_differ,
    exact_div,
    floordiv,
    format_dim,
    format_shape,
    mul,
    sub,
)
from .errors import ShapeError

Pads: TypeAlias = tuple[tuple[int, int], ...]
"""Per spatial axis, (before, after) padding."""
PaddingArg: TypeAlias = int | str | Sequence[int] | Sequence[tuple[int, int]]
"""What users pass: an int, one int per axis, ``"same"``/``"valid"``, or (before, after) per axis."""

_AXIS_NAMES = {1: ("L",), 2: ("H", "W")}


def _fail(message: str) -> ShapeError:
    return ShapeError("shape", message)


def ints(op: str, name: str, value: int | Sequence[int], n: int, minimum: int = 1) -> tuple[int, ...]:
    """An int or a tuple of ``n`` ints (kernel size, stride, dilation), each at least ``minimum``.

    A value that is neither an int nor a sequence (``stride=1.5``) is a TypeError; a sequence of the
    wrong length or element type is a shape error (the checker reports it too).
    """
    if isinstance(value, int):
        out: tuple[object, ...] = (value,) * n
    elif isinstance(value, Sequence) and not isinstance(value, str):
        out = tuple(value)
    else:
        raise TypeError(f"{op}: {name} must be an int or a tuple of {n} ints, got {value!r}")
    checked = tuple(v for v in out if isinstance(v, int) and not isinstance(v, bool))
    if len(checked) != n or len(out) != n:
        raise _fail(f"{op}: {name} must be an int or a tuple of {n} ints, got {value!r}")
    if any(v < minimum for v in checked):
        raise _fail(f"{op}: {name} must be at least {minimum}, got {value!r}")
    return checked


def padding_pairs(
    op: str, padding: PaddingArg, n: int, kernel: Sequence[Dim] = (), dilation: Sequence[int] = ()
) -> Pads | None:
    """Normalise ``padding`` to (before, after) per axis; ``None`` for ``"same"`` with unknown kernels.

    ``"same"`` pads ``D(K - 1)`` in total, the odd element after, as PyTorch does.
    """
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * n
        if padding != "same":
            raise _fail(f"{op}: padding must be an int, a tuple, 'same' or 'valid', got {padding!r}")
        if not all(isinstance(k, int) for k in kernel):
            return None
        totals = [d * (k - 1) for k, d in zip(kernel, dilation) if isinstance(k, int)]
        return tuple((t // 2, t - t // 2) for t in totals)
    if isinstance(padding, int):
        pairs: list[tuple[int, int]] = [(padding, padding)] * n
    else:
        items = list(padding)
        if len(items) == n and all(isinstance(p, int) for p in items):
            pairs = [(p, p) for p in items]  # type: ignore[misc]
        elif len(items) == n and all(isinstance(p, tuple) and len(p) == 2 for p in items):
            pairs = [(int(p[0]), int(p[1])) for p in items]  # type: ignore[index]
        else:
            raise _fail(f"{op}: padding must be an int or a tuple of {n} ints, got {padding!r}")
    if any(b < 0 or a < 0 for b, a in pairs):
        raise _fail(f"{op}: padding must be non-negative, got {padding!r}")
    return tuple(pairs)


def _numeric_padding(op: str, padding: int | Sequence[int]) -> Pads:
    if isinstance(padding, str):
        raise _fail(f"{op}: padding must be an int or a tuple of 2 ints, got {padding!r}")
    pads = padding_pairs(op, padding, 2)
    assert pads is not None
    return pads


def _definitely_negative(d: Dim) -> bool:
    """``d < 0`` for every positive value of its symbols."""
    if isinstance(d, int):
        return d < 0
    return isinstance(d, Poly) and all(c < 0 for _, c in d.terms)


def window_count(
    op: str, axis: str, size: Dim, kernel: Dim, stride: int, pads: tuple[int, int], dilation: int,
    context: str,
) -> Dim:
    """How many windows fit: ``(size + P_before + P_after - D(K - 1) - 1) // S + 1``.

    A window that cannot fit even once is an error naming the axis, the sizes and ``context``
    (the operand shapes).
    """
    padded = add(size, pads[0] + pads[1])
    span = add(mul(dilation, sub(kernel, 1)), 1)
    slack = sub(padded, span)
    if _definitely_negative(slack):
        if pads == (0, 0):
            room = f"the input is {format_dim(size)}"
        else:
            added = f"2×{pads[0]}" if pads[0] == pads[1] else f"{pads[0]} + {pads[1]}"
            room = f"the padded input is {format_dim(padded)} ({format_dim(size)} + {added})"
        raise _fail(
            f"{op}: kernel spans {format_dim(span)} along {axis} (size {format_dim(kernel)}, "
            f"dilation {dilation}) but {room}: {context}"
        )
    return add(floordiv(slack, stride), 1)


def _spatial_input(op: str, x: Shape, n: int) -> None:
    if len(x) not in (n + 1, n + 2):
        want = "(N, C, L) or (C, L)" if n == 1 else "(N, C, H, W) or (C, H, W)"
        raise _fail(f"{op}: input must be {want}, got {format_shape(x)}")


def _divisible(op: str, what: str, d: Dim, groups: int, shape_text: str) -> Dim:
    q = exact_div(d, groups)
    if q is None:
        if isinstance(d, int):
            raise _fail(f"{op}: {what} {d} are not divisible by groups {groups}: {shape_text}")
        return UNKNOWN
    return q


def _conv(
    op: str, n: int, x: Shape, weight: Shape, bias: Shape | None, stride: int | Sequence[int],
    padding: PaddingArg, dilation: int | Sequence[int], groups: int,
) -> Shape:
    _spatial_input(op, x, n)
    if len(weight) != n + 2:
        want = "(out, in/groups, K)" if n == 1 else "(out, in/groups, kH, kW)"
        raise _fail(f"{op}: weight must be {want}, got {format_shape(weight)}")
    strides = ints(op, "stride", stride, n)
    dilations = ints(op, "dilation", dilation, n)
    if not isinstance(groups, int) or groups < 1:
        raise _fail(f"{op}: groups must be a positive int, got {groups!r}")
    context = f"input {format_shape(x)}, weight {format_shape(weight)}"
    channels, out_channels, in_per_group = x[-n - 1], weight[0], weight[1]
    _divisible(op, "input channels", channels, groups, context)
    _divisible(op, "out channels", out_channels, groups, context)
    if definitely_differ(channels, mul(in_per_group, groups)):
        raise _fail(
            f"{op}: input channels {format_dim(channels)} != weight in-channels "
            f"{format_dim(in_per_group)} × groups {groups}: {context}"
        )
    if bias is not None and (len(bias) != 1 or definitely_differ(bias[0], out_channels)):
        raise _fail(
            f"{op}: bias must be ({format_dim(out_channels)},) for weight {format_shape(weight)}, "
            f"got {format_shape(bias)}"
        )
    kernel = weight[2:]
    if padding == "same" and any(s != 1 for s in strides):
        raise _fail(f"{op}: padding='same' needs stride 1, got stride {stride!r}")
    pads = padding_pairs(op, padding, n, kernel, dilations)
    spatial: list[Dim] = []
    for i in range(n):
        size = x[len(x) - n + i]
        if pads is None:  # "same" with a kernel known only at run time: the size is kept
            spatial.append(size)
            continue
        spatial.append(
            window_count(
                op, _AXIS_NAMES[n][i], size, kernel[i], strides[i], pads[i], dilations[i], context
            )
        )
    return (*x[: len(x) - n - 1], out_channels, *spatial)


def conv1d(
    op: str, x: Shape, weight: Shape, bias: Shape | None = None, *, stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0, dilation: int | Sequence[int] = 1, groups: int = 1,
) -> Shape:
    """``(N, C, L) * (O, C/groups, K) -> (N, O, L_out)`` (or unbatched ``(C, L)``)."""
    return _conv(op, 1, x, weight, bias, stride, padding, dilation, groups)


def conv2d(
    op: str, x: Shape, weight: Shape, bias: Shape | None = None, *, stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0, dilation: int | Sequence[int] = 1, groups: int = 1,
) -> Shape:
    """``(N, C, H, W) * (O, C/groups, kH, kW) -> (N, O, H_out, W_out)`` (or unbatched ``(C, H, W)``)."""
    return _conv(op, 2, x, weight, bias, stride, padding, dilation, groups)


def conv_transpose2d(
    op: str, x: Shape, weight: Shape, bias: Shape | None = None, *, stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0, output_padding: int | Sequence[int] = 0,
    dilation: int | Sequence[int] = 1, groups: int = 1,
) -> Shape:
    """``(N, C, H, W) * (C, O/groups, kH, kW) -> (N, O, H_out, W_out)``, with
    ``H_out = (H - 1)S - 2P + D(kH - 1) + output_padding + 1``."""
    _spatial_input(op, x, 2)
    if len(weight) != 4:
        raise _fail(f"{op}: weight must be (in, out/groups, kH, kW), got {format_shape(weight)}")
    strides = ints(op, "stride", stride, 2)
    dilations = ints(op, "dilation", dilation, 2)
    extra = ints(op, "output_padding", output_padding, 2, minimum=0)
    pads = _numeric_padding(op, padding)
    if not isinstance(groups, int) or groups < 1:
        raise _fail(f"{op}: groups must be a positive int, got {groups!r}")
    context = f"input {format_shape(x)}, weight {format_shape(weight)}"
    for e, s, d in zip(extra, strides, dilations):
        if e >= s and e >= d:
            raise _fail(
                f"{op}: output_padding {output_padding!r} must be smaller than stride {stride!r} "
                f"or dilation {dilation!r}"
            )
    channels = x[-3]
    _divisible(op, "input channels", channels, groups, context)
    if definitely_differ(channels, weight[0]):
        raise _fail(
            f"{op}: input channels {format_dim(channels)} != weight in-channels "
            f"{format_dim(weight[0])}: {context}"
        )
    out_channels = mul(weight[1], groups)
    if bias is not None and (len(bias) != 1 or definitely_differ(bias[0], out_channels)):
        raise _fail(
            f"{op}: bias must be ({format_dim(out_channels)},) for weight {format_shape(weight)} "
            f"and groups {groups}, got {format_shape(bias)}"
        )
    spatial: list[Dim] = []
    for i in range(2):
        size, k = x[len(x) - 2 + i], weight[2 + i]
        out = add(
            sub(mul(sub(size, 1), strides[i]), pads[i][0] + pads[i][1]),
            add(mul(dilations[i], sub(k, 1)), extra[i] + 1),
        )
        if _definitely_negative(sub(out, 1)):
            raise _fail(
                f"{op}: output size along {_AXIS_NAMES[2][i]} would be {format_dim(out)}, which is "
                f"not positive: {context}, stride {stride!r}, padding {padding!r}"
            )
        spatial.append(out)
    return (*x[:-3], out_channels, *spatial)


# --- pooling, resizing, padding -------------------------------------------------------------------


def _pool(
    op: str, x: Shape, kernel_size: int | Sequence[int], stride: int | Sequence[int] | None,
    padding: int | Sequence[int], dilation: int | Sequence[int],
) -> Shape:
    _spatial_input(op, x, 2)
    kernel = ints(op, "kernel_size", kernel_size, 2)
    strides = kernel if stride is None else ints(op, "stride", stride, 2)
    dilations = ints(op, "dilation", dilation, 2)
    pads = _numeric_padding(op, padding)
    for (p, _), k in zip(pads, kernel):
        # PyTorch: a window made only of padding would have no input element to pool.
        if 2 * p > k:
            raise _fail(f"{op}: padding {padding!r} must be at most half of kernel_size {kernel_size!r}")
    context = f"input {format_shape(x)}, kernel_size {kernel_size!r}"
    h, w = (
        window_count(
            op, _AXIS_NAMES[2][i], x[len(x) - 2 + i], kernel[i], strides[i], pads[i], dilations[i],
            context,
        )
        for i in range(2)
    )
    return (*x[:-2], h, w)


def max_pool2d(
    op: str, x: Shape, kernel_size: int | Sequence[int], stride: int | Sequence[int] | None = None,
    padding: int | Sequence[int] = 0, dilation: int | Sequence[int] = 1,
) -> Shape:
    """``(N, C, H, W) -> (N, C, H_out, W_out)``; ``stride`` defaults to ``kernel_size``."""
    return _pool(op, x, kernel_size, stride, padding, dilation)


def avg_pool2d(
    op: str, x: Shape, kernel_size: int | Sequence[int], stride: int | Sequence[int] | None = None,
    padding: int | Sequence[int] = 0, count_include_pad: bool = True,
) -> Shape:
    """``(N, C, H, W) -> (N, C, H_out, W_out)``; ``stride`` defaults to ``kernel_size``."""
    return _pool(op, x, kernel_size, stride, padding, 1)


def _output_size(
    op: str, x: Shape, size: int | Sequence[int | None] | None, name: str
) -> tuple[Dim, Dim] | None:
    if size is None:
        return None
    items = (size, size) if isinstance(size, int) else tuple(size)
    if len(items) != 2:
        raise _fail(f"{op}: {name} must be an int or a pair, got {size!r}")
    out: list[Dim] = []
    for i, s in enumerate(items):
        if s is None:
            out.append(x[len(x) - 2 + i])
        elif not isinstance(s, int) or isinstance(s, bool) or s < 1:
            raise _fail(f"{op}: {name} must hold positive ints, got {size!r}")
        else:
            out.append(s)
    return out[0], out[1]


def adaptive_avg_pool2d(op: str, x: Shape, output_size: int | Sequence[int | None]) -> Shape:
    """``(N, C, H, W) -> (N, C, *output_size)``; ``None`` in ``output_size`` keeps that dim."""
    _spatial_input(op, x, 2)
    size = _output_size(op, x, output_size, "output_size")
    assert size is not None
    return (*x[:-2], *size)


def global_pool2d(op: str, x: Shape) -> Shape:
    """Pool over the last two dims: ``(N, C, H, W) -> (N, C)`` (or ``(C, H, W) -> (C,)``)."""
    _spatial_input(op, x, 2)
    return x[:-2]


def upscale2d(
    op: str, x: Shape, size: int | Sequence[int] | None = None,
    scale_factor: float | Sequence[float] | None = None, mode: str = "nearest",
    align_corners: bool | None = None,
) -> Shape:
    """``(N, C, H, W) -> (N, C, H_out, W_out)`` with ``size`` or ``floor(H * scale_factor)``."""
    _spatial_input(op, x, 2)
    if mode not in ("nearest", "bilinear"):
        raise _fail(f"{op}: mode must be 'nearest' or 'bilinear', got {mode!r}")
    if mode == "nearest" and align_corners is not None:
        raise _fail(f"{op}: align_corners only applies to mode='bilinear'")
    if (size is None) == (scale_factor is None):
        raise _fail(f"{op}: give exactly one of size and scale_factor")
    fixed = _output_size(op, x, size, "size")
    if fixed is not None:
        return (*x[:-2], *fixed)
    assert scale_factor is not None
    scales = (
        (scale_factor, scale_factor) if isinstance(scale_factor, (int, float)) else tuple(scale_factor)
    )
    if len(scales) != 2 or not all(isinstance(s, (int, float)) and s > 0 for s in scales):
        raise _fail(f"{op}: scale_factor must be a positive number or a pair, got {scale_factor!r}")
    out: list[Dim] = []
    for i, s in enumerate(scales):
        d = x[len(x) - 2 + i]
        if isinstance(s, int) or float(s).is_integer():
            out.append(mul(d, int(s)))
        elif isinstance(d, int):
            out.append(int(d * s))  # PyTorch: floor(input size * scale)
        else:
            out.append(UNKNOWN)
        if isinstance(out[-1], int) and out[-1] < 1:
            raise _fail(f"{op}: scale_factor {scale_factor!r} gives an empty output for {format_shape(x)}")
    return (*x[:-2], *out)


PAD_MODES = ("constant", "reflect", "replicate")


def pad(op: str, x: Shape, pad: Sequence[int], mode: str = "constant", value: float = 0.0) -> Shape:
    """Pad the last ``len(pad) // 2`` dims; ``pad`` lists (before, after) from the last dim backwards,
    as PyTorch's ``F.pad`` does: ``(left, right, top, bottom)`` pads W then H."""
    if mode not in PAD_MODES:
        raise _fail(f"{op}: mode must be one of {', '.join(PAD_MODES)}, got {mode!r}")
    amounts = tuple(pad)
    if len(amounts) % 2 or not all(isinstance(p, int) and not isinstance(p, bool) for p in amounts):
        raise _fail(f"{op}: pad must be an even-length tuple of ints, got {pad!r}")
    if len(amounts) // 2 > len(x):
        raise _fail(
            f"{op}: pad {pad!r} covers {len(amounts) // 2} dims but the input {format_shape(x)} has "
            f"{len(x)}"
        )
    if any(p < 0 for p in amounts):
        raise _fail(f"{op}: pad must be non-negative, got {pad!r}")
    out = list(x)
    for k in range(len(amounts) // 2):
        axis = len(x) - 1 - k
        before, after = amounts[2 * k], amounts[2 * k + 1]
        d = x[axis]
        if mode == "reflect" and isinstance(d, int) and max(before, after) >= d:
            raise _fail(
                f"{op}: reflect padding ({before}, {after}) must be smaller than dim {axis} of "
                f"{format_shape(x)} ({d})"
            )
        if mode != "constant" and isinstance(d, int) and d == 0 and before + after:
            raise _fail(f"{op}: {mode} padding needs a non-empty dim {axis} in {format_shape(x)}")
        out[axis] = add(d, before + after)
    return tuple(out)
