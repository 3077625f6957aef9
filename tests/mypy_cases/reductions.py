# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Reductions take literal axes (int, tuple, negative, Final) and keepdims; softmax-family axes."""

from typing import Final, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)
LAST: Final = -1
BOTH: Final = (0, 1)

x = dt.zeros((2, 3, 4))

reveal_type(x.sum())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(x.sum(axis=0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.mean(1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.max(axis=-1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.min(axis=(0, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.var(axis=LAST))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.std(BOTH))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.logsumexp(axis=(-1, -2), keepdims=True))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[1], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.sum(keepdims=True))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[1], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.sum(axis=None))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(x.var(axis=0, ddof=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.sum(x, axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.mean(x, 2, True))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.trace().sum(0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[4]], dfdx_typed._tensor.OwnedTape]"

x.sum(axis=3)  # E: sum: axis 3 is out of range for (2, 3, 4) (rank 3)  [shape]
x.mean(axis=-4)  # E: mean: axis -4 is out of range for (2, 3, 4) (rank 3)  [shape]
x.max(axis=(0, 0))  # E: max: repeated axis in (0, 0) for (2, 3, 4)  [shape]
x.min(axis=(0, -3))  # E: min: repeated axis in (0, -3) for (2, 3, 4)  [shape]
dt.std(x, axis=5)  # E: std: axis 5 is out of range for (2, 3, 4) (rank 3)  [shape]
x.sum(axis=3, keepdims=True)  # E: sum: axis 3 is out of range for (2, 3, 4) (rank 3)  [shape]
dt.zeros(()).sum(axis=0)  # E: sum: axis 0 is out of range for () (rank 0)  [shape]
reveal_type(dt.zeros(()).sum())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"

reveal_type(x.softmax())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.log_softmax(axis=0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.normalize(axis=-3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.softmax(x, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
x.softmax(axis=3)  # E: softmax: axis 3 is out of range for (2, 3, 4) (rank 3)  [shape]
x.log_softmax(axis=-4)  # E: log_softmax: axis -4 is out of range for (2, 3, 4) (rank 3)  [shape]
dt.normalize(x, axis=7)  # E: normalize: axis 7 is out of range for (2, 3, 4) (rank 3)  [shape]


def generic(t: Tensor[tuple[B, L[10]]], axis: int, keep: bool) -> None:
    reveal_type(t.sum(axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B], dfdx_typed._tensor.NoneTape]"
    reveal_type(t.mean(axis=0, keepdims=True))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[10]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t.sum(axis=axis))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(t.sum(axis=1, keepdims=keep))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    t.sum(axis=2, keepdims=keep)  # E: sum: axis 2 is out of range for (B, 10) (rank 2)  [shape]
    reveal_type(t.softmax(axis=axis))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.NoneTape]"
    t.softmax(axis=-3)  # E: softmax: axis -3 is out of range for (B, 10) (rank 2)  [shape]


def unknown_rank(t: Tensor[tuple[int, ...]]) -> None:
    reveal_type(t.sum(axis=9))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(t.softmax(axis=9))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, ...], dfdx_typed._tensor.NoneTape]"
