# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""concat/stack/split: other dims equal, the axis dim adds up."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)

a = dt.zeros((2, 3))
b = dt.zeros((2, 4))

reveal_type(dt.concat([a, b], axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[7]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.concat([a, a]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.concat((a, b, a), axis=-1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[10]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.concat([a]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.concat([a.trace(), b], axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[7]], dfdx_typed._tensor.OwnedTape]"
dt.concat([a, b], axis=0)  # E: concat: tensor 1 differs from tensor 0 in dim 1: (2, 3) vs (2, 4) — 3 != 4  [shape]
dt.concat([a, dt.zeros((3,))])  # E: concat: tensor 1 has rank 1 but tensor 0 has rank 2: (2, 3) vs (3,)  [shape]
dt.concat([a, b], axis=2)  # E: concat: axis 2 is out of range for (2, 3) (rank 2)  [shape]

reveal_type(dt.stack([a, a]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.stack([a, a, a], axis=-1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.stack((a, a), axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
dt.stack([a, b])  # E: stack: tensor 1 differs from tensor 0 in dim 1: (2, 3) vs (2, 4) — 3 != 4  [shape]
dt.stack([a, a], axis=3)  # E: stack: axis 3 is out of range for (2, 3) plus 1 new axis (rank 3)  [shape]

reveal_type(dt.split(dt.zeros((10, 4)), [3, 7]))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[int, Literal[4]], dfdx_typed._tensor.NoneTape]]"
reveal_type(dt.split(dt.zeros((10, 4)), 5))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[4]], dfdx_typed._tensor.NoneTape]]"
reveal_type(dt.split(dt.zeros((10, 4)), 4))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[int, Literal[4]], dfdx_typed._tensor.NoneTape]]"
reveal_type(dt.split(dt.zeros((10, 4)), (2, 2), axis=1))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2]], dfdx_typed._tensor.NoneTape]]"
reveal_type(dt.split(dt.zeros((10, 4)), [10]))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[4]], dfdx_typed._tensor.NoneTape]]"
dt.split(dt.zeros((10, 4)), [3, 6])  # E: split: sections (3, 6) add up to 9, but axis 0 of (10, 4) is 10  [shape]
dt.split(dt.zeros((10, 4)), 0)  # E: split: split size must be positive, got 0 for axis 0 of (10, 4)  [shape]
dt.split(dt.zeros((10, 4)), 2, axis=2)  # E: split: axis 2 is out of range for (10, 4) (rank 2)  [shape]


def batched(x: Tensor[tuple[B, L[3]]], y: Tensor[tuple[B, L[5]]], z: Tensor[tuple[int, L[3]]]) -> None:
    reveal_type(dt.concat([x, y], axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.concat([x, x]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[2], B], Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.concat([x, z]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.stack([x, x]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], B, Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.split(x, [1, 2], axis=1))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[B, int], dfdx_typed._tensor.NoneTape]]"
    reveal_type(dt.split(x, 2))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[tuple[int, Literal[3]], dfdx_typed._tensor.NoneTape]]"
    dt.concat([x, y])  # E: concat: tensor 1 differs from tensor 0 in dim 1: (B, 3) vs (B, 5) — 3 != 5  [shape]
    dt.split(x, [1, 1], axis=1)  # E: split: sections (1, 1) add up to 2, but axis 1 of (B, 3) is 3  [shape]


def listed(xs: list[Tensor[tuple[L[2], L[3]]]]) -> None:
    reveal_type(dt.concat(xs))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.stack(xs))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
