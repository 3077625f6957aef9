# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Comparisons broadcast (untraced bool results); where broadcasts three ways; argmax/argmin take one
axis; tril/triu need a matrix."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)

x = dt.zeros((4, 3))
row = dt.zeros((3,))

reveal_type(x < row)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.trace() >= 0.5)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(0.5 < x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.eq(x, row))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
_ = x < dt.zeros((4,))  # E: lt: shapes (4, 3) and (4,) do not broadcast: 3 != 4 at dim -1  [shape]
_ = dt.zeros((4,)) > dt.zeros((4, 1))  # E: gt: broadcast expands both operands: (4,) and (4, 1) give (4, 4); if that is intended, broadcast_to((4, 4)) one of them explicitly  [broadcast]
dt.ne(x, dt.zeros((2, 3)))  # E: ne: shapes (4, 3) and (2, 3) do not broadcast: 4 != 2 at dim -2  [shape]

reveal_type(dt.where(x > 0, x, row))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.where(x > 0, x.trace(), 0.0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.where(row > 0, 1.0, x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
dt.where(x > 0, x, dt.zeros((4,)))  # E: where: shapes do not broadcast at dim -1: condition (4, 3), x (4, 3), y (4,)  [shape]
dt.where(dt.zeros((4,)) > 0, dt.zeros((4, 1)), 0.0)  # E: where: broadcast expands every operand: condition (4,), x (4, 1), y () give (4, 4); if that is intended, broadcast_to((4, 4)) one of them explicitly  [broadcast]

reveal_type(x.argmax())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(x.argmax(axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.trace().argmin(axis=-2, keepdims=True))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.argmax(x, axis=0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
x.argmax(axis=2)  # E: argmax: axis 2 is out of range for (4, 3) (rank 2)  [shape]
x.argmin(axis=-3)  # E: argmin: axis -3 is out of range for (4, 3) (rank 2)  [shape]

reveal_type(x.tril())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.triu(x.trace(), 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"
row.tril()  # E: tril: expected at least 2 dims, got (3,)  [shape]
dt.triu(row)  # E: triu: expected at least 2 dims, got (3,)  [shape]


def batched(t: Tensor[tuple[B, L[5]], OwnedTape], mask: Tensor[tuple[B, L[1]]]) -> None:
    reveal_type(t > mask)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[5]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.where(mask > 0, t, 0.0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[5]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(t.argmax(axis=-1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B], dfdx_typed._tensor.NoneTape]"
    dt.where(t[:, 0] > 0, t, 0.0)  # B may be 5 (or 1): not definitely wrong, so accepted
