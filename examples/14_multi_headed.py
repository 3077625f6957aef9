"""A multi-headed model: one shared trunk, two heads, two losses added, one backward.

``forward`` returns a tuple whose elements have their own shapes (and the input's tape). Adding the
two losses and calling ``backward`` once gives the trunk the sum of both heads' gradients.
dfdx: examples/11-multi-headed.rs.
"""

from typing import Literal as L
from typing import TypeVar

import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)
T = TypeVar("T")


class TwoHeads(dt.nn.Module):
    """``(B, 8) -> ((B, 3) class logits, (B, 1) regression)``."""

    def __init__(self) -> None:
        self.trunk = dt.nn.Sequential(dt.nn.Linear(8, 32), dt.nn.ReLU())
        self.classify = dt.nn.Linear(32, 3)
        self.regress = dt.nn.Linear(32, 1)

    def forward(
        self, x: Tensor[tuple[B, L[8]], T]
    ) -> tuple[Tensor[tuple[B, L[3]], T], Tensor[tuple[B, L[1]], T]]:
        features: Tensor[tuple[B, L[32]], T] = self.trunk(x)
        return self.classify(features), self.regress(features)


def main() -> None:
    dt.manual_seed(0)
    model = TwoHeads()
    opt = dt.optim.Adam(model, lr=1e-2)
    x: Tensor[tuple[L[64], L[8]]] = dt.randn((64, 8))
    labels: Tensor[tuple[L[64]]] = x[:, :3].argmax(axis=-1)  # class: which of the first 3 is largest
    target: Tensor[tuple[L[64], L[1]]] = x.sum(axis=-1, keepdims=True)  # value: the sum of all 8

    for step in range(101):
        logits, value = model(x.trace())
        ce = dt.losses.cross_entropy(logits, labels)
        mse = dt.losses.mse_loss(value, target)
        opt.update(model, (ce + mse).backward())
        if step % 25 == 0:
            accuracy = float((logits.argmax(axis=-1) == labels).numpy().mean())
            print(f"step {step:3d}: cross-entropy {ce.item():.4f} (accuracy {accuracy:.0%}), "
                  f"mse {mse.item():.4f}")


if __name__ == "__main__":
    main()
