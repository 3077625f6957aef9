"""Gradients: trace a tensor, compute a scalar, call backward, read the gradients.

``x.trace()`` returns the same data with an ``OwnedTape``: ops on it are recorded. ``backward()`` is only
allowed on a traced 0-d tensor (a mypy error otherwise, code ``tape``), and returns ``dt.Gradients``;
``grads[w]`` has ``w``'s shape type. Gradients reach every tensor that took part in a traced op, so
``w`` gets one here although only ``x`` was traced (as in dfdx). dfdx: examples/04-gradients.rs.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Gradients, OwnedTape, Tensor


def main() -> None:
    dt.manual_seed(0)
    x: Tensor[tuple[L[2], L[3]]] = dt.randn((2, 3))
    w: Tensor[tuple[L[3], L[4]]] = dt.randn((3, 4))

    traced: Tensor[tuple[L[2], L[3]], OwnedTape] = x.trace()
    y: Tensor[tuple[L[2], L[4]], OwnedTape] = (traced @ w).relu()  # traced in, traced out
    loss: Tensor[tuple[()], OwnedTape] = y.square().mean()
    grads: Gradients = loss.backward()

    grad_w: Tensor[tuple[L[3], L[4]]] = grads[w]
    grad_x: Tensor[tuple[L[2], L[3]]] = grads[x]  # grads[x] and grads[x.trace()] are the same entry
    print("loss =", round(loss.item(), 4))
    print("d loss / d w =\n", grad_w.numpy().round(4))
    print("d loss / d x =\n", grad_x.numpy().round(4))

    # A tensor used twice gets its gradients summed: d/dx sum(x * x + x) = 2x + 1.
    v: Tensor[tuple[L[3]]] = dt.tensor([1.0, 2.0, 3.0])
    vt = v.trace()
    g = (vt * vt + vt).sum().backward()
    print("d/dv sum(v*v + v) =", g[v].numpy(), "(2v + 1)")

    # Untraced computations record nothing: this is inference, and it costs no tape memory.
    inference = (x @ w).relu()
    print("untraced result is traced?", inference.is_traced)


if __name__ == "__main__":
    main()
