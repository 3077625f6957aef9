# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Selection by index tensors (gather, select, take_along_axis, embedding lookup), one_hot, roll, dropout,
and the elementwise ``==``/``!=`` (the stub's ``object`` fallback must not swallow a shape error). Index
tensors carry no gradient: the result has the data's tape; one_hot and comparisons are untraced."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)

x = dt.zeros((4, 3))
idx = dt.zeros((2, 3), dtype="int64")
rows = dt.arange(2)
table = dt.zeros((10, 8))
tokens = dt.zeros((2, 5), dtype="int64")

reveal_type(dt.gather(x, 0, idx))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.trace().gather(0, idx))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.select(x, 0, rows))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.select(x.trace(), 1, tokens))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[2], Literal[5]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.take_along_axis(x, dt.zeros((4, 1), dtype="int64"), axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.embedding(tokens, table))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[5], Literal[8]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.embedding(tokens, table.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[5], Literal[8]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.one_hot(tokens, 10))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[5], Literal[10]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.roll(1, axis=0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.roll(x.trace(), (1, 2), axis=(0, 1)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.dropout(x.trace(), 0.5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.OwnedTape]"

dt.gather(x, 0, dt.zeros((2,), dtype="int64"))  # E: gather: index (2,) must have the rank of the input (4, 3)  [shape]
dt.gather(x, 0, dt.zeros((2, 5), dtype="int64"))  # E: gather: index (2, 5) is larger than the input (4, 3) at dim 1 (5 > 3); only dim 0 may differ  [shape]
x.gather(2, idx)  # E: gather: axis 2 is out of range for (4, 3) (rank 2)  [shape]
dt.select(x, -3, rows)  # E: select: axis -3 is out of range for (4, 3) (rank 2)  [shape]
dt.take_along_axis(x, dt.zeros((4,), dtype="int64"), axis=0)  # E: take_along_axis: indices (4,) must have the rank of the input (4, 3)  [shape]
dt.take_along_axis(x, dt.zeros((3, 1), dtype="int64"), axis=1)  # E: take_along_axis: indices (3, 1) do not broadcast against the input (4, 3) at dim 0: 3 != 4  [shape]
dt.embedding(tokens, dt.zeros((10,)))  # E: embedding: weight must be (num_embeddings, embedding_dim), got (10,)  [shape]
dt.one_hot(tokens, 0)  # E: one_hot: num_classes must be a positive int, got 0  [shape]
x.roll(1, axis=2)  # E: roll: axis 2 is out of range for (4, 3) (rank 2)  [shape]
dt.roll(x, (1, 2), axis=0)  # E: roll: 2 shifts given for 1 axes ((1, 2), 0)  [shape]

# == and != broadcast like the other comparisons and give untraced tensors; other operands are identity.
reveal_type(x == dt.zeros((3,)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x.trace() != 0.0)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(2.0 == x)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(1 != x.trace())  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
reveal_type(x == "a")  # N: Revealed type is "bool"
reveal_type(x.__eq__(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3]], dfdx_typed._tensor.NoneTape]"
_ = x == dt.zeros((2,))  # E: eq: shapes (4, 3) and (2,) do not broadcast: 3 != 2 at dim -1  [shape]
_ = x != dt.zeros((4, 4))  # E: ne: shapes (4, 3) and (4, 4) do not broadcast: 3 != 4 at dim -1  [shape]
_ = dt.zeros((4,)) == dt.zeros((4, 1))  # E: eq: broadcast expands both operands: (4,) and (4, 1) give (4, 4); if that is intended, broadcast_to((4, 4)) one of them explicitly  [broadcast]
flag: bool = x == dt.zeros((5,))  # E: eq: shapes (4, 3) and (5,) do not broadcast: 3 != 5 at dim -1  [shape]


def batched(t: Tensor[tuple[B, L[5]], OwnedTape], labels: Tensor[tuple[B]]) -> None:
    reveal_type(dt.one_hot(labels, 5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[5]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.take_along_axis(t, labels[:, None], axis=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[1]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.embedding(labels, table))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8]], dfdx_typed._tensor.NoneTape]"
    reveal_type(t == dt.one_hot(labels, 5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[5]], dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.dropout(t))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[5]], dfdx_typed._tensor.OwnedTape]"
    _ = t == dt.one_hot(labels, 4)  # E: eq: shapes (B, 5) and (B, 4) do not broadcast: 5 != 4 at dim -1  [shape]
    dt.take_along_axis(t, labels, axis=1)  # E: take_along_axis: indices (B,) must have the rank of the input (B, 5)  [shape]
