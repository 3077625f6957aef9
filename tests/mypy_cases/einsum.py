# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""einsum: the literal subscripts bind every letter to one dim across operands (a mismatch names the
letter), ``...`` broadcasts, implicit outputs list the letters used once; the tape is joined."""

from typing import Final, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)
N = TypeVar("N", bound=int)

a = dt.zeros((2, 3))
b = dt.zeros((3, 4))
BATCHED: Final = "bij,bjk->bik"

reveal_type(dt.einsum("ij,jk->ik", a, b))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.einsum("ij,jk", a, b.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.einsum("ij->ji", a))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[2]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.einsum("ii->i", dt.zeros((3, 3))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.einsum("ij,ij->", a, a))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.einsum("...ij,jk->...ik", dt.zeros((5, 1, 2, 3)), b))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[1], Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.einsum(BATCHED, dt.zeros((5, 2, 3)), dt.zeros((5, 3, 4))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[2], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.einsum("i,j,k->ijk", dt.zeros((2,)), dt.zeros((3,)), dt.zeros((4,))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4]], dfdx_typed._tensor.NoneTape]"

dt.einsum("ij,jk->ik", a, a)  # E: einsum: letter 'j' is 3 in operand 0 (2, 3) but 2 in operand 1 (2, 3) ('ij,jk->ik')  [shape]
dt.einsum("ij,jk->ik", a)  # E: einsum: subscripts 'ij,jk->ik' name 2 operands, 1 given  [shape]
dt.einsum("ijk,jk->ik", a, b)  # E: einsum: operand 0 has 2 dims but 'ijk' names 3  [shape]
dt.einsum("ij,jk->il", a, b)  # E: einsum: output letter 'l' does not appear in any operand of 'ij,jk->il'  [shape]
dt.einsum("ij,jk->iki", a, b)  # E: einsum: output 'iki' repeats the letter 'i'  [shape]
dt.einsum("ii->i", a)  # E: einsum: letter 'i' is 2 in operand 0 (2, 3) but 3 in operand 0 (2, 3) ('ii->i')  [shape]
dt.einsum("i-j", a)  # E: einsum: invalid character '-' in operand 0 term 'i-j'  [shape]
dt.einsum("...i,...i->...", dt.zeros((2, 3)), dt.zeros((4, 3)))  # E: einsum: '...' dims do not broadcast: operand 0 (2, 3) and operand 1 (4, 3) (2 vs 4)  [shape]


def attention(q: Tensor[tuple[B, N, L[8]], OwnedTape], k: Tensor[tuple[B, N, L[8]]]) -> None:
    reveal_type(dt.einsum("bqd,bkd->bqk", q, k))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, N, N], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.einsum("bnd->bd", q))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8]], dfdx_typed._tensor.OwnedTape]"
    dt.einsum("bqd,bkd->bqk", q, dt.zeros((2, 3, 4)))  # E: einsum: letter 'd' is 8 in operand 0 (B, N, 8) but 4 in operand 1 (2, 3, 4) ('bqd,bkd->bqk')  [shape]


def not_literal(spec: str) -> None:
    reveal_type(dt.einsum(spec, a, b))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
