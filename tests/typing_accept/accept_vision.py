"""Must-accept: the vision and selection ops as functions — convolutions (tapes joined over input,
weight and bias), pooling, padding and resampling, selection, comparisons, ``where`` and ``einsum``.

Type-checked with zero errors by pyright (strict) and by mypy without the plugin (tests/test_stubs.py),
and executed. `assert_type` is used only where both checkers agree on the type.
"""

from __future__ import annotations

from typing import Any, TypeVar, assert_type
from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import NoneTape, OwnedTape, Tensor

T = TypeVar("T")

Image = Tensor[tuple[L[1], L[2], L[6], L[6]]]
Kernel = Tensor[tuple[L[3], L[2], L[3], L[3]]]
Untraced = Tensor[Any, NoneTape]
Traced = Tensor[Any, OwnedTape]


def convolutions(x: Image, w: Kernel, b: Tensor[tuple[L[3]]]) -> None:
    # Output sizes are the plugin's (`Any` shape); traced if input, weight or bias is.
    assert_type(dt.conv2d(x, w), Untraced)
    assert_type(dt.conv2d(x.trace(), w, b, stride=2, padding=1), Traced)
    assert_type(dt.conv2d(x, w.trace(), b), Traced)
    assert_type(dt.conv2d(x, w, b.trace(), padding="same", padding_mode="reflect"), Traced)
    line: Tensor[tuple[L[1], L[2], L[8]]] = dt.randn((1, 2, 8))
    kernel_1d: Tensor[tuple[L[4], L[2], L[3]]] = dt.randn((4, 2, 3))
    assert_type(dt.conv1d(line, kernel_1d, dilation=2, groups=1), Untraced)
    up = dt.conv_transpose2d(x.trace(), dt.randn((2, 3, 2, 2)), stride=2, output_padding=0)
    assert_type(up, Traced)
    assert up.shape == (1, 3, 12, 12)


def generic_conv(x: Tensor[Any, T], w: Kernel) -> Tensor[Any, T]:
    # An untraced weight keeps the input's (generic) tape.
    return dt.conv2d(x, w)


def pooling(x: Image) -> None:
    xt = x.trace()
    assert_type(dt.max_pool2d(xt, 2), Traced)
    assert_type(dt.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False), Untraced)
    assert_type(dt.adaptive_avg_pool2d(xt, (2, None)), Traced)
    assert_type(dt.global_avg_pool2d(x), Untraced)
    assert_type(dt.global_max_pool2d(xt), Traced)
    assert_type(dt.upscale2d(xt, scale_factor=2.0, mode="bilinear", align_corners=False), Traced)
    assert_type(dt.upscale2d(x, size=(8, 8)), Untraced)
    assert_type(dt.pad(xt, (1, 1, 2, 2), mode="replicate"), Traced)
    assert dt.pad(x, (1, 1), value=1.0).shape == (1, 2, 6, 8)


def selection(x: Tensor[tuple[L[4], L[3]]], idx: Tensor[tuple[L[4], L[1]]]) -> None:
    xt = x.trace()
    # Indices carry no gradient: the result has the source's tape.
    assert_type(dt.gather(xt, 1, idx), Traced)
    assert_type(dt.take_along_axis(x, idx.trace(), axis=1), Untraced)
    assert_type(dt.select(xt, 0, dt.tensor([0, 2])), Traced)
    table: Tensor[tuple[L[5], L[2]]] = dt.randn((5, 2))
    assert_type(dt.embedding(dt.tensor([1, 4]).trace(), table), Untraced)
    assert_type(dt.embedding(dt.tensor([1, 4]), table.trace()), Traced)
    assert_type(dt.one_hot(dt.tensor([0, 2]), 3), Untraced)
    assert_type(dt.argmax(xt), Tensor[tuple[()], NoneTape])
    assert_type(dt.argmin(x, axis=1, keepdims=True), Untraced)
    # Same shape, same tape.
    assert_type(dt.tril(xt, diagonal=1), Tensor[tuple[L[4], L[3]], OwnedTape])
    assert_type(dt.triu(x), Tensor[tuple[L[4], L[3]], NoneTape])
    assert_type(dt.roll(xt, (1, 2), axis=(0, 1)), Tensor[tuple[L[4], L[3]], OwnedTape])
    assert_type(dt.dropout(xt, 0.5, rng=np.random.default_rng(0)), Tensor[tuple[L[4], L[3]], OwnedTape])


def comparisons_and_where(x: Tensor[tuple[L[4], L[3]]], y: Tensor[tuple[L[3]]]) -> None:
    mask = dt.gt(x.trace(), 0.0)
    # Comparisons are never traced; a number may be on either side.
    assert_type(mask, Untraced)
    assert_type(dt.le(0.5, x), Untraced)
    _ = dt.lt(x, y), dt.ge(x, y), dt.eq(x, 1), dt.ne(y, x)
    # `where` joins its branches' tapes; a number takes no part.
    assert_type(dt.where(mask, x.trace(), 0.0), Traced)
    assert_type(dt.where(mask, 1.0, y), Untraced)
    assert_type(dt.where(mask, x, y.trace()), Traced)
    assert_type(dt.where(mask, x, y), Untraced)
    assert dt.where(mask, x, -1.0).shape == (4, 3)


def einsums(a: Tensor[tuple[L[2], L[3]]], b: Tensor[tuple[L[3], L[4]]]) -> None:
    assert_type(dt.einsum("ij,jk->ik", a, b), Untraced)
    assert_type(dt.einsum("ij,jk->ik", a.trace(), b), Traced)
    assert_type(dt.einsum("ij,jk->ik", a, b.trace()), Traced)
    assert_type(dt.einsum("ij->ji", a.trace()), Traced)
    c: Tensor[tuple[L[4]]] = dt.ones((4,))
    # Three operands: traced when all are; a mix is `Any`.
    assert_type(dt.einsum("ij,jk,k->i", a.trace(), b.trace(), c.trace()), Traced)
    assert_type(dt.einsum("ij,jk,k->i", a, b, c), Untraced)
    assert dt.einsum("ij,jk,k->i", a.trace(), b, c).shape == (2,)


def main() -> None:
    dt.manual_seed(0)
    x: Image = dt.randn((1, 2, 6, 6))
    convolutions(x, dt.randn((3, 2, 3, 3)), dt.zeros((3,)))
    assert generic_conv(x.trace(), dt.randn((3, 2, 3, 3))).shape == (1, 3, 4, 4)
    pooling(x)
    selection(dt.randn((4, 3)), dt.tensor([[0], [2], [1], [0]]))
    comparisons_and_where(dt.randn((4, 3)), dt.randn((3,)))
    einsums(dt.randn((2, 3)), dt.randn((3, 4)))


if __name__ == "__main__":
    main()
