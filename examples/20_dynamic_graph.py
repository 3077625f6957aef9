"""A dynamic graph: a loop whose path depends on the values computed, differentiated as it ran.

The example from the README of Corgi (a Rust automatic-differentiation crate, github.com/patricksongzy/corgi):
``c = c + a*b`` ten times, and whenever ``c > 50`` also ``c = c * a``. With ``a = 5, b = 2`` the
program takes the branch from the 6th iteration on, ending at ``c = 195300``, with ``dc/da = 232420``
and ``dc/db = 97650``. The tape records the operations actually executed, so Python control flow
(``if``, ``for``, recursion) just works.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor


def main() -> None:
    a: Tensor[tuple[()]] = dt.tensor(5.0)
    b: Tensor[tuple[()]] = dt.tensor(2.0)
    at, bt = a.trace(), b.trace()
    c: Tensor[tuple[()], OwnedTape] = dt.tensor(0.0).trace()

    branches = 0
    for _ in range(10):
        c = c + at * bt
        if c.item() > 50.0:  # data-dependent branching
            c = c * at
            branches += 1

    grads = c.backward()
    print(f"c = {c.item():.0f} (took the branch {branches} times)")
    print(f"dc/da = {grads[a].item():.0f}, dc/db = {grads[b].item():.0f}")
    assert (c.item(), grads[a].item(), grads[b].item()) == (195300.0, 232420.0, 97650.0)

    # The same in float64, and differently shaped: a vector a, so the gradient is a vector too.
    av: Tensor[tuple[L[2]]] = dt.tensor([5.0, 1.0], dtype=dt.float64)
    avt = av.trace()
    cv: Tensor[tuple[L[2]], OwnedTape] = dt.zeros((2,), dtype=dt.float64).trace()
    for _ in range(10):
        cv = cv + avt * 2.0
        if cv.max().item() > 50.0:
            cv = cv * avt
    g = cv.sum().backward()
    print("vector a = [5, 1]: c =", cv.numpy(), " dc/da =", g[av].numpy())


if __name__ == "__main__":
    main()
