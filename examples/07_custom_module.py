"""A custom module: sub-modules as attributes, a typed ``forward``, and run-time boundary checks.

Subclass ``dt.nn.Module``, set layers and parameters as attributes (they are found by walking them, with
PyTorch's key names), and write ``forward``. Typing ``forward`` with a batch ``TypeVar`` ``B`` and a tape
``TypeVar`` ``T`` says: any batch size, the same one out as in, and traced out when traced in.
``@dt.shapecheck`` checks those annotations every call, for data mypy cannot see.
dfdx: examples/07-custom-module.rs.
"""

from typing import Literal as L
from typing import TypeVar

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)  # the batch size: any, but one per call
T = TypeVar("T")  # the tape: NoneTape or OwnedTape, passed through


class Mlp(dt.nn.Module):
    """``(B, 10) -> (B, 2)``: two linear layers with a ReLU and a learned output scale."""

    def __init__(self) -> None:
        self.hidden = dt.nn.Linear(10, 32)
        self.out = dt.nn.Linear(32, 2)
        self.scale: Tensor[tuple[L[2]]] = dt.ones((2,))  # a parameter of our own

    @dt.shapecheck
    def forward(self, x: Tensor[tuple[B, L[10]], T]) -> Tensor[tuple[B, L[2]], T]:
        h: Tensor[tuple[B, L[32]], T] = self.hidden(x).relu()
        y: Tensor[tuple[B, L[2]], T] = self.out(h)
        return y * self.scale


def main() -> None:
    dt.manual_seed(0)
    model = Mlp()
    print(model)
    print("parameters:", [(name, p.shape) for name, p in model.named_parameters()])
    print("number of parameters:", model.num_parameters())

    x: Tensor[tuple[L[5], L[10]]] = dt.randn((5, 10))
    y: Tensor[tuple[L[5], L[2]]] = model(x)
    print("output shape:", y.shape)

    # Data read at run time has a shape the checker cannot know; the boundary check runs on every
    # call, so a (5, 9) batch fails before forward runs.
    from_file = dt.from_numpy(np.zeros((5, 9), dtype=np.float32))
    try:
        model(from_file)
    except dt.ShapeError as e:
        print("ShapeError:", e)


if __name__ == "__main__":
    main()
