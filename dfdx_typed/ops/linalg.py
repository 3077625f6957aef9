"""Matrix multiplication with numpy semantics (1-D, 2-D, batched with broadcast batch dims)."""

from __future__ import annotations

from typing import Any

from .. import shapes
from .._backend import Array, sum_to, xp
from .._registry import primitive
from .._tensor import Tensor
from ._common import check_tensor, run


def _swap(a: Array) -> Array:
    return xp.swapaxes(a, -1, -2)


def _as_matrices(g: Array, a: Array, b: Array) -> tuple[Array, Array, Array]:
    """Promote 1-D operands the way matmul does (row / column vector) and ``g`` to match."""
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    g2 = g[..., None] if b.ndim == 1 else g
    g2 = g2[..., None, :] if a.ndim == 1 else g2
    return g2, a2, b2


def _in_layout_of(x: Array) -> bool:
    """``x`` is a transposed view of a C-ordered matrix (a weight used as ``w.T``)."""
    return x.ndim == 2 and x.flags.f_contiguous and not x.flags.c_contiguous


def _grad_a(g: Array, ans: Array, a: Array, b: Array) -> Array:
    g2, _, b2 = _as_matrices(g, a, b)
    # Give the gradient the operand's memory order (same products, the other way round): the
    # gradient of ``w.T`` then comes back C-ordered through permute's vjp, and the update
    # ``w - lr * grad`` stays a contiguous loop instead of a strided one (~9x slower at 512x784).
    # (Only when the other side is a matrix too: against a batch, ``.T`` would reverse batch axes.)
    ga = (b2 @ g2.T).T if _in_layout_of(a) and b2.ndim == 2 else g2 @ _swap(b2)
    if a.ndim == 1:
        ga = ga[..., 0, :]
    return sum_to(ga, a.shape)


def _grad_b(g: Array, ans: Array, a: Array, b: Array) -> Array:
    g2, a2, _ = _as_matrices(g, a, b)
    gb = (g2.T @ a2).T if _in_layout_of(b) and a2.ndim == 2 else _swap(a2) @ g2
    if b.ndim == 1:
        gb = gb[..., 0]
    return sum_to(gb, b.shape)


_matmul = primitive("matmul", xp.matmul, shapes.matmul, _grad_a, _grad_b)


def matmul(a: Tensor[Any, Any], b: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``a @ b``: matrix product, batch dims broadcast; 1-D operands as numpy treats them.

    Shapes: ``a: (..., N, K)``, ``b: (..., K, M)`` -> ``(..., N, M)``; ``a: (K,)``, ``b: (K, M)`` ->
    ``(M,)``; ``a: (N, K)``, ``b: (K,)`` -> ``(N,)``.

    PyTorch: ``torch.matmul(a, b)``.
    """
    return run(_matmul, check_tensor(a, "matmul", "a"), check_tensor(b, "matmul", "b"))
