"""Must-accept: every op, as a method and as a ``dt.`` function, with the tapes it propagates.

Valid numpy broadcasting and matmul must never be an error without the plugin: what plain typing
cannot express has an `Any` shape. `assert_type` only where pyright and mypy agree.
"""

from __future__ import annotations

from typing import Any, assert_type
from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import NoneTape, OwnedTape, Tensor

X = Tensor[tuple[L[4], L[3]]]
XT = Tensor[tuple[L[4], L[3]], OwnedTape]


def unary(x: X, xt: XT) -> None:
    # Shape-preserving ops keep shape and tape exactly, as methods and as functions.
    assert_type(x.exp(), X)
    assert_type(xt.log().sqrt().square().abs(), XT)
    assert_type(xt.sin().cos().tanh().sigmoid().relu(), XT)
    assert_type(xt.gelu(approximate="tanh").leaky_relu(0.1).clamp(-1.0, 1.0).recip().neg(), XT)
    assert_type(x.astype(dt.float64), X)
    assert_type(-xt, XT)
    assert_type(xt**2, XT)
    assert_type(x.softmax(axis=-1).log_softmax().normalize(axis=1, eps=1e-6), X)
    assert_type(xt.roll(1, axis=0).tril().triu(diagonal=-1), XT)
    assert_type(dt.exp(x), X)
    assert_type(dt.log(dt.sqrt(dt.square(dt.abs(xt)))), XT)
    assert_type(dt.sin(dt.cos(dt.tanh(dt.sigmoid(dt.relu(xt))))), XT)
    assert_type(dt.gelu(dt.leaky_relu(dt.clamp(xt, max=2.0), 0.2)), XT)
    assert_type(dt.recip(dt.neg(dt.pow(x, 3))), X)
    assert_type(dt.astype(xt, np.float32), XT)
    assert_type(dt.softmax(dt.log_softmax(dt.normalize(xt))), XT)
    # Functions from modules without a stub yet (select, conv, pool, einsum) are typed by their
    # inline annotations (the stub package is partial): accepted, with `Any` types.
    _ = dt.roll(dt.tril(dt.triu(x)), (1, 1), axis=(0, 1)), dt.dropout(xt, 0.1)


def binary(x: X, xt: XT, row: Tensor[tuple[L[3]]], col: Tensor[tuple[L[4], L[1]]]) -> None:
    # Python and numpy scalars on either side keep the tensor's shape and tape.
    assert_type(x + 1, X)
    assert_type(2.0 * xt, XT)
    assert_type(xt - np.float32(1.0), XT)
    assert_type(1 / x, X)
    assert_type(x / np.int64(2), X)
    assert_type(True - xt, XT)
    # Tensor with tensor: broadcasting, so an `Any` shape; the tape is traced if either side is.
    assert_type(x + row, Tensor[Any, NoneTape])
    assert_type(xt * col, Tensor[Any, OwnedTape])
    assert_type(row - xt, Tensor[Any, OwnedTape])
    assert_type(x / x, Tensor[Any, NoneTape])
    assert_type(xt + xt, Tensor[Any, OwnedTape])
    assert_type(x.maximum(xt), Tensor[Any, OwnedTape])
    assert_type(xt.minimum(0.0), XT)
    assert_type(dt.add(x, row), Tensor[Any, NoneTape])
    assert_type(dt.sub(row, xt), Tensor[Any, OwnedTape])
    assert_type(dt.mul(2.0, xt), XT)
    assert_type(dt.div(x, 3), X)
    assert_type(dt.maximum(x, col), Tensor[Any, NoneTape])
    assert_type(dt.minimum(xt, x), Tensor[Any, OwnedTape])
    # Comparisons give untraced bool tensors; `==` with a non-number is plain identity.
    assert_type(xt < row, Tensor[Any, NoneTape])
    assert_type(x <= 0.5, Tensor[Any, NoneTape])
    assert_type(x > col, Tensor[Any, NoneTape])
    assert_type(xt >= xt, Tensor[Any, NoneTape])
    assert_type(x == 1.0, Tensor[Any, NoneTape])
    assert_type(x != row, Tensor[Any, NoneTape])
    assert_type(x == "a", bool)
    assert {x: 1}[x] == 1  # tensors hash by identity
    mask = dt.gt(x, 0.0)
    _ = dt.lt(x, 1.0), dt.le(x, 1.0), dt.ge(row, 0.0), dt.eq(x, x), dt.ne(x, 0)
    picked = dt.where(mask, xt, 0.0)
    assert picked.shape == (4, 3)


def reductions(x: X, xt: XT) -> None:
    # No axis (and no keepdims): a 0-d tensor, natively. With an axis: the plugin's business.
    assert_type(x.sum(), Tensor[tuple[()], NoneTape])
    assert_type(xt.mean(), Tensor[tuple[()], OwnedTape])
    assert_type(xt.max().backward(), dt.Gradients)
    assert_type(x.min(axis=None), Tensor[tuple[()], NoneTape])
    assert_type(xt.var(ddof=1), Tensor[tuple[()], OwnedTape])
    assert_type(xt.std(), Tensor[tuple[()], OwnedTape])
    assert_type(xt.logsumexp(), Tensor[tuple[()], OwnedTape])
    assert_type(xt.sum(axis=1), Tensor[Any, OwnedTape])
    assert_type(x.mean(axis=(0, 1), keepdims=True), Tensor[Any, NoneTape])
    assert_type(xt.max(-1), Tensor[Any, OwnedTape])
    assert_type(x.min(0, True), Tensor[Any, NoneTape])
    assert_type(x.var(axis=0, ddof=1), Tensor[Any, NoneTape])
    assert_type(xt.std(1, keepdims=True), Tensor[Any, OwnedTape])
    assert_type(xt.logsumexp(axis=-1), Tensor[Any, OwnedTape])
    assert_type(xt.argmax(), Tensor[tuple[()], NoneTape])
    assert_type(xt.argmin(axis=1), Tensor[Any, NoneTape])
    assert_type(dt.sum(xt), Tensor[tuple[()], OwnedTape])
    assert_type(dt.mean(x, axis=0), Tensor[Any, NoneTape])
    assert_type(dt.max(xt, axis=1, keepdims=True), Tensor[Any, OwnedTape])
    assert_type(dt.min(x), Tensor[tuple[()], NoneTape])
    assert_type(dt.var(xt, 0), Tensor[Any, OwnedTape])
    assert_type(dt.std(x), Tensor[tuple[()], NoneTape])
    assert_type(dt.logsumexp(xt, axis=(0, 1)), Tensor[Any, OwnedTape])
    _ = dt.argmax(x, axis=0), dt.argmin(x)


def shape_ops(x: X, xt: XT) -> None:
    assert_type(xt.broadcast_to((2, 4, 3)), Tensor[Any, OwnedTape])
    assert_type(x.permute(1, 0), Tensor[Any, NoneTape])
    assert_type(xt.transpose(0, 1), Tensor[Any, OwnedTape])
    assert_type(xt.T, Tensor[Any, OwnedTape])
    assert_type(x.mT, Tensor[Any, NoneTape])
    assert_type(xt.reshape((2, 6)), Tensor[Any, OwnedTape])
    assert_type(x.reshape((x.shape[0], -1)), Tensor[Any, NoneTape])
    assert_type(xt.flatten(), Tensor[Any, OwnedTape])
    assert_type(x.flatten(0, 1), Tensor[Any, NoneTape])
    assert_type(x.unsqueeze(0).squeeze(0), Tensor[Any, NoneTape])
    assert_type(xt.unsqueeze((0, 2)).squeeze(), Tensor[Any, OwnedTape])
    # `realize` narrows an unknown shape: its result fits any annotation, checked at run time.
    known: Tensor[tuple[L[4], L[3]]] = dt.zeros((4, 3)).realize((4, 3))
    assert_type(dt.broadcast_to(x, (4, 3)), Tensor[Any, NoneTape])
    assert_type(dt.permute(xt, 1, 0), Tensor[Any, OwnedTape])
    assert_type(dt.transpose(x, -1, -2), Tensor[Any, NoneTape])
    assert_type(dt.matrix_transpose(xt), Tensor[Any, OwnedTape])
    assert_type(dt.reshape(x, (12,)), Tensor[Any, NoneTape])
    assert_type(dt.flatten(xt, start_dim=0), Tensor[Any, OwnedTape])
    assert_type(dt.squeeze(dt.unsqueeze(x, 1), axis=1), Tensor[Any, NoneTape])
    assert_type(dt.realize(known, (4, 3)), Tensor[Any, NoneTape])


def indexing(x: X, xt: XT) -> None:
    assert_type(x[0], Tensor[Any, NoneTape])
    assert_type(xt[1:3], Tensor[Any, OwnedTape])
    assert_type(xt[:, 0], Tensor[Any, OwnedTape])
    assert_type(x[None, ..., ::2], Tensor[Any, NoneTape])
    assert_type(x[np.int64(1), -1], Tensor[Any, NoneTape])
    assert_type(dt.getitem(xt, (slice(0, 2), None)), Tensor[Any, OwnedTape])
    idx = dt.tensor([[0, 1, 2], [2, 1, 0], [0, 0, 0], [1, 1, 1]])
    assert_type(xt.gather(0, idx), Tensor[Any, OwnedTape])
    _ = dt.gather(x, 1, idx), dt.take_along_axis(x, idx, axis=1)
    _ = dt.select(x, 0, dt.tensor([0, 2])), dt.one_hot(dt.tensor([0, 2]), 3)
    _ = dt.embedding(dt.tensor([[0, 1]]), dt.randn((5, 3)))


def joins(x: X, xt: XT) -> None:
    assert_type(dt.concat([x, x], axis=0), Tensor[Any, NoneTape])
    assert_type(dt.concat((xt, xt)), Tensor[Any, OwnedTape])
    assert_type(dt.stack([x, x, x], axis=1), Tensor[Any, NoneTape])
    # A mix of traced and untraced gives an `Any` tape (a list cannot say "one is traced").
    mixed = dt.concat([x, xt], axis=1)
    mixed.sum().backward()
    assert_type(dt.stack([xt, xt]), Tensor[Any, OwnedTape])
    assert_type(dt.split(xt, 2), list[Tensor[Any, OwnedTape]])
    assert_type(dt.split(x, [1, 3], axis=0), list[Tensor[Any, NoneTape]])


def matmuls(
    a: Tensor[tuple[L[4], L[10]]],
    at: Tensor[tuple[L[4], L[10]], OwnedTape],
    w: Tensor[tuple[L[10], L[3]]],
    w_runtime: Tensor[tuple[int, int]],
    square_runtime: Tensor[tuple[int, int]],
    v: Tensor[tuple[L[10]]],
    batch: Tensor[tuple[L[2], L[4], L[10]]],
    batch_w: Tensor[tuple[L[2], L[10], L[3]]],
    one_w: Tensor[tuple[L[1], L[10], L[3]]],
    any_rank: Tensor[tuple[Any, ...]],
) -> None:
    assert_type(a @ w, Tensor[tuple[L[4], L[3]], NoneTape])
    assert_type(at @ w, Tensor[tuple[L[4], L[3]], OwnedTape])
    _ = w.T @ at.T  # an `Any` shape on both sides (mypy then also loses the tape: Any-ambiguity)
    # A dim known only at run time (`int`) may be the matching one: accepted, checked at run time.
    assert_type(a @ w_runtime, Tensor[tuple[L[4], int], NoneTape])
    assert_type(square_runtime @ w_runtime, Tensor[tuple[int, int], NoneTape])
    # Batched with the same batch dims: typed natively.
    assert_type(batch @ batch_w, Tensor[tuple[L[2], L[4], L[3]], NoneTape])
    # numpy's other cases: 1-D operands, broadcast batch dims, unknown ranks: an `Any` shape.
    assert_type(a @ v, Tensor[Any, NoneTape])
    assert_type(v @ w, Tensor[Any, NoneTape])
    assert_type(v @ v, Tensor[Any, NoneTape])
    assert_type(batch @ w, Tensor[Any, NoneTape])
    assert_type(a @ batch_w, Tensor[Any, NoneTape])
    assert_type(batch @ one_w, Tensor[Any, NoneTape])
    _ = a @ any_rank, any_rank @ w, dt.randn((4, 10)) @ w, a @ dt.randn((7, 10, 2))
    assert_type(dt.matmul(a, w), Tensor[tuple[L[4], L[3]], NoneTape])
    assert_type(dt.matmul(at, w), Tensor[tuple[L[4], L[3]], OwnedTape])
    assert_type(dt.matmul(batch, batch_w), Tensor[Any, NoneTape])
    assert_type(dt.matmul(v, w), Tensor[Any, NoneTape])
    _ = dt.einsum("bij,bjk->bik", batch, batch_w)


def convolutions() -> None:
    img = dt.randn((1, 3, 8, 8)).trace()
    kernel = dt.randn((4, 3, 3, 3))
    feat = dt.conv2d(img, kernel, dt.zeros((4,)), stride=1, padding=1)
    _ = dt.conv1d(dt.randn((1, 3, 8)), dt.randn((2, 3, 3)))
    _ = dt.conv_transpose2d(feat, dt.randn((4, 2, 2, 2)), stride=2)
    _ = dt.max_pool2d(feat, 2), dt.avg_pool2d(feat, kernel_size=2, stride=2)
    _ = dt.adaptive_avg_pool2d(feat, (2, 2)), dt.global_avg_pool2d(feat), dt.global_max_pool2d(feat)
    _ = dt.upscale2d(feat, scale_factor=2.0), dt.pad(feat, (1, 1, 1, 1))
    feat.sum().backward()


def main() -> None:
    dt.manual_seed(1)
    x: X = dt.randn((4, 3))
    xt: XT = dt.randn((4, 3)).trace()
    unary(x.abs() + 2.0, xt.abs() + 2.0)
    binary(x, xt, dt.randn((3,)), dt.randn((4, 1)))
    reductions(x, xt)
    shape_ops(x, xt)
    indexing(x, xt)
    joins(x, xt)
    matmuls(
        dt.randn((4, 10)), dt.randn((4, 10)).trace(), dt.randn((10, 3)), dt.randn((10, 3)),
        dt.randn((10, 10)),
        dt.randn((10,)), dt.randn((2, 4, 10)), dt.randn((2, 10, 3)), dt.randn((1, 10, 3)),
        dt.randn((10, 10)),
    )
    convolutions()


if __name__ == "__main__":
    main()
