"""Running layers forward: single samples, batches, and any leading batch dims.

``Linear(10, 5)`` maps ``(..., 10)`` to ``(..., 5)``; conv layers map ``(B, C, H, W)`` to the sizes their
formula gives. Untraced inputs run inference (nothing recorded); traced inputs record the tape.
dfdx: examples/03-nn.rs.
"""

from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor


def main() -> None:
    dt.manual_seed(0)
    linear = dt.nn.Linear(10, 5)
    print(linear, "weight", linear.weight.shape, "bias", None if linear.bias is None else linear.bias.shape)

    single: Tensor[tuple[L[5]]] = linear(dt.randn((10,)))
    batch: Tensor[tuple[L[64], L[5]]] = linear(dt.randn((64, 10)))
    sequences: Tensor[tuple[L[8], L[16], L[5]]] = linear(dt.randn((8, 16, 10)))
    print("linear on (10,)", single.shape, "(64, 10)", batch.shape, "(8, 16, 10)", sequences.shape)

    # Activations and normalisation keep the shape.
    x: Tensor[tuple[L[4], L[5]]] = dt.randn((4, 5))
    for layer in (dt.nn.ReLU(), dt.nn.GELU(), dt.nn.Tanh(), dt.nn.Softmax(dim=-1), dt.nn.LayerNorm(5)):
        y: Tensor[tuple[L[4], L[5]]] = layer(x)
        print(f"{type(layer).__name__:>9}: row 0 = {y[0].numpy().round(3)}")

    # A convolution: (B, 3, 32, 32) -> (B, 16, 15, 15) with kernel 3, stride 2.
    conv = dt.nn.Conv2d(3, 16, 3, stride=2)
    images: Tensor[tuple[L[2], L[3], L[32], L[32]]] = dt.randn((2, 3, 32, 32))
    maps: Tensor[tuple[L[2], L[16], L[15], L[15]]] = conv(images)
    print("conv2d:", images.shape, "->", maps.shape)

    # The tape decides what is recorded: the same call, traced, returns a traced tensor.
    traced: Tensor[tuple[L[64], L[5]], OwnedTape] = linear(dt.randn((64, 10)).trace())
    print("traced input -> traced output:", traced.is_traced, "| untraced:", batch.is_traced)


if __name__ == "__main__":
    main()
