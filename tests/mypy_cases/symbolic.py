# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Symbolic dims: TypeVars unify, Mul/Add markers normalise as polynomials."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import Add, Mul, Tensor

B = TypeVar("B", bound=int)
S = TypeVar("S", bound=int)


def markers(
    a: Tensor[tuple[Mul[L[28], L[28]]]],
    b: Tensor[tuple[L[784]]],
    c: Tensor[tuple[Mul[B, L[784]]]],
    d: Tensor[tuple[B, L[784]]],
    e: Tensor[tuple[Add[B, L[1]], L[3]]],
) -> None:
    reveal_type(a + b)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[784]], dfdx_typed._tensor.NoneTape]"
    reveal_type(a.reshape((28, 28)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
    reveal_type(c.reshape((d.shape[0], 28, 28)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
    reveal_type(d.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[784], B]], dfdx_typed._tensor.NoneTape]"
    # Results are written in one canonical order (coefficient first, then symbols by name), which is
    # what an annotation must spell to be assignable: mypy compares marker types by name.
    flat: Tensor[tuple[Mul[L[784], B]]] = d.flatten()
    reveal_type(flat)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[784], B]], dfdx_typed._tensor.NoneTape]"
    reveal_type(c + d.flatten())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[784], B]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.concat([c, d.flatten()]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Mul[Literal[1568], B]], dfdx_typed._tensor.NoneTape]"
    reveal_type(e.sum(axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Add[B, Literal[1]]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.concat([e, e]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[dfdx_typed._markers.Add[dfdx_typed._markers.Mul[Literal[2], B], Literal[2]], Literal[3]], dfdx_typed._tensor.NoneTape]"
    a + dt.zeros((783,))  # E: add: shapes (784,) and (783,) do not broadcast: 784 != 783 at dim -1  [shape]
    c.reshape((d.shape[0], 28, 27))  # E: reshape: cannot reshape (784·B,) into (B, 28, 27): 784·B elements != 756·B  [shape]
    c + dt.zeros((784,))
    dt.concat([e, dt.zeros((2, 4))])  # E: concat: tensor 1 differs from tensor 0 in dim 1: (B + 1, 3) vs (2, 4) — 3 != 4  [shape]


def unify(x: Tensor[tuple[B, S]], y: Tensor[tuple[S, B]]) -> None:
    reveal_type(x @ y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, B], dfdx_typed._tensor.NoneTape]"
    reveal_type(y @ x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[S, S], dfdx_typed._tensor.NoneTape]"
    reveal_type(x + y.T)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, S], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.concat([x, y.T], axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, dfdx_typed._markers.Mul[Literal[2], S]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.flatten().reshape((x.shape[1], x.shape[0])))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[S, B], dfdx_typed._tensor.NoneTape]"
    x.reshape((x.shape[0], x.shape[1], 2))  # E: reshape: cannot reshape (B, S) into (B, S, 2): B·S elements != 2·B·S  [shape]


def pipeline(x: Tensor[tuple[B, L[1], L[28], L[28]]]) -> Tensor[tuple[B, L[10]]]:
    flat = x.flatten(1)
    reveal_type(flat)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[784]], dfdx_typed._tensor.NoneTape]"
    hidden = (flat @ dt.randn((784, 128))).relu()
    return hidden @ dt.randn((128, 10))
