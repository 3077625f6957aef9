"""LayerNorm and BatchNorm1d/2d. BatchNorm trains (batch statistics, running statistics updated)
when its input is traced and infers (running statistics) when it is not."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import batch_norm_spec, layer_norm_spec
from ..shapes.modules import LayerSpec
from .init import constant
from .module import Module, _layer_size, frozen, traced_if

C = TypeVar("C", bound=int)


class LayerNorm(Module):
    """Normalise over the last ``len(normalized_shape)`` axes, then scale and shift.

    ``weight`` and ``bias`` have ``normalized_shape``. Uses the biased variance, as PyTorch.

    PyTorch: ``torch.nn.LayerNorm(normalized_shape, eps, elementwise_affine, bias)``.
    """

    def __init__(
        self,
        normalized_shape: int | tuple[int, ...],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        *,
        dtype: Any = None,
    ) -> None:
        if isinstance(normalized_shape, (int, np.integer)):
            normalized_shape = (normalized_shape,)
        self.normalized_shape: tuple[int, ...] = tuple(
            _layer_size("LayerNorm", "normalized_shape", d) for d in normalized_shape
        )
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self.weight = constant(self.normalized_shape, 1.0, dtype) if elementwise_affine else None
        self.bias = constant(self.normalized_shape, 0.0, dtype) if elementwise_affine and bias else None

    def shape_spec(self) -> LayerSpec:
        return layer_norm_spec(self.normalized_shape)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Normalise over the trailing ``normalized_shape`` axes, then ``* weight + bias``.

        Shapes: ``x: (..., *normalized_shape)`` -> same shape as ``x`` (``LayerNorm(512)``: ``(B, S, 512)``).

        PyTorch: ``torch.nn.LayerNorm(normalized_shape)(x)``.
        """
        axes = tuple(range(x.ndim - len(self.normalized_shape), x.ndim))
        centered = x - ops.mean(x, axis=axes, keepdims=True)
        var = ops.mean(centered * centered, axis=axes, keepdims=True)
        y = centered / ops.sqrt(var + self.eps)
        if self.weight is not None:
            y = y * self.weight
        if self.bias is not None:
            y = y + self.bias
        return y

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class _BatchNorm(Module, Generic[C]):
    _kind = ""
    running_mean: Tensor[Any, Any]
    running_var: Tensor[Any, Any]
    num_batches_tracked: Tensor[Any, Any]

    def __init__(
        self,
        num_features: C,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        *,
        dtype: Any = None,
    ) -> None:
        _layer_size(type(self).__name__, "num_features", num_features)
        self.num_features: C = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self.weight = constant((num_features,), 1.0, dtype) if affine else None
        self.bias = constant((num_features,), 0.0, dtype) if affine else None
        if track_running_stats:
            self.register_buffer("running_mean", constant((num_features,), 0.0, dtype))
            self.register_buffer("running_var", constant((num_features,), 1.0, dtype))
            self.register_buffer("num_batches_tracked", frozen(np.zeros((), dtype=np.int64)))

    def shape_spec(self) -> LayerSpec:
        return batch_norm_spec(self._kind, self.num_features)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Normalise each channel (axis 1), then scale by ``weight`` and shift by ``bias``.

        Shapes: ``x: (N, C, ...)`` with ``C = num_features`` (BatchNorm1d: ``(N, C)`` or ``(N, C, L)``;
        BatchNorm2d: ``(N, C, H, W)``) -> same shape as ``x``.

        PyTorch: ``torch.nn.BatchNorm2d(num_features)(x)`` (``train()`` mode when ``x`` is traced).
        """
        axes = (0, *range(2, x.ndim))
        # Per-channel vectors are (C,); align them with axis 1 of x.
        channel_shape = (1, self.num_features) + (1,) * (x.ndim - 2)
        use_batch = x.is_traced or not self.track_running_stats
        if use_batch:
            count = x.size // self.num_features
            if count < 2:
                raise ValueError(
                    f"{self._kind}: expected more than 1 value per channel when training, got input "
                    f"{x.shape}"
                )
            # One pass for the mean, one for the spread, each reused (the running update included):
            # every full-size op here is a pass over the whole batch, forward and backward.
            mean = ops.mean(x, axis=axes, keepdims=True)
            centered = x - mean
            var = ops.mean(centered * centered, axis=axes, keepdims=True)
            if x.is_traced and self.track_running_stats:
                self._update_running(mean.detach(), var.detach(), count)
        else:
            centered = x - self.running_mean.reshape(channel_shape)
            var = self.running_var.reshape(channel_shape)
        # The per-channel factor is folded into one (1, C, 1, ...) tensor, so the batch is scaled once.
        scale = 1.0 / ops.sqrt(var + self.eps)
        if self.weight is not None:
            scale = scale * traced_if(self.weight, x).reshape(channel_shape)
        y = centered * scale
        if self.bias is not None:
            y = y + traced_if(self.bias, x).reshape(channel_shape)
        return y

    def _update_running(self, batch_mean: Tensor[Any, Any], batch_var: Tensor[Any, Any], count: int) -> None:
        """PyTorch's update: an exponential (or, with ``momentum=None``, cumulative) average of the
        batch mean and the *unbiased* batch variance (``batch_var`` is the biased one, ``(1, C, ...)``)."""
        steps = int(self.num_batches_tracked.item()) + 1
        self.num_batches_tracked = frozen(np.asarray(steps, dtype=np.int64))
        factor = 1.0 / steps if self.momentum is None else self.momentum
        shape = (self.num_features,)
        unbiased = batch_var.reshape(shape) * (count / (count - 1))
        self.running_mean = (1 - factor) * self.running_mean + factor * batch_mean.reshape(shape)
        self.running_var = (1 - factor) * self.running_var + factor * unbiased

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm[C]):
    """Batch normalisation over ``(N, C)`` or ``(N, C, L)``, per channel ``C``.

    Shapes: ``x: (N, C)`` or ``(N, C, L)`` with ``C = num_features`` -> same shape as ``x``.

    Traced input: normalise with the batch statistics (biased variance) and update ``running_mean`` and
    ``running_var`` (unbiased variance) with ``momentum``; untraced input: normalise with the running
    statistics.

    PyTorch: ``torch.nn.BatchNorm1d`` (``train()`` when traced, ``eval()`` when not).
    """

    _kind = "BatchNorm1d"


class BatchNorm2d(_BatchNorm[C]):
    """Batch normalisation over ``(N, C, H, W)``, per channel ``C`` (see ``BatchNorm1d``).

    Shapes: ``x: (N, C, H, W)`` with ``C = num_features`` -> same shape as ``x``.

    PyTorch: ``torch.nn.BatchNorm2d`` (``train()`` when traced, ``eval()`` when not).
    """

    _kind = "BatchNorm2d"
