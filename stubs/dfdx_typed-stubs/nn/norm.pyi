# Normalisation keeps the shape and the tape. BatchNorm trains (batch statistics, running statistics
# updated) when its input is traced and infers when it is not.
from typing import Any, Generic, TypeVar

import numpy.typing as npt

from .._tensor import NoneTape, Tensor
from ..shapes.modules import LayerSpec
from .module import Module

C = TypeVar("C", bound=int)

_S = TypeVar("_S", bound=tuple[Any, ...])
_T = TypeVar("_T")

class LayerNorm(Module):
    """Normalise over the last ``len(normalized_shape)`` axes, then scale and shift.

    PyTorch: ``torch.nn.LayerNorm(normalized_shape, eps, elementwise_affine, bias)``.
    """

    normalized_shape: tuple[int, ...]
    eps: float
    elementwise_affine: bool
    weight: Tensor[Any, NoneTape] | None
    bias: Tensor[Any, NoneTape] | None
    def __init__(
        self,
        normalized_shape: int | tuple[int, ...],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[_S, _T]) -> Tensor[_S, _T]: ...
    def extra_repr(self) -> str: ...

class _BatchNorm(Module, Generic[C]):
    running_mean: Tensor[tuple[C], NoneTape]
    running_var: Tensor[tuple[C], NoneTape]
    num_batches_tracked: Tensor[tuple[()], NoneTape]
    num_features: C
    eps: float
    momentum: float | None
    affine: bool
    track_running_stats: bool
    weight: Tensor[tuple[C], NoneTape] | None
    bias: Tensor[tuple[C], NoneTape] | None
    def __init__(
        self: _BatchNorm[Any],
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[_S, _T]) -> Tensor[_S, _T]: ...
    def extra_repr(self) -> str: ...

# Each subclass repeats `__init__` with its own `self` type, so `BatchNorm1d(8)` is
# `BatchNorm1d[Any]` (an inherited self-typed `__init__` would not say which subclass).
class BatchNorm1d(_BatchNorm[C]):
    """Batch normalisation over ``(N, C)`` or ``(N, C, L)``. PyTorch: ``torch.nn.BatchNorm1d``."""

    def __init__(
        self: BatchNorm1d[Any],
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
    ) -> None: ...

class BatchNorm2d(_BatchNorm[C]):
    """Batch normalisation over ``(N, C, H, W)``. PyTorch: ``torch.nn.BatchNorm2d``."""

    def __init__(
        self: BatchNorm2d[Any],
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
    ) -> None: ...
