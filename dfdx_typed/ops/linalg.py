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
    ga = (b2 @ g2.T).T if _in_layout_of(a) and b2.ndim == 2 else _mm(g2, _swap(b2))
    if a.ndim == 1:
        ga = ga[..., 0, :]
    return sum_to(ga, a.shape)


def _grad_b(g: Array, ans: Array, a: Array, b: Array) -> Array:
    g2, a2, _ = _as_matrices(g, a, b)
    if a2.ndim == 2 and g2.ndim == 2 and a2.shape[0] == 1:
        # A single row (batch 1): the product is an outer product, and a broadcast multiply gives
        # the same numbers 3x faster than matmul's K=1 path. Laid out like ``b`` as below.
        gb = (g2.T * a2).T if _in_layout_of(b) else a2.T * g2
    elif b.ndim == 2 and a2.ndim > 2:
        # A weight shared by a batch of matrices: its gradient sums the batch's products, which is
        # one product over the batch's rows (one BLAS call instead of one per matrix, then a sum).
        rows_a = a2.reshape(-1, a2.shape[-1])
        rows_g = g2.reshape(-1, g2.shape[-1])
        gb = (rows_g.T @ rows_a).T if _in_layout_of(b) else rows_a.T @ rows_g
    else:
        gb = (g2.T @ a2).T if _in_layout_of(b) and a2.ndim == 2 else _swap(a2) @ g2
    if b.ndim == 1:
        gb = gb[..., 0]
    return sum_to(gb, b.shape)


def _mm(a: Array, b: Array) -> Array:
    """``a @ b``; a C-ordered batch of matrices times one matrix is one product over the batch's rows.

    numpy's matmul calls BLAS once per matrix of a batch (16 small products for a (16, 64, 128)
    activation times a (128, 384) weight); as (1024, 128) @ (128, 384) it is one call, ~2x faster.
    """
    if a.ndim > 2 and b.ndim == 2 and a.flags.c_contiguous:
        return (a.reshape(-1, a.shape[-1]) @ b).reshape(*a.shape[:-1], b.shape[-1])
    out: Array = xp.matmul(a, b)
    return out


_matmul = primitive("matmul", _mm, shapes.matmul, _grad_a, _grad_b)


def matmul(a: Tensor[Any, Any], b: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``a @ b``: matrix product, batch dims broadcast; 1-D operands as numpy treats them.

    Shapes: ``a: (..., N, K)``, ``b: (..., K, M)`` -> ``(..., N, M)``; ``a: (K,)``, ``b: (K, M)`` ->
    ``(M,)``; ``a: (N, K)``, ``b: (K,)`` -> ``(N,)``.

    PyTorch: ``torch.matmul(a, b)``.
    """
    a = check_tensor(a, "matmul", "a")
    b = check_tensor(b, "matmul", "b")
    if a._data.dtype.kind == "b" or b._data.dtype.kind == "b":
        # numpy's bool matmul is an OR of ANDs, not a count; PyTorch refuses it too.
        raise TypeError(
            f"matmul: bool operands ({a.dtype} @ {b.dtype}) have no matrix product; convert them "
            "first (x.astype(dt.int64) or x.astype(dt.float32))"
        )
    return run(_matmul, a, b)


# --- linear: x @ weight.T + bias as one op ---------------------------------------------------------


def _rows(a: Array) -> Array:
    """``a`` as a matrix of rows (its last dim kept): one BLAS call covers every batch dim."""
    return a if a.ndim == 2 else a.reshape(-1, a.shape[-1])


def _linear_forward(x: Array, w: Array, b: Array | None = None) -> Array:
    out: Array = _rows(x) @ w.T if x.ndim > 1 else x @ w.T
    if b is not None:
        # ``out`` is a fresh array of the product: adding the bias in place saves an allocation.
        out = xp.add(out, b, out=out) if out.dtype == xp.result_type(out, b) else out + b
    return out.reshape(*x.shape[:-1], w.shape[0])


def _linear_grad_x(g: Array, ans: Array, x: Array, w: Array, b: Array | None = None) -> Array:
    # g: (..., out) @ W: (out, in) -> (..., in)
    if g.ndim <= 2:
        grad: Array = g @ w
        return grad
    return (_rows(g) @ w).reshape(*g.shape[:-1], w.shape[1])


def _linear_grad_w(g: Array, ans: Array, x: Array, w: Array, b: Array | None = None) -> Array:
    # g^T x summed over the batch dims: (out, N) @ (N, in). Computed as the transposed product when
    # the weight is a transposed view, so the gradient has the weight's memory order and the update
    # ``w - lr * grad`` stays a contiguous loop.
    if x.ndim == 1:
        # One row: an outer product, which a broadcast multiply gives faster than matmul's K=1 path.
        outer: Array = (g[None, :] * x[:, None]).T if _in_layout_of(w) else g[:, None] * x[None, :]
        return outer
    rows_g, rows_x = _rows(g), _rows(x)
    grad: Array = (rows_x.T @ rows_g).T if _in_layout_of(w) else rows_g.T @ rows_x
    return grad


def _linear_grad_b(g: Array, ans: Array, x: Array, w: Array, b: Array | None = None) -> Array:
    if g.ndim == 1:
        return g
    grad: Array = xp.add.reduce(_rows(g), axis=0)
    return grad


_linear = primitive(
    "linear", _linear_forward, shapes.linear, _linear_grad_x, _linear_grad_w, _linear_grad_b
)


def linear(
    x: Tensor[Any, Any], weight: Tensor[Any, Any], bias: Tensor[Any, Any] | None = None
) -> Tensor[Any, Any]:
    """``x @ weight.T + bias`` as one op: a fully connected layer's product, without the transpose.

    Shapes: ``x: (..., in_features)``, ``weight: (out_features, in_features)``,
    ``bias: (out_features,)`` (optional) -> ``(..., out_features)``; a 1-D ``x: (in_features,)``
    gives ``(out_features,)``.

    PyTorch: ``torch.nn.functional.linear(x, weight, bias)``.
    """
    x = check_tensor(x, "linear", "x")
    weight = check_tensor(weight, "linear", "weight")
    if bias is None:
        return run(_linear, x, weight)
    bias = check_tensor(bias, "linear", "bias")
    return run(_linear, x, weight, bias)
