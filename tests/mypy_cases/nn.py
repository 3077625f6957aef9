# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""nn layers: constructors keep their literal sizes in the type (a conv layer's options too), calling a
layer types its output with the layer's own rule (the run time's message on a mismatch), the result
keeps the input's tape; a user's Module subclass is typed by its ``forward``."""

from typing import Any, Generic, TypeVar, reveal_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor, nn

B = TypeVar("B", bound=int)
D = TypeVar("D", bound=int)
T = TypeVar("T")

reveal_type(nn.Linear(784, 512))  # N: Revealed type is "dfdx_typed.nn.linear.Linear[Literal[784], Literal[512]]"
reveal_type(nn.Linear(16 * 5 * 5, 120))  # N: Revealed type is "dfdx_typed.nn.linear.Linear[Literal[400], Literal[120]]"
reveal_type(nn.Conv2d(3, 16, 5))  # N: Revealed type is "dfdx_typed.nn.conv.Conv2d[Literal[3], Literal[16], Literal[5]]"
reveal_type(nn.Conv2d(3, 16, 5, stride=2))  # N: Revealed type is "dfdx_typed.nn.conv.Conv2d[Literal[3], Literal[16], Literal['5, stride=2']]"
reveal_type(nn.Conv2d(3, 16, (3, 5), padding="same"))  # N: Revealed type is "dfdx_typed.nn.conv.Conv2d[Literal[3], Literal[16], Literal["(3, 5), padding='same'"]]"
reveal_type(nn.Conv1d(2, 4, 3, dilation=2, groups=2))  # N: Revealed type is "dfdx_typed.nn.conv.Conv1d[Literal[2], Literal[4], Literal['3, dilation=2, groups=2']]"
reveal_type(nn.ConvTranspose2d(16, 3, 4, stride=2, padding=1, output_padding=1))  # N: Revealed type is "dfdx_typed.nn.conv.ConvTranspose2d[Literal[16], Literal[3], Literal['4, stride=2, padding=1, output_padding=1']]"
reveal_type(nn.Embedding(1000, 64))  # N: Revealed type is "dfdx_typed.nn.embedding.Embedding[Literal[1000], Literal[64]]"
reveal_type(nn.BatchNorm1d(32))  # N: Revealed type is "dfdx_typed.nn.norm.BatchNorm1d[Literal[32]]"
reveal_type(nn.MaxPool2d(2))  # N: Revealed type is "dfdx_typed.nn.pool.MaxPool2d"

x = dt.zeros((4, 784))
img = dt.zeros((8, 3, 32, 32))

reveal_type(nn.Linear(784, 512)(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[512]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Linear(784, 512)(x.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[512]], dfdx_typed._tensor.OwnedTape]"
reveal_type(nn.Linear(784, 10)(dt.zeros((2, 7, 784))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[7], Literal[10]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Conv2d(3, 16, 5)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Conv2d(3, 16, 5, stride=2, padding=2)(img.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[16], Literal[16]], dfdx_typed._tensor.OwnedTape]"
reveal_type(nn.Conv2d(3, 6, 3, padding="same", groups=3)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[6], Literal[32], Literal[32]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.ConvTranspose2d(3, 8, 4, stride=2, padding=1)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[8], Literal[64], Literal[64]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Conv1d(4, 8, 3)(dt.zeros((4, 20))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[18]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.MaxPool2d(2)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[16], Literal[16]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.AvgPool2d(3, stride=1, padding=1)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[32], Literal[32]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.AdaptiveAvgPool2d((1, 1))(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[1], Literal[1]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Flatten()(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3072]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Flatten(0, 2)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[768], Literal[32]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.BatchNorm2d(3)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[32], Literal[32]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.LayerNorm(784)(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[784]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.LayerNorm((32, 32))(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[32], Literal[32]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Softmax(dim=1)(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[784]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.PReLU(3)(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[32], Literal[32]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.ReLU()(img.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[32], Literal[32]], dfdx_typed._tensor.OwnedTape]"
reveal_type(nn.Dropout(0.1)(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[784]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.Embedding(1000, 64)(dt.zeros((2, 9), dtype="int64")))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[9], Literal[64]], dfdx_typed._tensor.NoneTape]"
reveal_type(nn.TransformerEncoderLayer(16, 4)(dt.zeros((10, 2, 16))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.NoneTape]"

nn.Linear(10, 3)(x)  # E: Linear[10, 3] expects (..., 10), got (4, 784)  [shape]
nn.Conv2d(1, 16, 5)(img)  # E: Conv2d[1, 16, 5] expects (N, 1, H, W) or (1, H, W), got (8, 3, 32, 32)  [shape]
nn.Conv2d(3, 16, 5)(dt.zeros((8, 3, 4, 4)))  # E: Conv2d[3, 16, 5] kernel spans 5 along H (size 5, dilation 1) but the input is 4: input (8, 3, 4, 4), weight (16, 3, 5, 5)  [shape]
nn.Conv2d(3, 16, 5, padding=1)(dt.zeros((3, 2, 32)))  # E: Conv2d[3, 16, 5, padding=1] kernel spans 5 along H (size 5, dilation 1) but the padded input is 4 (2 + 2×1): input (3, 2, 32), weight (16, 3, 5, 5)  [shape]
nn.Conv2d(3, 16, 3)(x)  # E: Conv2d[3, 16, 3] expects (N, 3, H, W) or (3, H, W), got (4, 784)  [shape]
nn.Conv1d(4, 8, 3)(img)  # E: Conv1d[4, 8, 3] expects (N, 4, L) or (4, L), got (8, 3, 32, 32)  [shape]
nn.ConvTranspose2d(4, 8, 3)(img)  # E: ConvTranspose2d[4, 8, 3] expects (N, 4, H, W) or (4, H, W), got (8, 3, 32, 32)  [shape]
nn.MaxPool2d(40)(img)  # E: MaxPool2d[40] kernel spans 40 along H (size 40, dilation 1) but the input is 32: input (8, 3, 32, 32), kernel_size 40  [shape]
nn.MaxPool2d(2)(x)  # E: MaxPool2d[2] expects (N, C, H, W) or (C, H, W), got (4, 784)  [shape]
nn.AdaptiveAvgPool2d(0)(img)  # E: AdaptiveAvgPool2d[0] output_size must hold positive ints, got 0  [shape]
nn.Flatten(2, 5)(img)  # E: Flatten[start_dim=2, end_dim=5] axis 5 is out of range for (8, 3, 32, 32) (rank 4)  [shape]
nn.BatchNorm2d(4)(img)  # E: BatchNorm2d[4] expects (N, 4, H, W), got (8, 3, 32, 32)  [shape]
nn.BatchNorm1d(4)(img)  # E: BatchNorm1d[4] expects (N, 4) or (N, 4, L), got (8, 3, 32, 32)  [shape]
nn.LayerNorm(783)(x)  # E: LayerNorm[783] expects (..., 783), got (4, 784)  [shape]
nn.Softmax(dim=2)(x)  # E: Softmax[dim=2] axis 2 is out of range for (4, 784) (rank 2)  [shape]
nn.PReLU(4)(img)  # E: PReLU[4] expects (N, 4, ...), got (8, 3, 32, 32)  [shape]
nn.TransformerEncoderLayer(16, 4)(dt.zeros((10, 2, 8)))  # E: TransformerEncoderLayer[16, 4] expects (S, N, 16) or (S, 16), got (10, 2, 8)  [shape]

w = nn.Linear(784, 10)
fixed: nn.Linear[L[784], L[10]] = w
strided: nn.Conv2d[L[3], L[16], L["5, stride=2"]] = nn.Conv2d(3, 16, 5, stride=2)
wrong: nn.Conv2d[L[3], L[16], L[5]] = nn.Conv2d(3, 16, 5, stride=2)  # E: Incompatible types in assignment (expression has type "Conv2d[Literal[3], Literal[16], Literal['5, stride=2']]", variable has type "Conv2d[Literal[3], Literal[16], Literal[5]]")  [assignment]


class MLP(nn.Module):
    def __init__(self, hidden: int) -> None:
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)
        self.dynamic = nn.Linear(hidden, 10)
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: Tensor[tuple[B, L[784]], T]) -> Tensor[tuple[B, L[10]], T]:
        reveal_type(self.fc1)  # N: Revealed type is "dfdx_typed.nn.linear.Linear[Literal[784], Literal[128]]"
        reveal_type(self.dynamic)  # N: Revealed type is "dfdx_typed.nn.linear.Linear[Any, Literal[10]]"
        h = self.fc1(x).relu()
        reveal_type(h)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[128]], T]"
        return self.fc2(h)


class Wrong(nn.Module):
    def __init__(self) -> None:
        self.fc = nn.Linear(784, 128)

    def forward(self, x: Tensor[tuple[B, L[784]], T]) -> Tensor[tuple[B, L[10]], T]:
        return self.fc(x)  # E: Incompatible return value type (got "Tensor[tuple[B, Literal[128]], T]", expected "Tensor[tuple[B, Literal[10]], T]")  [return-value]


class Generic_(nn.Module, Generic[D]):
    def __init__(self, fc: nn.Linear[D, L[3]]) -> None:
        self.fc = fc

    def forward(self, x: Tensor[tuple[B, D], T]) -> Tensor[tuple[B, L[3]], T]:
        return self.fc(x)


def use(x: Tensor[tuple[B, L[784]], OwnedTape], n: int, any_layer: nn.Linear[Any, Any]) -> None:
    model = MLP(64)
    reveal_type(model(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(model.forward(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    model(dt.zeros((2, 783)))  # E: Argument 1 to "forward" of "MLP" has incompatible type "Tensor[tuple[Literal[2], Literal[783]], NoneTape]"; expected "Tensor[tuple[Literal[2], Literal[784]], NoneTape]"  [arg-type]
    reveal_type(nn.Linear(n, 10))  # N: Revealed type is "dfdx_typed.nn.linear.Linear[Any, Literal[10]]"
    reveal_type(nn.Linear(n, 10)(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[10]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(any_layer(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Any], dfdx_typed._tensor.OwnedTape]"
    reveal_type(nn.Linear(x.shape[0], 3))  # N: Revealed type is "dfdx_typed.nn.linear.Linear[B, Literal[3]]"
    reveal_type(nn.Linear(x.shape[0], 3)(x.T))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[784], Literal[3]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(Generic_(nn.Linear(784, 3))(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[3]], dfdx_typed._tensor.OwnedTape]"
    nn.Linear(784, 10)(x[:, :100])  # E: Linear[784, 10] expects (..., 784), got (B, 100)  [shape]
