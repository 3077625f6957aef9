# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Pooling, resizing and padding: max/avg pools (kernel, stride, padding, dilation), adaptive and global
pools, upscale2d (size or scale_factor), pad (constant, reflect, replicate). The tape is the input's."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)
H = TypeVar("H", bound=int)

x = dt.zeros((8, 4, 25, 25))

reveal_type(dt.max_pool2d(x, 2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[12], Literal[12]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.max_pool2d(x.trace(), 3, stride=2, padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[13], Literal[13]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.max_pool2d(x, (2, 5), dilation=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[12], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.avg_pool2d(x, 5, stride=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[21], Literal[21]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.avg_pool2d(dt.zeros((4, 25, 25)), [2, 3], padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[13], Literal[9]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.adaptive_avg_pool2d(x, 7))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[7], Literal[7]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.adaptive_avg_pool2d(x, (1, None)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[1], Literal[25]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.global_avg_pool2d(x))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.global_max_pool2d(x.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4]], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.upscale2d(x, scale_factor=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[50], Literal[50]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.upscale2d(x, size=(40, 50), mode="bilinear"))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[40], Literal[50]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.upscale2d(x, scale_factor=1.5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[37], Literal[37]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.pad(x, (1, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[25], Literal[28]], dfdx_typed._tensor.NoneTape]"
reveal_type(dt.pad(x, (1, 1, 2, 2), mode="reflect"))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[8], Literal[4], Literal[29], Literal[27]], dfdx_typed._tensor.NoneTape]"

dt.max_pool2d(x, 26)  # E: max_pool2d: kernel spans 26 along H (size 26, dilation 1) but the input is 25: input (8, 4, 25, 25), kernel_size 26  [shape]
dt.max_pool2d(x, 2, padding=2)  # E: max_pool2d: padding 2 must be at most half of kernel_size 2  [shape]
dt.avg_pool2d(dt.zeros((25, 25)), 2)  # E: avg_pool2d: input must be (N, C, H, W) or (C, H, W), got (25, 25)  [shape]
dt.max_pool2d(x, (2, 2, 2))  # E: max_pool2d: kernel_size must be an int or a tuple of 2 ints, got (2, 2, 2)  [shape]
dt.adaptive_avg_pool2d(x, 0)  # E: adaptive_avg_pool2d: output_size must hold positive ints, got 0  [shape]
dt.global_avg_pool2d(dt.zeros((3,)))  # E: global_avg_pool2d: input must be (N, C, H, W) or (C, H, W), got (3,)  [shape]
dt.upscale2d(x)  # E: upscale2d: give exactly one of size and scale_factor  [shape]
dt.upscale2d(x, size=4, scale_factor=2.0)  # E: upscale2d: give exactly one of size and scale_factor  [shape]
dt.upscale2d(x, scale_factor=2, mode="nearest", align_corners=True)  # E: upscale2d: align_corners only applies to mode='bilinear'  [shape]
dt.pad(x, (1, 2, 3))  # E: pad: pad must be an even-length tuple of ints, got (1, 2, 3)  [shape]
dt.pad(x, (30, 0), mode="reflect")  # E: pad: reflect padding (30, 0) must be smaller than dim 3 of (8, 4, 25, 25) (25)  [shape]
dt.pad(dt.zeros((3,)), (1, 1, 1, 1))  # E: pad: pad (1, 1, 1, 1) covers 2 dims but the input (3,) has 1  [shape]


def symbolic(img: Tensor[tuple[B, L[4], H, H], OwnedTape]) -> None:
    reveal_type(dt.max_pool2d(img, 2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], int, int], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.max_pool2d(img, 3, stride=1, padding=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], H, H], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.avg_pool2d(img, 3, stride=1))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], dfdx_typed._markers.Add[H, Literal[-2]], dfdx_typed._markers.Add[H, Literal[-2]]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.adaptive_avg_pool2d(img, (3, 3)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], Literal[3], Literal[3]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.global_max_pool2d(img))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.upscale2d(img, scale_factor=2))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], dfdx_typed._markers.Mul[Literal[2], H], dfdx_typed._markers.Mul[Literal[2], H]], dfdx_typed._tensor.OwnedTape]"
    reveal_type(dt.pad(img, (1, 1, 0, 2)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[B, Literal[4], dfdx_typed._markers.Add[H, Literal[2]], dfdx_typed._markers.Add[H, Literal[2]]], dfdx_typed._tensor.OwnedTape]"
    dt.max_pool2d(img[0, 0], 2)  # E: max_pool2d: input must be (N, C, H, W) or (C, H, W), got (H, H)  [shape]


def not_literal(k: int) -> None:
    reveal_type(dt.max_pool2d(x, k))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
    reveal_type(dt.pad(x, (k, 1)))  # N: Revealed type is "dfdx_typed._tensor.Tensor[Any, dfdx_typed._tensor.NoneTape]"
