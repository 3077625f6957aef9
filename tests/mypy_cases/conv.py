# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Convolutions: output sizes ``(L + 2P - D(K - 1) - 1)//S + 1`` from literal and symbolic sizes (stride,
padding incl. "same", dilation, groups, non-square kernels), the transposed formula with output_padding;
kernels larger than the (padded) input and channels that groups do not divide are rejected. The result
is traced when the input, the weight or the bias is."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)
H = TypeVar("H", bound=int)

x = dt.zeros((8, 3, 28, 28))
w = dt.zeros((16, 3, 5, 5))
bias = dt.zeros((16,))

reveal_type(dt.conv2d(x, w))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[24], Literal[24]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(x, w, bias, stride=2, padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[13], Literal[13]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(x, w, padding="same"))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[28], Literal[28]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(x, w, padding="valid", dilation=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[20], Literal[20]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(x, dt.zeros((16, 3, 3, 5)), stride=(1, 2), padding=(1, 0)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[28], Literal[12]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(x, dt.zeros((12, 1, 3, 3)), groups=3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[12], Literal[26], Literal[26]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(dt.zeros((3, 28, 28)), w))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[16], Literal[24], Literal[24]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv2d(x.trace(), w))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[24], Literal[24]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.conv2d(x, w.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[24], Literal[24]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.conv2d(x, w, bias.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[16], Literal[24], Literal[24]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.conv1d(dt.zeros((4, 2, 50)), dt.zeros((6, 2, 7)), stride=3))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[6], Literal[15]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv1d(dt.zeros((2, 50)), dt.zeros((6, 2, 7)), padding="same", dilation=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[6], Literal[50]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv_transpose2d(dt.zeros((8, 16, 12, 12)), dt.zeros((16, 3, 5, 5))))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[16], Literal[16]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv_transpose2d(dt.zeros((8, 16, 12, 12)), dt.zeros((16, 3, 4, 4)), stride=2, padding=1, output_padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[3], Literal[25], Literal[25]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.conv_transpose2d(dt.zeros((8, 4, 7, 7)), dt.zeros((4, 2, 3, 3)), groups=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[9], Literal[9]], dfdx_typed._tensor.NoneTape]"

dt.conv2d(dt.zeros((8, 3, 4, 4)), w)  # E: conv2d: kernel spans 5 along H (size 5, dilation 1) but the input is 4: input (8, 3, 4, 4), weight (16, 3, 5, 5)  [shape]
dt.conv2d(dt.zeros((8, 3, 2, 28)), w, padding=1)  # E: conv2d: kernel spans 5 along H (size 5, dilation 1) but the padded input is 4 (2 + 2×1): input (8, 3, 2, 28), weight (16, 3, 5, 5)  [shape]
dt.conv2d(x, dt.zeros((16, 3, 15, 15)), dilation=2)  # E: conv2d: kernel spans 29 along H (size 15, dilation 2) but the input is 28: input (8, 3, 28, 28), weight (16, 3, 15, 15)  [shape]
dt.conv2d(x, dt.zeros((16, 2, 5, 5)), groups=2)  # E: conv2d: input channels 3 are not divisible by groups 2: input (8, 3, 28, 28), weight (16, 2, 5, 5)  [shape]
dt.conv2d(x, dt.zeros((16, 1, 5, 5)), groups=3)  # E: conv2d: out channels 16 are not divisible by groups 3: input (8, 3, 28, 28), weight (16, 1, 5, 5)  [shape]
dt.conv2d(x, dt.zeros((16, 4, 5, 5)))  # E: conv2d: input channels 3 != weight in-channels 4 × groups 1: input (8, 3, 28, 28), weight (16, 4, 5, 5)  [shape]
dt.conv2d(x, w, dt.zeros((8,)))  # E: conv2d: bias must be (16,) for weight (16, 3, 5, 5), got (8,)  [shape]
dt.conv2d(x, w, stride=2, padding="same")  # E: conv2d: padding='same' needs stride 1, got stride 2  [shape]
dt.conv2d(dt.zeros((28, 28)), w)  # E: conv2d: input must be (N, C, H, W) or (C, H, W), got (28, 28)  [shape]
dt.conv1d(dt.zeros((4, 2, 5)), dt.zeros((6, 2, 7)))  # E: conv1d: kernel spans 7 along L (size 7, dilation 1) but the input is 5: input (4, 2, 5), weight (6, 2, 7)  [shape]
dt.conv_transpose2d(dt.zeros((8, 16, 12, 12)), dt.zeros((8, 3, 5, 5)))  # E: conv_transpose2d: input channels 16 != weight in-channels 8: input (8, 16, 12, 12), weight (8, 3, 5, 5)  [shape]
dt.conv_transpose2d(dt.zeros((8, 16, 12, 12)), dt.zeros((16, 3, 4, 4)), stride=2, output_padding=2)  # E: conv_transpose2d: output_padding 2 must be smaller than stride 2 or dilation 1  [shape]


def symbolic(img: Tensor[tuple[B, L[3], H, H], OwnedTape], kernel: Tensor[tuple[L[8], L[3], L[3], L[3]]]) -> None:
    reveal_type(dt.conv2d(img, kernel))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8], dfdx_typed._markers.Add[H, Literal[-2]], dfdx_typed._markers.Add[H, Literal[-2]]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.conv2d(img, kernel, padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8], H, H], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.conv2d(img, kernel, stride=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8], int, int], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.conv2d(img, kernel, padding="same"))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8], H, H], dfdx_typed._tensor.OwnedTape]"
    dt.conv2d(img, dt.zeros((8, 4, 3, 3)))  # E: conv2d: input channels 3 != weight in-channels 4 × groups 1: input (B, 3, H, H), weight (8, 4, 3, 3)  [shape]
    dt.conv2d(img, kernel, groups=2)  # E: conv2d: input channels 3 are not divisible by groups 2: input (B, 3, H, H), weight (8, 3, 3, 3)  [shape]


def small(img: Tensor[tuple[B, L[3], L[2], L[2]]], kernel: Tensor[tuple[L[8], L[3], L[3], L[3]]]) -> None:
    reveal_type(dt.conv2d(img, kernel, padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[8], Literal[2], Literal[2]], dfdx_typed._tensor.NoneTape]"
    dt.conv2d(img, kernel)  # E: conv2d: kernel spans 3 along H (size 3, dilation 1) but the input is 2: input (B, 3, 2, 2), weight (8, 3, 3, 3)  [shape]


def not_literal(x: Tensor[tuple[L[1], L[3], L[9], L[9]]], s: int, p: str) -> None:
    reveal_type(dt.conv2d(x, w, stride=s))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.conv2d(x, w, padding=p))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
