# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Elementwise ops broadcast numpy-style; a broadcast that expands both operands has its own code."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

N = TypeVar("N", bound=int)

a = dt.zeros((4, 3))
row = dt.zeros((3,))
col = dt.zeros((4, 1))

reveal_type(a + row)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(a - col)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(a * a)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(a / 2.0)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(2.0 / a)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(1 - a)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(a + dt.zeros(()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((2, 1, 3)) * dt.zeros((5, 1)))  # E: mul: broadcast expands both operands: (2, 1, 3) and (5, 1) give (2, 5, 3); if that is intended, broadcast_to((2, 5, 3)) one of them explicitly  [broadcast]  # N: Revealed type is "Any"
reveal_type(a.maximum(row))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.minimum(col, a))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.add(a, row))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.mul(3, a))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"

a + dt.zeros((4,))  # E: add: shapes (4, 3) and (4,) do not broadcast: 3 != 4 at dim -1  [shape]
a * dt.zeros((2, 3))  # E: mul: shapes (4, 3) and (2, 3) do not broadcast: 4 != 2 at dim -2  [shape]
dt.sub(dt.zeros((2, 3)), dt.zeros((3, 2)))  # E: sub: shapes (2, 3) and (3, 2) do not broadcast: 2 != 3 at dim -2  [shape]
a.maximum(dt.zeros((5,)))  # E: maximum: shapes (4, 3) and (5,) do not broadcast: 3 != 5 at dim -1  [shape]
row - dt.zeros((3, 1))  # E: sub: broadcast expands both operands: (3,) and (3, 1) give (3, 3); if that is intended, broadcast_to((3, 3)) one of them explicitly  [broadcast]
dt.zeros((4,)) - col  # E: sub: broadcast expands both operands: (4,) and (4, 1) give (4, 4); if that is intended, broadcast_to((4, 4)) one of them explicitly  [broadcast]
dt.zeros((4,)) - col  # type: ignore[broadcast]
reveal_type(dt.zeros((4,)) - col.broadcast_to((4, 4)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[4]], dfdx_typed._tensor.NoneTape]"
dt.zeros((2, 3)).broadcast_to((4, 2))  # E: broadcast_to: cannot broadcast (2, 3) to (4, 2): 2 != 4 at dim -2  [shape]

# Traced on either side gives a traced result.
reveal_type(a.trace() + row)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"
reveal_type(row + a.trace())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"
reveal_type(2.0 * a.trace())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"


def symbolic(pred: Tensor[tuple[N]], target: Tensor[tuple[N, L[1]]]) -> None:
    reveal_type(pred * 2.0)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[N], dfdx_typed._tensor.NoneTape]"
    reveal_type(target - target)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[N, Literal[1]], dfdx_typed._tensor.NoneTape]"
    pred - target  # E: sub: broadcast expands both operands: (N,) and (N, 1) give (N, N); if that is intended, broadcast_to((N, N)) one of them explicitly  [broadcast]
    reveal_type(pred - target[:, 0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[N], dfdx_typed._tensor.NoneTape]"


def batch(x: Tensor[tuple[N, L[10]], OwnedTape], bias: Tensor[tuple[L[10]]]) -> None:
    reveal_type(x + bias)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[N, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(x + dt.zeros((1, 10)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[N, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    x + dt.zeros((10, 1))  # N may be 10 (or 1): not definitely wrong, so accepted
    x + dt.zeros((3,))  # E: add: shapes (N, 10) and (3,) do not broadcast: 10 != 3 at dim -1  [shape]


def unknown(x: Tensor[tuple[int, L[3]]], y: Tensor[tuple[int, ...]], n: int) -> None:
    reveal_type(x + dt.zeros((5, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x + x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x + y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(y * 2)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, ...], dfdx_typed._tensor.NoneTape]"
    x + dt.zeros((4,))  # E: add: shapes (int, 3) and (4,) do not broadcast: 3 != 4 at dim -1  [shape]
