# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""permute must be a permutation; transpose, .T and .mT."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)
C = TypeVar("C", bound=int)

x = dt.zeros((2, 3, 4))

reveal_type(x.permute(2, 0, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.permute(-1, -2, -3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.permute(x, 1, 0, 2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.transpose(0, 2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.transpose(-1, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.transpose(x, 0, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.T)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.mT)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.matrix_transpose(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((5,)).T)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros(()).T)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"

x.permute(0, 0, 1)  # E: permute: (0, 0, 1) is not a permutation of the axes of (2, 3, 4)  [shape]
x.permute(0, 1)  # E: permute: expected 3 axes for (2, 3, 4), got 2: (0, 1)  [shape]
x.permute(0, 1, 3)  # E: permute: axis 3 is out of range for (2, 3, 4) (rank 3)  [shape]
x.transpose(0, 3)  # E: transpose: axis 3 is out of range for (2, 3, 4) (rank 3)  [shape]
_ = dt.zeros((5,)).mT  # E: mT: needs a tensor of rank >= 2, got (5,)  [shape]
dt.matrix_transpose(dt.zeros(()))  # E: mT: needs a tensor of rank >= 2, got ()  [shape]


def images(t: Tensor[tuple[B, C, L[28], L[28]], OwnedTape]) -> None:
    reveal_type(t.permute(0, 2, 3, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[28], Literal[28], C], dfdx_typed._tensor.OwnedTape]"
    reveal_type(t.transpose(1, -1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[28], Literal[28], C], dfdx_typed._tensor.OwnedTape]"
    reveal_type(t.mT)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, C, Literal[28], Literal[28]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(t.T)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[28], Literal[28], C, B], dfdx_typed._tensor.OwnedTape]"
    t.permute(0, 2, 3)  # E: permute: expected 4 axes for (B, C, 28, 28), got 3: (0, 2, 3)  [shape]


def dynamic(t: Tensor[tuple[int, ...]], axis: int) -> None:
    reveal_type(t.permute(0, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(t.T)  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.zeros((2, 3)).permute(axis, 0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
