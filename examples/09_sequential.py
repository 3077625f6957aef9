"""Sequential models: layers in order, each connection checked against the layer's shape rule.

A ``Sequential`` whose layers do not connect (``Linear(784, 512), ReLU(), Linear(256, 10)``) fails with a
message naming the layer; see 21_shape_errors.py for it caught by mypy. Keys are PyTorch's
(``0.weight``, ``2.bias``), so ``state_dict()`` loads into the equivalent ``torch.nn.Sequential``.
dfdx: examples/03-nn.rs (tuples of modules).
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def make_model() -> dt.nn.Sequential:
    """``(B, 784) -> (B, 10)``."""
    nn = dt.nn
    return nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(),
        nn.Linear(512, 128), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(128, 10),
    )


def main() -> None:
    dt.manual_seed(0)
    model = make_model()
    print(model)
    print("state_dict keys:", list(model.state_dict()))

    x: Tensor[tuple[L[16], L[784]]] = dt.rand((16, 784))
    logits: Tensor[tuple[L[16], L[10]]] = model(x)
    print("logits:", logits.shape, "predicted classes:", logits.argmax(axis=-1).numpy())

    # Layers are indexable and the model can grow.
    first = model[0]
    print("first layer:", first, "| layers:", len(model))
    model.append(dt.nn.LogSoftmax(dim=-1))
    log_probs: Tensor[tuple[L[16], L[10]]] = model(x)
    print("after appending LogSoftmax, rows sum to", log_probs.exp().sum(axis=-1).numpy().round(4)[:4], "...")

    # Residual blocks: x + block(x); the block must keep the shape.
    block = dt.nn.Residual(dt.nn.Sequential(dt.nn.Linear(10, 10), dt.nn.ReLU()))
    r: Tensor[tuple[L[16], L[10]]] = block(logits)
    print("residual:", r.shape)


if __name__ == "__main__":
    main()
