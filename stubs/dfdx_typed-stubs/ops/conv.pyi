# Convolutions as functions. Output sizes are arithmetic the mypy plugin does (`Any` shape here). The
# result is traced when the input, the weight or the bias is: the overloads join the three tapes
# (stubs/README-stubs.md, "Joining tapes"): an `Any` weight or bias tape -> `Any`; a traced weight
# or bias -> traced; an untraced input takes the weight's tape; otherwise the input's, with weight
# and bias untraced or sharing it.
from collections.abc import Sequence
from typing import Any, TypeAlias, TypeVar, overload

from .._backend import Array
from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape
from ..shapes.conv import PaddingArg, Pads

_T = TypeVar("_T")

Pair: TypeAlias = tuple[int, int]
PADDING_MODES: tuple[str, ...]

# The numpy kernels (shared with the pooling ops and the benchmarks).
def conv_forward(x: Array, w: Array, stride: Pair, pads: Pads, dilation: Pair, groups: int) -> Array: ...
def conv_input_grad(
    g: Array, w: Array, size: Pair, stride: Pair, pads: Pads, dilation: Pair, groups: int
) -> Array: ...
def conv_weight_grad(
    g: Array, x: Array, kernel: Pair, stride: Pair, pads: Pads, dilation: Pair, groups: int
) -> Array: ...
@overload
def conv1d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, _AnyTape],
    bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, Any]: ...
@overload
def conv1d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, Any],
    bias: Tensor[Any, _AnyTape],
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, Any]: ...
@overload
def conv1d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, OwnedTape],
    bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, OwnedTape]: ...
@overload
def conv1d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, Any],
    bias: Tensor[Any, OwnedTape],
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, OwnedTape]: ...
@overload
def conv1d(
    x: Tensor[Any, NoneTape],
    weight: Tensor[Any, _T],
    bias: Tensor[Any, _T | NoneTape] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, _T]: ...
@overload
def conv1d(
    x: Tensor[Any, _T],
    weight: Tensor[Any, _T | NoneTape],
    bias: Tensor[Any, _T | NoneTape] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, _T]: ...
@overload
def conv2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, _AnyTape],
    bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, Any]: ...
@overload
def conv2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, Any],
    bias: Tensor[Any, _AnyTape],
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, Any]: ...
@overload
def conv2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, OwnedTape],
    bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, OwnedTape]: ...
@overload
def conv2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, Any],
    bias: Tensor[Any, OwnedTape],
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, OwnedTape]: ...
@overload
def conv2d(
    x: Tensor[Any, NoneTape],
    weight: Tensor[Any, _T],
    bias: Tensor[Any, _T | NoneTape] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, _T]: ...
@overload
def conv2d(
    x: Tensor[Any, _T],
    weight: Tensor[Any, _T | NoneTape],
    bias: Tensor[Any, _T | NoneTape] | None = None,
    stride: int | Sequence[int] = 1,
    padding: PaddingArg = 0,
    dilation: int | Sequence[int] = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> Tensor[Any, _T]: ...
@overload
def conv_transpose2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, _AnyTape],
    bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0,
    groups: int = 1,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, Any]: ...
@overload
def conv_transpose2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, Any],
    bias: Tensor[Any, _AnyTape],
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0,
    groups: int = 1,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, Any]: ...
@overload
def conv_transpose2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, OwnedTape],
    bias: Tensor[Any, Any] | None = None,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0,
    groups: int = 1,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, OwnedTape]: ...
@overload
def conv_transpose2d(
    x: Tensor[Any, Any],
    weight: Tensor[Any, Any],
    bias: Tensor[Any, OwnedTape],
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0,
    groups: int = 1,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, OwnedTape]: ...
@overload
def conv_transpose2d(
    x: Tensor[Any, NoneTape],
    weight: Tensor[Any, _T],
    bias: Tensor[Any, _T | NoneTape] | None = None,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0,
    groups: int = 1,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, _T]: ...
@overload
def conv_transpose2d(
    x: Tensor[Any, _T],
    weight: Tensor[Any, _T | NoneTape],
    bias: Tensor[Any, _T | NoneTape] | None = None,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    output_padding: int | Sequence[int] = 0,
    groups: int = 1,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, _T]: ...
