"""The main job, for now: trace a small computation and print its gradients.

Run with ``python examples/main_job.py``.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    dt.manual_seed(0)
    x: Tensor[tuple[L[4], L[3]]] = dt.randn((4, 3))
    w: Tensor[tuple[L[3], L[2]]] = dt.randn((3, 2))
    b: Tensor[tuple[L[2]]] = dt.zeros((2,))
    logits = x.trace() @ w + b
    loss = logits.log_softmax(axis=-1)[:, 0].mean() * -1.0
    grads = loss.backward()
    print(f"loss = {loss.item():.6f}")
    print("d loss / d w =\n", grads[w].numpy())
    print("d loss / d b =", grads[b].numpy())
    print("d loss / d x =\n", grads[x].numpy())


if __name__ == "__main__":
    main()
