"""Gradients of a model's parameters, and training vs inference decided by the tape.

Trace the *input*: the forward pass is recorded, and every parameter it touched gets a gradient, looked
up with ``grads[param]``. Dropout and BatchNorm train when their input is traced and infer when it is
not; there is no ``train()``/``eval()`` to forget. dfdx: examples/04-gradients.rs, 03-nn.rs.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def main() -> None:
    dt.manual_seed(0)
    nn = dt.nn
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))
    x: Tensor[tuple[L[6], L[4]]] = dt.randn((6, 4))
    target: Tensor[tuple[L[6]]] = dt.tensor([0, 2, 1, 0, 1, 2])

    loss = dt.losses.cross_entropy(model(x.trace()), target)
    grads = loss.backward()
    print(f"loss {loss.item():.4f}  (0.bias gets exactly 0: BatchNorm removes any constant shift)")
    for name, param in model.named_parameters():
        grad = grads[param]
        print(f"  grad of {name:<10} {grad.shape}  sum |g| = {grad.abs().sum().item():.4f}")

    # Buffers (BatchNorm's running statistics) are saved but not trained: no gradient.
    print("buffers:", [name for name, _ in model.named_buffers()])

    # Inference: an untraced input. Dropout is off and BatchNorm uses its running statistics,
    # so two calls agree exactly; traced calls drop different units each time.
    a, b = model(x), model(x)
    print("untraced calls agree:", bool((a == b).numpy().all()))
    c, d = model(x.trace()), model(x.trace())
    print("traced calls agree:  ", bool((c == d).numpy().all()))

    # A tensor that reaches the tape only through untraced ops gets no gradient: here `w.T` is
    # computed before it meets the traced input, so the gradient lands on that copy, not on w.
    w: Tensor[tuple[L[3], L[4]]] = dt.randn((3, 4))
    g = (x.trace() @ w.T).sum().backward()
    print("w has a gradient through an untraced w.T?", w in g)
    g = (x.trace() @ w.trace().T).sum().backward()  # trace w first (dt.nn layers do this for you)
    print("... and through w.trace().T?", w in g, "with shape", g[w].shape)


if __name__ == "__main__":
    main()
