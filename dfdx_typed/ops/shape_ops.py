"""Ops that move data without computing: broadcast_to, permute, reshape and the ops built on them."""

from __future__ import annotations

import operator
from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import composite, primitive
from .._tensor import Tensor
from ._common import check_tensor, run


def _dims(op: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        if not isinstance(shape, (tuple, list)) or any(isinstance(d, bool) for d in shape):
            raise TypeError  # True is not a dim (PyTorch refuses it; numpy would take it as 1)
        return tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"{op}: the shape must be a tuple of ints, got {shape!r}") from None


def _broadcast_to_rule(op: str, shape: shapes.Shape, target: tuple[int, ...]) -> shapes.Shape:
    return shapes.broadcast_to(op, shape, target)


_broadcast_to = primitive(
    "broadcast_to",
    lambda x, target: xp.broadcast_to(x, target),
    _broadcast_to_rule,
    lambda g, ans, x, target: g,
    unbroadcast=True,
)


def broadcast_to(x: Tensor[Any, Any], shape: tuple[int, ...]) -> Tensor[Any, Any]:
    """Broadcast to ``shape`` (dims equal or 1; new leading dims allowed).

    Shapes: ``x: (1, N)``, ``shape=(B, N)`` -> ``(B, N)``; ``x: (N,)`` -> ``(B, N)`` too.

    The explicit way to say that a two-sided broadcast is intended.

    PyTorch: ``x.expand(shape)``.
    """
    return run(_broadcast_to, check_tensor(x, "broadcast_to"), target=_dims("broadcast_to", shape))


def _inverse(axes: tuple[int, ...]) -> tuple[int, ...]:
    inv = [0] * len(axes)
    for i, a in enumerate(axes):
        inv[a] = i
    return tuple(inv)


def _permute_rule(op: str, shape: shapes.Shape, axes: tuple[int, ...]) -> shapes.Shape:
    return shapes.permute(op, shape, axes)


_permute = primitive(
    "permute",
    lambda x, axes: xp.permute_dims(x, tuple(a % x.ndim for a in axes)) if x.ndim else x,
    _permute_rule,
    lambda g, ans, x, axes: xp.permute_dims(g, _inverse(tuple(a % x.ndim for a in axes))) if x.ndim else g,
)


def permute(x: Tensor[Any, Any], *axes: int) -> Tensor[Any, Any]:
    """Reorder the axes; ``axes`` is a permutation of ``range(x.ndim)``.

    Shapes: ``x: (B, C, H, W)``, ``axes=(0, 2, 3, 1)`` -> ``(B, H, W, C)``.

    PyTorch: ``x.permute(*axes)``.
    """
    return run(_permute, check_tensor(x, "permute"), axes=_dims("permute", axes))


_transpose = composite("transpose", shapes.transpose)


def transpose(x: Tensor[Any, Any], axis0: int, axis1: int) -> Tensor[Any, Any]:
    """Swap two axes.

    Shapes: ``x: (B, S, D)``, ``axis0=1, axis1=2`` -> ``(B, D, S)``.

    PyTorch: ``torch.transpose(x, axis0, axis1)``.
    """
    check_tensor(x, "transpose")
    shapes.transpose("transpose", x.shape, axis0, axis1)
    axes = list(range(x.ndim))
    a, b = axis0 % x.ndim, axis1 % x.ndim
    axes[a], axes[b] = axes[b], axes[a]
    return run(_permute, x, axes=tuple(axes))


_mT = composite("mT", shapes.mT)


def matrix_transpose(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """The last two axes swapped (``x.mT``).

    Shapes: ``x: (..., M, N)`` -> ``(..., N, M)``.

    PyTorch: ``x.mT``.
    """
    check_tensor(x, "mT")
    shapes.mT("mT", x.shape)
    return transpose(x, -2, -1)


def _reshape_rule(op: str, shape: shapes.Shape, new: tuple[int, ...]) -> shapes.Shape:
    return shapes.reshape(op, shape, new)


def _reshape_fwd(x: Array, new: tuple[int, ...]) -> Array:
    return xp.reshape(x, new)


_reshape = primitive(
    "reshape", _reshape_fwd, _reshape_rule, lambda g, ans, x, new: xp.reshape(g, x.shape)
)


def reshape(x: Tensor[Any, Any], shape: tuple[int, ...]) -> Tensor[Any, Any]:
    """Same elements, new shape; one dim may be ``-1`` (inferred).

    Shapes: ``x: (B, 784)``, ``shape=(B, 28, 28)`` -> ``(B, 28, 28)``; the element counts must agree.

    PyTorch: ``x.reshape(shape)``.
    """
    return run(_reshape, check_tensor(x, "reshape"), new=_dims("reshape", shape))


_flatten = composite("flatten", shapes.flatten)


def flatten(x: Tensor[Any, Any], start_dim: int = 0, end_dim: int = -1) -> Tensor[Any, Any]:
    """Merge dims ``start_dim..end_dim`` into one.

    Shapes: ``x: (B, C, H, W)``, ``start_dim=1`` -> ``(B, Mul[C, H, W])``; the defaults give
    ``(Mul[B, C, H, W],)``.

    PyTorch: ``torch.flatten(x, start_dim, end_dim)``.
    """
    check_tensor(x, "flatten")
    new = shapes.flatten("flatten", x.shape, start_dim, end_dim)
    return reshape(x, shapes.dims.concrete(new))


_squeeze = composite("squeeze", shapes.squeeze)


def squeeze(x: Tensor[Any, Any], axis: int | tuple[int, ...] | None = None) -> Tensor[Any, Any]:
    """Remove size-1 axes (all of them, or the given ones, which must be 1).

    Shapes: ``x: (B, 1, N)``, ``axis=1`` (or ``None``) -> ``(B, N)``.

    PyTorch: ``torch.squeeze(x, dim)`` (which ignores non-1 dims; numpy and this library reject them).
    """
    check_tensor(x, "squeeze")
    new = shapes.squeeze("squeeze", x.shape, axis)
    return reshape(x, shapes.dims.concrete(new))


_unsqueeze = composite("unsqueeze", shapes.unsqueeze)


def unsqueeze(x: Tensor[Any, Any], axis: int | tuple[int, ...]) -> Tensor[Any, Any]:
    """Insert size-1 axes at ``axis`` (positions in the result).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B, 1, N)``; ``axis=(0, -1)`` -> ``(1, B, N, 1)``.

    PyTorch: ``x.unsqueeze(dim)``.
    """
    check_tensor(x, "unsqueeze")
    new = shapes.unsqueeze("unsqueeze", x.shape, axis)
    return reshape(x, shapes.dims.concrete(new))


_realize = composite("realize", shapes.realize)


def realize(x: Tensor[Any, Any], shape: tuple[int, ...]) -> Tensor[Any, Any]:
    """The same tensor, its shape type narrowed to ``shape`` after a run-time check.

    Shapes: ``x: (int, 10)``, ``shape=(4, 10)`` -> ``(4, 10)``: a ``Tensor[tuple[int, L[10]]]``
    becomes a ``Tensor[tuple[L[4], L[10]]]``; a size that differs is a ``ShapeError``.

    PyTorch: none — PyTorch shapes are not types (the nearest is ``assert x.shape == shape``).
    """
    check_tensor(x, "realize")
    shapes.realize("realize", x.shape, _dims("realize", shape))
    return x
