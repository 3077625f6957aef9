# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""backward() only on a traced 0-d tensor; tapes flow through ops."""

from typing import Any, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import NoneTape, OwnedTape, Tensor

B = TypeVar("B", bound=int)

x = dt.zeros((4, 3))
w = dt.zeros((3, 2))

reveal_type((x.trace() @ w).sum().backward())  # N: Revealed type is "dfdx_typed._tape.Gradients"
reveal_type((x.trace() @ w).mean())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
(x @ w).sum().backward()  # E: backward: the tensor () is not traced (NoneTape), so there is no tape to run backward on; call .trace() on an input (or a parameter) before the forward pass  [tape]
(x.trace() @ w).backward()  # E: backward: expected a 0-d tensor, got (4, 2); reduce it to a scalar first (e.g. .sum() or .mean())  [tape]
(x.trace() @ w).sum(axis=0).backward()  # E: backward: expected a 0-d tensor, got (2,); reduce it to a scalar first (e.g. .sum() or .mean())  [tape]
x.sum().backward()  # type: ignore[tape]
reveal_type(dt.zeros(()).trace().backward())  # N: Revealed type is "dfdx_typed._tape.Gradients"


def model(inp: Tensor[tuple[B, L[3]]], weights: Tensor[tuple[L[3], L[2]], OwnedTape]) -> None:
    reveal_type((inp @ weights).sum())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
    (inp @ weights).sum().backward()
    (inp @ weights).backward()  # E: backward: expected a 0-d tensor, got (B, 2); reduce it to a scalar first (e.g. .sum() or .mean())  [tape]
    inp.sum().backward()  # E: backward: the tensor () is not traced (NoneTape), so there is no tape to run backward on; call .trace() on an input (or a parameter) before the forward pass  [tape]


def unknown(t: Tensor[Any, OwnedTape], u: Tensor[tuple[int, ...], NoneTape]) -> None:
    t.backward()
    u.backward()  # E: backward: the tensor (...) is not traced (NoneTape), so there is no tape to run backward on; call .trace() on an input (or a parameter) before the forward pass  [tape]
    u.sum().backward()  # E: backward: the tensor () is not traced (NoneTape), so there is no tape to run backward on; call .trace() on an input (or a parameter) before the forward pass  [tape]


S = TypeVar("S", bound=tuple[Any, ...])
T = TypeVar("T")


def generic(x: Tensor[tuple[L[2], L[3]], T], y: Tensor[tuple[L[3]], NoneTape]) -> None:
    reveal_type(x + y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], T]"
    reveal_type(y * x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], T]"
    reveal_type(x @ y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2]], T]"
    reveal_type(x.sum(axis=0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], T]"
    reveal_type(dt.concat([x, x]))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], T]"
    reveal_type(x.detach() + y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
    x.backward()  # E: backward: expected a 0-d tensor, got (2, 3); reduce it to a scalar first (e.g. .sum() or .mean())  [tape]
    reveal_type(x.sum().backward())  # N: Revealed type is "dfdx_typed._tape.Gradients"


def grads(w: Tensor[tuple[L[3], L[2]]]) -> None:
    g = (dt.zeros((4, 3)).trace() @ w).sum().backward()
    reveal_type(g[w])  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
