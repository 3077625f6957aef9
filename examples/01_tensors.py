"""Tensors: creating them, their shape and tape types, and getting data in and out.

A tensor's shape is part of its type: ``Tensor[tuple[L[2], L[3]]]`` is a 2x3 tensor, and mypy with the
plugin infers it from ``dt.tensor([[...], [...]])`` or ``dt.zeros((2, 3))``. Dims that are only known at
run time (data from a file) are ``int``; ``realize`` narrows them back, checked at run time.
dfdx: examples/01-tensor.rs.
"""

from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    dt.manual_seed(0)  # rand/randn and layer initialisers draw from this generator

    # From nested lists: the shape (2, 3) is inferred from the literal.
    a: Tensor[tuple[L[2], L[3]]] = dt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    print("a =", a.numpy().tolist(), "shape", a.shape, "dtype", a.dtype)

    # Constant fills and random tensors take the shape as a tuple.
    zeros: Tensor[tuple[L[2], L[3]]] = dt.zeros((2, 3))
    ones: Tensor[tuple[L[4]]] = dt.ones((4,))
    sevens: Tensor[tuple[L[2], L[2]]] = dt.full((2, 2), 7.0)
    noise: Tensor[tuple[L[3], L[5]]] = dt.randn((3, 5))
    uniform: Tensor[tuple[L[3], L[5]]] = dt.rand((3, 5), rng=np.random.default_rng(1))  # explicit rng
    steps: Tensor[tuple[L[5]]] = dt.arange(5)
    identity: Tensor[tuple[L[3], L[3]]] = dt.eye(3)
    print("zeros", zeros.shape, "ones", ones.shape, "sevens", sevens.numpy().tolist())
    print(f"randn mean {noise.mean().item():.3f}, rand max {uniform.max().item():.3f}")
    print("arange", steps.numpy().tolist(), "eye trace", identity.sum().item())

    # float32 is the default; float64 and integer tensors are supported.
    doubles = dt.zeros((2,), dtype=dt.float64)
    labels = dt.tensor([3, 1, 4])
    print("dtypes:", doubles.dtype, labels.dtype)

    # numpy in and out. from_numpy copies (tensors are immutable); its dims are run-time ints.
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    b: Tensor[tuple[int, int]] = dt.from_numpy(array)
    # realize() narrows run-time dims to static ones, checked now: a wrong size raises ShapeError.
    c: Tensor[tuple[L[2], L[3]]] = b.realize((2, 3))
    print("from numpy:", c.numpy().tolist(), "np.asarray:", np.asarray(c).sum())
    try:
        b.realize((3, 2))
    except dt.ShapeError as e:
        print("realize refused:", e)

    # A 0-d tensor holds one number.
    total: Tensor[tuple[()]] = a.sum()
    print("sum of a =", total.item())


if __name__ == "__main__":
    main()
