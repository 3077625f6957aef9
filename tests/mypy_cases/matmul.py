# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Matmul follows numpy: 1-D, 2-D, and batched with broadcast batch dims."""

from typing import Any, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)

a = dt.zeros((4, 10))
w = dt.zeros((10, 3))

reveal_type(a @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.matmul(a, w))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((10,)) @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(a @ dt.zeros((10,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((10,)) @ dt.zeros((10,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((5, 4, 10)) @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.zeros((5, 1, 4, 10)) @ dt.zeros((7, 10, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[7], Literal[4], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(a.trace() @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"

a @ a  # E: matmul: inner dims differ: (4, 10) @ (4, 10) — 10 != 4  [shape]
dt.zeros((4, 10)) @ dt.zeros((4, 10))  # E: matmul: inner dims differ: (4, 10) @ (4, 10) — 10 != 4  [shape]
dt.zeros((10,)) @ dt.zeros((3,))  # E: matmul: inner dims differ: (10,) @ (3,) — 10 != 3  [shape]
dt.zeros((2, 4, 10)) @ dt.zeros((3, 10, 2))  # E: matmul: batch dims do not broadcast: (2, 4, 10) @ (3, 10, 2) — 2 != 3 at batch dim -1  [shape]
dt.matmul(dt.zeros(()), w)  # E: matmul: operands must have at least 1 dim: () @ (10, 3)  [shape]


def layer(x: Tensor[tuple[B, L[784]], OwnedTape], w1: Tensor[tuple[L[784], L[512]]]) -> None:
    reveal_type(x @ w1)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[512]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(x @ w1 @ dt.zeros((512, 10)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    x @ dt.zeros((512, 10))  # E: matmul: inner dims differ: (B, 784) @ (512, 10) — 784 != 512  [shape]
    x @ w1 @ dt.zeros((256, 10))  # E: matmul: inner dims differ: (B, 512) @ (256, 10) — 512 != 256  [shape]


def batched(x: Tensor[tuple[B, L[4], L[10]]], y: Tensor[tuple[B, L[3], L[4]]]) -> None:
    reveal_type(x @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(y @ x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[3], Literal[10]], dfdx_typed._tensor.NoneTape]"
    reveal_type(x.mT @ y.mT)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10], Literal[3]], dfdx_typed._tensor.NoneTape]"
    x @ y  # E: matmul: inner dims differ: (B, 4, 10) @ (B, 3, 4) — 10 != 3  [shape]


def loosened(x: Tensor[tuple[L[4], B]], y: Tensor[tuple[int, ...]], z: Tensor[Any, OwnedTape]) -> None:
    # The stub alone rejects these (a symbol against a literal, an unknown rank); B may be 3.
    reveal_type(x @ dt.zeros((3, 5)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[5]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.zeros((4, 3)) @ y)  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.zeros((4, 3)) @ z)  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"


def unknown(x: Tensor[tuple[int, int]], y: Tensor[tuple[int, ...]]) -> None:
    reveal_type(x @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[int, Literal[3]], dfdx_typed._tensor.NoneTape]"
    reveal_type(y @ w)  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(w @ x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[10], int], dfdx_typed._tensor.NoneTape]"
