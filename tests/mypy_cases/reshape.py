# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""reshape/flatten keep the element count, symbolically too; squeeze, unsqueeze, realize."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)
C = TypeVar("C", bound=int)
H = TypeVar("H", bound=int)
W = TypeVar("W", bound=int)

x = dt.zeros((2, 3, 4))

reveal_type(x.reshape((6, 4)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[6], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.reshape((-1,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[24]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.reshape((4, -1, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.reshape(x, (3, 8)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[8]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[24]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.flatten(1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[12]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.flatten(0, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[6], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.flatten(x, start_dim=-2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[12]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros(()).flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1]], dfdx_typed._tensor.NoneTape]"
x.reshape((5, 5))  # E: reshape: cannot reshape (2, 3, 4) into (5, 5): 24 elements != 25  [shape]
x.reshape((5, -1))  # E: reshape: cannot reshape (2, 3, 4) into (5, -1): 24 elements are not a multiple of 5  [shape]
x.reshape((-1, -1))  # E: reshape: cannot reshape (2, 3, 4) into (-1, -1): only one dim can be -1  [shape]
x.flatten(2, 1)  # E: flatten: start_dim 2 comes after end_dim 1 in (2, 3, 4)  [shape]
x.flatten(3)  # E: flatten: axis 3 is out of range for (2, 3, 4) (rank 3)  [shape]

reveal_type(dt.zeros((1, 3, 1)).squeeze())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((1, 3, 1)).squeeze(0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((1, 3, 1)).squeeze((0, -1)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
dt.zeros((1, 3, 1)).squeeze(1)  # E: squeeze: cannot squeeze axis 1 of (1, 3, 1): its size is 3, not 1  [shape]
dt.zeros((1, 3, 1)).squeeze(3)  # E: squeeze: axis 3 is out of range for (1, 3, 1) (rank 3)  [shape]
reveal_type(x.unsqueeze(0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[2], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.unsqueeze(-1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.unsqueeze((0, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[2], Literal[1], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
x.unsqueeze(4)  # E: unsqueeze: axis 4 is out of range for (2, 3, 4) plus 1 new axis (rank 4)  [shape]
x.unsqueeze((1, 1))  # E: unsqueeze: repeated axis in (1, 1) for (2, 3, 4)  [shape]


def mnist(x: Tensor[tuple[B, L[784]]]) -> None:
    reveal_type(x.reshape((x.shape[0], 28, 28)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((x.shape[0], -1, 7)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[112], Literal[7]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((-1, 28, 28)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((-1,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[784], B]], dfdx_typed._tensor.NoneTape]"
    x.reshape((x.shape[0], 28, 27))  # E: reshape: cannot reshape (B, 784) into (B, 28, 27): 784·B elements != 756·B  [shape]
    x.reshape((x.shape[0], 5, -1))  # E: reshape: cannot reshape (B, 784) into (B, 5, -1): 784·B elements are not a multiple of 5·B  [shape]


def images(x: Tensor[tuple[B, C, H, W]]) -> None:
    reveal_type(x.flatten(1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, dfdx_typed._markers.Mul[C, H, W]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[B, C, H, W]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.flatten(2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, C, dfdx_typed._markers.Mul[H, W]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.flatten(1).reshape((x.shape[0], x.shape[1], x.shape[2], x.shape[3])))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, C, H, W], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((x.shape[0], -1)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, dfdx_typed._markers.Mul[C, H, W]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.squeeze(0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[C, H, W], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.unsqueeze(1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[1], C, H, W], dfdx_typed._tensor.NoneTape]"
    x.reshape((x.shape[0], x.shape[1], x.shape[2]))
    reveal_type(x.squeeze())  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"


def realize(x: Tensor[tuple[int, L[10]]], n: int) -> None:
    reveal_type(x.realize((4, 10)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[10]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.realize((4, n)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[10]], dfdx_typed._tensor.NoneTape]"
    x.realize((4, 11))  # E: realize: (int, 10) cannot be realized as (4, 11): 10 != 11  [shape]
    x.realize((4, 10, 1))  # E: realize: (int, 10) cannot be realized as (4, 10, 1): rank 2 != 3  [shape]
    reveal_type(x.reshape((-1, 5)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[5]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((2, 5)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[5]], dfdx_typed._tensor.NoneTape]"
