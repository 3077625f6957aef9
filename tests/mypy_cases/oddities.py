# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Types the plugin does not expect never crash it nor make it report anything wrong."""

from typing import Any, Literal, NewType, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Mul, OwnedTape, Tensor

D = NewType("D", int)
B = TypeVar("B", bound=int)


def odd_dims(
    s: Tensor[tuple[L[2], str]],
    n: Tensor[tuple[D, L[3]]],
    b: Tensor[tuple[Literal[True], L[3]]],
    u: Tensor[tuple[L[2] | L[3], L[4]]],
    big: Tensor[tuple[L[1000000007], L[2]]],
    m: Tensor[tuple[Mul[()], L[2]]],
) -> None:
    reveal_type(s.sum(axis=0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"
    reveal_type(n + dt.zeros((5, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(b.sum(axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"
    reveal_type(u.reshape((-1,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int], dfdx_typed._tensor.NoneTape]"
    reveal_type(big.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2000000014]], dfdx_typed._tensor.NoneTape]"
    reveal_type(m.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2]], dfdx_typed._tensor.NoneTape]"
    n + dt.zeros((5, 4))  # E: add: shapes (int, 3) and (5, 4) do not broadcast: 3 != 4 at dim -1  [shape]


def unions(x: Tensor[tuple[L[2], L[3]]] | Tensor[tuple[L[4], L[3]]], y: Tensor[tuple[L[3]]] | float) -> None:
    reveal_type(x.sum(axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2]], dfdx_typed._tensor.NoneTape] | dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x + y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape] | dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
    x.sum(axis=2)  # E: sum: axis 2 is out of range for (2, 3) (rank 2)  [shape]  # E: sum: axis 2 is out of range for (4, 3) (rank 2)  [shape]


def receivers(t: Tensor[tuple[B, L[3]], OwnedTape], a: Any) -> None:
    reveal_type(dt.concat([t, a]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.concat([t, *[t, t]]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, Any]"
    reveal_type(t[a])  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"
    reveal_type(t.reshape(a))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"
    reveal_type(t.permute(*[1, 0]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.zeros(a))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.tensor([[1.0, a], [2.0, 3.0]]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
