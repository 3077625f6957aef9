# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Sequential and Residual: a chain is checked where it is built (an error for every input names the
layer's index and class and both shapes, ``...`` standing for the batch dims) and when it is called
(the run time's message, with the input's dims); calling it runs the input through every layer."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor, nn

B = TypeVar("B", bound=int)
T = TypeVar("T")

mlp = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
lenet = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 10),
)
block = nn.Residual(nn.Sequential(nn.Linear(64, 64), nn.GELU(), nn.LayerNorm(64)))
nested = nn.Sequential(nn.Linear(32, 64), block, nn.Sequential(nn.Dropout(0.1), nn.Linear(64, 2)))

x = dt.zeros((4, 784))
reveal_type(mlp(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[10]], dfdx_typed._tensor.NoneTape]"
reveal_type(mlp(x.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[10]], dfdx_typed._tensor.OwnedTape]"
reveal_type(mlp(dt.zeros((2, 3, 784))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[10]], dfdx_typed._tensor.NoneTape]"
reveal_type(lenet(dt.zeros((8, 1, 28, 28))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[10]], dfdx_typed._tensor.NoneTape]"
reveal_type(block(dt.zeros((5, 64)).trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[64]], dfdx_typed._tensor.OwnedTape]"
reveal_type(nested(dt.zeros((5, 32))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[2]], dfdx_typed._tensor.NoneTape]"

nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(256, 10))  # E: Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (..., 512)  [shape]
nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.Conv2d(3, 16, 5))  # E: Sequential layer 2 (Conv2d[3, 16, 5]) expects (N, 3, H, W) or (3, H, W), got (N, 6, H - 4, W - 4)  [shape]
nn.Sequential(nn.Conv2d(1, 6, 5), nn.Flatten(), nn.Linear(16, 10), nn.BatchNorm1d(12))  # E: Sequential layer 3 (BatchNorm1d[12]) expects (N, 12) or (N, 12, L), got (N, 10)  [shape]
nn.Sequential(nn.Linear(10, 20), nn.Sequential(nn.ReLU(), nn.LayerNorm(30)))  # E: Sequential layer 1.1 (LayerNorm[30]) expects (..., 30), got (..., 20)  [shape]
nn.Sequential(nn.Embedding(100, 16), nn.Linear(8, 2))  # E: Sequential layer 1 (Linear[8, 2]) expects (..., 8), got (..., 16)  [shape]
nn.Residual(nn.Linear(4, 5))  # E: Residual block maps (..., 4) to (..., 5); a residual block must return the shape it is given  [shape]
nn.Residual(nn.Sequential(nn.Conv2d(3, 3, 3), nn.ReLU()))  # E: Residual block maps (N, 3, H, W) to (N, 3, H - 2, W - 2); a residual block must return the shape it is given  [shape]
nn.Sequential(nn.Linear(10, 20), nn.Conv2d(20, 4, 3))
nn.Sequential(nn.ReLU(), nn.Linear(3, 4), nn.Flatten(0), nn.Linear(5, 1))

mlp(dt.zeros((4, 783)))  # E: Sequential layer 0 (Linear[784, 512]) expects (..., 784), got (4, 783)  [shape]
mlp(dt.zeros((784,)).sum())  # E: Sequential layer 0 (Linear[784, 512]) expects (..., 784), got ()  [shape]
lenet(dt.zeros((8, 1, 14, 14)))  # E: Sequential layer 7 (Linear[400, 120]) expects (..., 400), got (8, 16)  [shape]
lenet(dt.zeros((8, 3, 28, 28)))  # E: Sequential layer 0 (Conv2d[1, 6, 5, padding=2]) expects (N, 1, H, W) or (1, H, W), got (8, 3, 28, 28)  [shape]
block(dt.zeros((5, 32)))  # E: Residual layer block.0 (Linear[64, 64]) expects (..., 64), got (5, 32)  [shape]
nested(dt.zeros((5, 64)))  # E: Sequential layer 0 (Linear[32, 64]) expects (..., 32), got (5, 64)  [shape]


class Net(nn.Module):
    def __init__(self) -> None:
        self.body = nn.Sequential(nn.Linear(784, 256), nn.ReLU())
        self.head = nn.Linear(256, 10)

    def forward(self, x: Tensor[tuple[B, L[784]], T]) -> Tensor[tuple[B, L[10]], T]:
        h = self.body(x)
        reveal_type(h)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[256]], T]"
        return self.head(h)


class Mine(nn.Module):
    def forward(self, x: Tensor[tuple[B, L[8]], T]) -> Tensor[tuple[B, L[4]], T]:
        return x[:, :4]


def use(x: Tensor[tuple[B, L[784]], OwnedTape], layers: list[nn.Module]) -> None:
    reveal_type(mlp(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(Net()(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(nn.Sequential(nn.Linear(784, 8), Mine())(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"
    reveal_type(nn.Sequential(*layers)(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.OwnedTape]"
    reveal_type(nn.Sequential(nn.Linear(784, 8), Mine(), nn.Linear(5, 1)))  # N: Revealed type is "dfdx_typed.nn.container.Sequential"
    nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(511, 10))(x)  # E: Sequential layer 2 (Linear[511, 10]) expects (..., 511), got (..., 512)  [shape]
    mlp(x.T)
    nn.Sequential(nn.Linear(784, 8), nn.Linear(7, 3), Mine())(x)  # E: Sequential layer 1 (Linear[7, 3]) expects (..., 7), got (..., 8)  [shape]
