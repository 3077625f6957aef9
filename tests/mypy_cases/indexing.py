# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""x[index]: ints drop an axis, slices keep it, None inserts one, ... fills the rest."""

from typing import Final, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)
FIRST: Final = 0

x = dt.zeros((5, 4, 3))

reveal_type(x[0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[-1, 2])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[FIRST])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[1:3])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[:, ::2])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[::-1, 1:-1, :2])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[2], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[10:])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[0], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[None])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[5], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[..., 0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[0, ..., None])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[:, None, 1])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[1], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x[0, 0, 0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.getitem(x, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.trace()[0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"

x[5]  # E: getitem: index 5 is out of bounds for axis 0 with size 5 in (5, 4, 3)  [shape]
x[-6]  # E: getitem: index -6 is out of bounds for axis 0 with size 5 in (5, 4, 3)  [shape]
x[:, 4]  # E: getitem: index 4 is out of bounds for axis 1 with size 4 in (5, 4, 3)  [shape]
x[0, 0, 0, 0]  # E: getitem: too many indices for (5, 4, 3): 4 given for rank 3  [shape]
x[..., ...]  # E: getitem: an index can only have a single ellipsis ('...'), indexing (5, 4, 3)  [shape]
x[::0]  # E: getitem: slice step cannot be zero (axis 0 of (5, 4, 3))  [shape]


def batch(t: Tensor[tuple[B, L[4]]], i: int, j: int) -> None:
    reveal_type(t[0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[:, 1])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[:, 1:3])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[2]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[1:])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[:])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[i])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[:, i:j])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, int], dfdx_typed._tensor.NoneTape]"
    reveal_type(t[:, i])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B], dfdx_typed._tensor.NoneTape]"
    t[:, 5]  # E: getitem: index 5 is out of bounds for axis 1 with size 4 in (B, 4)  [shape]
    t[:, -5]  # E: getitem: index -5 is out of bounds for axis 1 with size 4 in (B, 4)  [shape]
