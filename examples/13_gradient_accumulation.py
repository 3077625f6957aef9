"""Gradient accumulation: several backward passes summed into one ``Gradients``, then one update.

``loss.backward(grads)`` adds this pass's gradients into ``grads``. Four micro-batches of 8 with
``reduction="sum"`` give exactly the gradients of one batch of 32 -- the way to train with a batch
that does not fit in memory. dfdx: examples/12-gradient-accumulation.rs.
"""

from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Gradients, Tensor


def main() -> None:
    dt.manual_seed(0)
    model = dt.nn.Sequential(dt.nn.Linear(16, 32), dt.nn.Tanh(), dt.nn.Linear(32, 4))
    x: Tensor[tuple[L[32], L[16]]] = dt.randn((32, 16))
    y: Tensor[tuple[L[32]]] = dt.tensor([i % 4 for i in range(32)])

    # One pass over the whole batch.
    full = dt.losses.cross_entropy(model(x.trace()), y, reduction="sum").backward()

    # Four passes over micro-batches, accumulated into one Gradients.
    grads = Gradients()
    for start in range(0, 32, 8):
        xb: Tensor[tuple[L[8], L[16]]] = x[start:start + 8].realize((8, 16))
        loss = dt.losses.cross_entropy(model(xb.trace()), y[start:start + 8], reduction="sum")
        grads = loss.backward(grads)

    for name, p in model.named_parameters():
        diff = float(np.abs(grads[p].numpy() - full[p].numpy()).max())
        print(f"{name:<9} accumulated vs full batch: max |difference| = {diff:.2e}")

    # One optimizer step with the accumulated gradients (averaged over the 32 samples).
    opt = dt.optim.Sgd(model, lr=0.1 / 32)
    before = dt.losses.cross_entropy(model(x), y).item()
    opt.update(model, grads)
    after = dt.losses.cross_entropy(model(x), y).item()
    print(f"loss before the step {before:.4f}, after {after:.4f}")


if __name__ == "__main__":
    main()
