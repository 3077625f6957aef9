# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Constructors put literal shapes into the type."""

from typing import Final, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)
N: Final = 5

reveal_type(dt.zeros((2, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.ones((4,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.ones(7))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[7]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.full((2, 2), 3.5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.rand((N, 1)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.randn(()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((0, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[0], Literal[3]], dfdx_typed._tensor.NoneTape]"
dt.zeros((2, -3))  # E: zeros: negative dimension -3 in (2, -3)  [shape]
dt.randn((-1,))  # E: randn: negative dimension -1 in (-1,)  [shape]

declared: Tensor[tuple[L[2], L[3]]] = dt.zeros((2, 3))
wrong: Tensor[tuple[L[3], L[2]]] = dt.zeros((2, 3))  # E: Incompatible types in assignment (expression has type "Tensor[tuple[Literal[2], Literal[3]], NoneTape]", variable has type "Tensor[tuple[Literal[3], Literal[2]], NoneTape]")  [assignment]


def sized(n: int) -> None:
    reveal_type(dt.zeros((n, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.eye(n))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, int], dfdx_typed._tensor.NoneTape]"


def like(x: Tensor[tuple[B, L[10]]]) -> None:
    reveal_type(dt.zeros(x.shape))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.ones((x.shape[0], 4)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.eye(x.shape[0]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, B], dfdx_typed._tensor.NoneTape]"


reveal_type(dt.tensor([[1.0, 2.0], [3.0, 4.0]]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.tensor([1, 2, 3]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.tensor([[[1.0], [2.0]]]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[2], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.tensor(2.0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.tensor([]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[0]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.tensor([True, False]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2]], dfdx_typed._tensor.NoneTape]"
dt.tensor([[1.0, 2.0], [3.0]])  # E: tensor: ragged nested list: data[1] has shape (1,) but data[0] has shape (2,)  [shape]
dt.tensor([[1.0], [2.0], [3.0, 4.0]])  # E: tensor: ragged nested list: data[2] has shape (2,) but data[0] has shape (1,)  [shape]

rows = [[1.0, 2.0], [3.0, 4.0]]
reveal_type(dt.tensor(rows))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
reveal_type(dt.tensor([rows[0], rows[1]]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"

reveal_type(dt.arange(5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.arange(2, 8))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[6]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.arange(0, 1, 0.25))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.arange(10, 0, -3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.arange(5, 1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[0]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.arange(N))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5]], dfdx_typed._tensor.NoneTape]"
dt.arange(0, 4, 0)  # E: arange: step cannot be zero  [shape]


def ranged(n: int, step: float) -> None:
    reveal_type(dt.arange(n))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.arange(0, 10, step))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"


reveal_type(dt.eye(3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.eye(2, 4))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
dt.eye(-2)  # E: eye: negative dimension -2 in (-2, -2)  [shape]
