"""Permuting axes: ``permute``, ``transpose``, ``.T`` and ``.mT``, with the result's shape in its type.

``permute`` must be given a permutation of the axes (``x.permute(0, 0)`` is a mypy error).
dfdx: examples/09-tensor-permute.rs.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    x: Tensor[tuple[L[2], L[3], L[4]]] = dt.arange(24, dtype=dt.float32).reshape((2, 3, 4))

    y: Tensor[tuple[L[4], L[2], L[3]]] = x.permute(2, 0, 1)
    z: Tensor[tuple[L[2], L[4], L[3]]] = x.transpose(1, 2)
    rev: Tensor[tuple[L[4], L[3], L[2]]] = x.T  # all axes reversed, as numpy's .T
    mats: Tensor[tuple[L[2], L[4], L[3]]] = x.mT  # the last two axes: a batch of transposed matrices
    print("permute(2, 0, 1):", y.shape, " transpose(1, 2):", z.shape, " .T:", rev.shape, " .mT:", mats.shape)
    print("x[1, 2, 3] == y[3, 1, 2]:", x[1, 2, 3].item() == y[3, 1, 2].item())

    # Permuting back restores the tensor.
    back: Tensor[tuple[L[2], L[3], L[4]]] = y.permute(1, 2, 0)
    print("round trip equal:", bool((back == x).numpy().all()))

    # Gradients flow through permutes (the vjp is the inverse permutation).
    w: Tensor[tuple[L[4], L[2], L[3]]] = dt.ones((4, 2, 3))
    grads = (x.trace().permute(2, 0, 1) * w).sum().backward()
    print("gradient shape follows x:", grads[x].shape)


if __name__ == "__main__":
    main()
