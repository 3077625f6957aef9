"""Indexing and selecting: ints, slices, ``None``, ``...``, and index tensors (gather, select, one_hot).

Each has a shape rule: ``x[:, 5]`` on a ``(B, 4)`` tensor is a mypy error, and the type of a valid
index expression is the shape it gives. dfdx: examples/10-tensor-index.rs.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    x: Tensor[tuple[L[3], L[4]]] = dt.arange(12, dtype=dt.float32).reshape((3, 4))

    row: Tensor[tuple[L[4]]] = x[1]
    column: Tensor[tuple[L[3]]] = x[:, 2]
    block: Tensor[tuple[L[2], L[2]]] = x[1:, ::2]
    last: Tensor[tuple[L[3]]] = x[..., -1]
    lifted: Tensor[tuple[L[3], L[1], L[4]]] = x[:, None]
    print("row 1", row.numpy(), "column 2", column.numpy(), "last column", last.numpy())
    print("block\n", block.numpy(), "\nnew axis:", lifted.shape)

    # Index tensors: pick one entry per row (gather), whole rows (select), or one-hot encode.
    picks: Tensor[tuple[L[3], L[1]]] = dt.tensor([[0], [3], [1]])
    per_row = dt.gather(x, 1, picks)
    print("gather one per row:", per_row.numpy().ravel())
    rows = dt.select(x, 0, dt.tensor([2, 0]))
    print("select rows 2 and 0:\n", rows.numpy())
    labels: Tensor[tuple[L[3]]] = dt.tensor([2, 0, 1])
    print("one_hot:\n", dt.one_hot(labels, 4).numpy())

    # Indexing is differentiable: the gradient lands where the entries came from.
    grads = x.trace()[1:, ::2].sum().backward()
    print("gradient of x[1:, ::2].sum():\n", grads[x].numpy())

    # An index out of range is a ShapeError at run time too (here the index is only known then).
    i = len(x) + 1
    try:
        _ = x[i]
    except dt.ShapeError as e:
        print("ShapeError:", e)


if __name__ == "__main__":
    main()
