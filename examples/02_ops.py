"""Tensor ops: arithmetic with tensors and scalars, unary functions, comparisons, matmul.

Every op's output shape is in its type: ``(2, 3) @ (3, 4)`` is ``(2, 4)``, and a mismatch is a mypy
error before the program runs (see 21_shape_errors.py) and a ``ShapeError`` with the same message if it
runs anyway. dfdx: examples/02-ops.rs.
"""

from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    dt.manual_seed(0)
    a: Tensor[tuple[L[2], L[3]]] = dt.randn((2, 3))
    b: Tensor[tuple[L[2], L[3]]] = dt.randn((2, 3))

    # Elementwise arithmetic, with tensors or Python scalars on either side.
    c: Tensor[tuple[L[2], L[3]]] = (a + b) * 2.0 - 1.0 / (b.abs() + 1.0)
    print("c =", c.numpy().round(3))
    print("a ** 2 equals a.square():", bool(((a**2) == a.square()).numpy().all()))

    # Unary functions: methods or dt.* functions.
    d = dt.tanh(a).exp() + a.sigmoid() + a.relu() + a.gelu() + a.clamp(min=-0.5, max=0.5)
    print("d =", d.numpy().round(3))

    # Comparisons give bool tensors (never traced); dt.where selects.
    positive = a > 0.0
    kept: Tensor[tuple[L[2], L[3]]] = dt.where(positive, a, 0.0)
    print("positive:", positive.numpy().tolist(), "where:", kept.numpy().round(3))
    print("maximum:", dt.maximum(a, b).numpy().round(3))

    # Matrix products follow numpy: (2, 3) @ (3, 4) -> (2, 4); batches broadcast.
    w: Tensor[tuple[L[3], L[4]]] = dt.randn((3, 4))
    y: Tensor[tuple[L[2], L[4]]] = a @ w
    batch: Tensor[tuple[L[5], L[2], L[3]]] = dt.randn((5, 2, 3))
    ys: Tensor[tuple[L[5], L[2], L[4]]] = batch @ w
    print("matmul shapes:", y.shape, ys.shape)

    # Dims known only at run time (int) are checked when the op runs, with the checker's message.
    loaded: Tensor[tuple[int, int]] = dt.from_numpy(np.ones((2, 3), dtype=np.float32))
    try:
        _ = loaded @ loaded
    except dt.ShapeError as e:
        print("ShapeError:", e)


if __name__ == "__main__":
    main()
