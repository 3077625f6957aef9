# ruff: noqa: E501, F841  (long expected lines; the annotated assignments are what is checked)
"""Mul/Add in annotations are normalised as the plugin writes dims: a product in any factor order, a sum
in any term order, constants folded (``Mul[L[28], L[28]]`` is ``L[784]``), a single factor is itself.
So an annotation spelled either way accepts what the plugin infers."""

from typing import Any, TypeVar, reveal_type
from typing import Literal as L

from typing_extensions import TypeVarTuple

import dfdx_typed as dt
from dfdx_typed import Add, Mul, OwnedTape, Tensor

B = TypeVar("B", bound=int)
C = TypeVar("C", bound=int)
Ts = TypeVarTuple("Ts")


def spellings(
    a: Mul[L[28], L[28]],
    b: Mul[B, L[784]],
    c: Mul[L[784], B],
    d: Add[L[1], B],
    e: Add[B, B, L[1]],
    f: Mul[Add[B, L[1]], L[2]],
    g: Mul[B],
    h: Mul[C, L[2], B],
    i: Mul[int, L[2]],
    j: Mul[Any, L[2]],
    k: Mul[*Ts],  # an unpacked TypeVarTuple is kept as written (no error)
) -> None:
    reveal_type(a)  # N: Revealed type is "Literal[784]"
    reveal_type(b)  # N: Revealed type is "dfdx_typed._markers.Mul[Literal[784], B]"
    reveal_type(c)  # N: Revealed type is "dfdx_typed._markers.Mul[Literal[784], B]"
    reveal_type(d)  # N: Revealed type is "dfdx_typed._markers.Add[B, Literal[1]]"
    reveal_type(e)  # N: Revealed type is "dfdx_typed._markers.Add[dfdx_typed._markers.Mul[Literal[2], B], Literal[1]]"
    reveal_type(f)  # N: Revealed type is "dfdx_typed._markers.Add[dfdx_typed._markers.Mul[Literal[2], B], Literal[2]]"
    reveal_type(g)  # N: Revealed type is "B"
    reveal_type(h)  # N: Revealed type is "dfdx_typed._markers.Mul[Literal[2], B, C]"
    reveal_type(i)  # N: Revealed type is "int"
    reveal_type(j)  # N: Revealed type is "dfdx_typed._markers.Mul[Any, Literal[2]]"


def either_order(x: Tensor[tuple[B, L[784]], OwnedTape], y: Tensor[tuple[B, L[2], C]]) -> None:
    flat: Tensor[tuple[Mul[B, L[784]]], OwnedTape] = x.flatten()
    same: Tensor[tuple[Mul[L[784], B]], OwnedTape] = x.flatten()
    factors: Tensor[tuple[Mul[B, L[16], L[49]]], OwnedTape] = x.flatten()
    rows: Tensor[tuple[Mul[C, L[2], B]]] = y.flatten()
    summed: Tensor[tuple[Add[L[784], Mul[B, L[784]]]], OwnedTape] = dt.concat([x.flatten(), x[0]])
    wrong: Tensor[tuple[Mul[B, L[783]]], OwnedTape] = x.flatten()  # E: Incompatible types in assignment (expression has type "Tensor[tuple[Mul[Literal[784], B]], OwnedTape]", variable has type "Tensor[tuple[Mul[Literal[783], B]], OwnedTape]")  [assignment]
    swapped: Tensor[tuple[Mul[C, L[2]], B]] = y.flatten(1)  # E: Incompatible types in assignment (expression has type "Tensor[tuple[B, Mul[Literal[2], C]], NoneTape]", variable has type "Tensor[tuple[Mul[Literal[2], C], B], NoneTape]")  [assignment]
    reveal_type(flat)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[784], B]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(rows)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[2], B, C]], dfdx_typed._tensor.NoneTape]"
    reveal_type(summed)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Add[dfdx_typed._markers.Mul[Literal[784], B], Literal[784]]], dfdx_typed._tensor.OwnedTape]"


def constants(img: Tensor[tuple[Mul[L[28], L[28]]]], n: Tensor[tuple[Add[L[3], L[4]], Mul[L[2], L[5]]]]) -> None:
    reveal_type(img)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[784]], dfdx_typed._tensor.NoneTape]"
    reveal_type(n)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[7], Literal[10]], dfdx_typed._tensor.NoneTape]"
    reveal_type(img.reshape((28, 28)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
    as_literal: Tensor[tuple[L[784]]] = img
    back: Tensor[tuple[Mul[L[4], L[196]]]] = dt.zeros((784,))
    img.reshape((28, 27))  # E: reshape: cannot reshape (784,) into (28, 27): 784 elements != 756  [shape]
    img + dt.zeros((783,))  # E: add: shapes (784,) and (783,) do not broadcast: 784 != 783 at dim -1  [shape]


def generic(x: Tensor[tuple[Mul[L[2], B], L[3]]]) -> Tensor[tuple[Mul[B, L[6]]]]:
    reveal_type(x.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[6], B]], dfdx_typed._tensor.NoneTape]"
    return x.flatten()
