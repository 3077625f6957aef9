"""Broadcasting and reductions, with the shapes in the types.

Elementwise ops broadcast numpy-style. A broadcast that expands *both* operands (``(N,) - (N, 1)`` gives
``(N, N)``, the classic silent bug) is a mypy error with its own code, ``broadcast``; say what you mean
with ``broadcast_to``. Reductions take ``axis`` (int, tuple, negative) and ``keepdims``.
dfdx: examples/08-tensor-broadcast-reduce.rs.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    dt.manual_seed(0)
    x: Tensor[tuple[L[4], L[3]]] = dt.randn((4, 3))

    # Reductions drop the reduced axes, or keep them as size 1.
    col_sums: Tensor[tuple[L[3]]] = x.sum(axis=0)
    row_means: Tensor[tuple[L[4], L[1]]] = x.mean(axis=-1, keepdims=True)
    total: Tensor[tuple[()]] = x.max()
    spread: Tensor[tuple[L[4]]] = x.std(axis=1)
    print("column sums", col_sums.numpy().round(3), "max", round(total.item(), 3))
    print("row std", spread.numpy().round(3))

    # Broadcasting one side: (4, 3) - (4, 1) -> (4, 3) and (4, 3) * (3,) -> (4, 3).
    centered: Tensor[tuple[L[4], L[3]]] = x - row_means
    scaled: Tensor[tuple[L[4], L[3]]] = centered * dt.tensor([1.0, 10.0, 100.0])
    print("centered rows sum to 0:", centered.sum(axis=1).abs().max().item() < 1e-6)
    print("scaled row 0:", scaled[0].numpy().round(2))

    # Explicit broadcast_to, e.g. to build a pairwise table on purpose.
    a: Tensor[tuple[L[3]]] = dt.tensor([1.0, 2.0, 3.0])
    pairwise: Tensor[tuple[L[3], L[3]]] = a.broadcast_to((3, 3)) - a.reshape((3, 1))
    print("pairwise differences:\n", pairwise.numpy())

    # Softmax-style normalisations keep the shape.
    probs: Tensor[tuple[L[4], L[3]]] = x.softmax(axis=-1)
    print("softmax rows sum to", probs.sum(axis=-1).numpy().round(6))
    print("logsumexp over rows:", x.logsumexp(axis=-1).numpy().round(3))


if __name__ == "__main__":
    main()
