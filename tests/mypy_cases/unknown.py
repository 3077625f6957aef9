# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""What is not known statically is never an error (no false errors); the run time checks it."""

from typing import Any, TypeVar, reveal_type
from typing import Literal as L

from typing_extensions import TypeVarTuple

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

Ts = TypeVarTuple("Ts")
T = TypeVar("T")
S = TypeVar("S", bound=tuple[Any, ...])


def int_dims(x: Tensor[tuple[int, int]], n: int, axis: int, shape: tuple[int, ...]) -> None:
    reveal_type(x + dt.zeros((3, 4)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x @ dt.zeros((7, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[2]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((5, 5)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[5]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((n, -1)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, int], dfdx_typed._tensor.NoneTape]"
    reveal_type(x[3, n])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.sum(axis=axis))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.zeros(shape))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.zeros((n, 2)) + dt.zeros((3, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.concat([x, dt.zeros((2, 9))], axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, int], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.squeeze())  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.squeeze(0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"
    x.sum(axis=2)  # E: sum: axis 2 is out of range for (int, int) (rank 2)  [shape]


def unknown_rank(x: Tensor[tuple[int, ...]], y: Tensor[Any], z: Any) -> None:
    reveal_type(x + dt.zeros((3, 4)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.sum(axis=7))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.permute(0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.reshape((2, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x[0, 0, 0, 0, 0])  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(y.flatten(5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(z.anything(1))  # N: Revealed type is "Any"
    reveal_type(dt.concat([x, dt.zeros((2, 3))]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"


def variadic(x: Tensor[tuple[*Ts, L[3]]], s: Tensor[S], t: Tensor[tuple[L[2], L[3]], T]) -> None:
    reveal_type(x.sum(axis=-1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(s.sum(axis=3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(t + dt.zeros((3,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], T]"
    reveal_type(t.sum())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], T]"
    t + dt.zeros((2,))  # E: add: shapes (2, 3) and (2,) do not broadcast: 3 != 2 at dim -1  [shape]


def not_literal(x: Tensor[tuple[L[2], L[3]]], k: int, keep: bool, sizes: list[int]) -> None:
    reveal_type(x.transpose(k, 0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.flatten(k))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.unsqueeze(k))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(x.mean(axis=1, keepdims=keep))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.split(x, sizes))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]]"
    reveal_type(dt.split(x, k))  # N: Revealed type is "list[dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]]"
    reveal_type(dt.arange(k))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"
    reveal_type(x[k:])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[3]], dfdx_typed._tensor.NoneTape]"


def traced_any(x: Tensor[tuple[L[2], L[3]], Any], y: Tensor[tuple[L[2], L[3]], OwnedTape]) -> None:
    reveal_type(x + x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], Any]"
    reveal_type(x + y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(x.sum())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], Any]"
