"""How each layer kind is described to the shape rules: one constructor per kind, returning the
:class:`~dfdx_typed.shapes.modules.LayerSpec` (kind, label, sizes) its rule reads.

The run-time layers call these from ``shape_spec()``; the mypy plugin calls them with the literal sizes
it reads from a constructor call or a type (``Linear[L[256], L[10]]`` -> ``linear_spec(256, 10)``), so
both name a layer the same way (``Linear[256, 10]``). Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .dims import Dim
from .modules import LayerSpec, label


def _non_default(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in defaults and v != defaults[k]}


def _per_axis(value: Any) -> Any:
    """A per-axis size as users write it: ``5`` for ``(5, 5)``."""
    return value[0] if isinstance(value, tuple) and value and len(set(value)) == 1 else value


def elementwise_spec(kind: str, *shown: Any, **shown_kw: Any) -> LayerSpec:
    """Layers that keep the shape and have no size (ReLU, GELU, Sigmoid, Tanh, LeakyReLU, Dropout,
    Identity); ``shown`` only labels them (``LeakyReLU[0.2]``)."""
    return LayerSpec(kind, label(kind, *shown, **shown_kw))


def softmax_spec(kind: str, dim: int) -> LayerSpec:
    return LayerSpec(kind, label(kind, dim=dim), {"dim": dim})


def prelu_spec(num_parameters: Dim) -> LayerSpec:
    return LayerSpec("PReLU", label("PReLU", num_parameters), {"num_parameters": num_parameters})


def linear_spec(in_features: Dim, out_features: Dim) -> LayerSpec:
    return LayerSpec(
        "Linear", label("Linear", in_features, out_features),
        {"in_features": in_features, "out_features": out_features},
    )


def layer_norm_spec(normalized_shape: tuple[Dim, ...]) -> LayerSpec:
    shown = normalized_shape[0] if len(normalized_shape) == 1 else normalized_shape
    return LayerSpec("LayerNorm", label("LayerNorm", shown), {"normalized_shape": normalized_shape})


def batch_norm_spec(kind: str, num_features: Dim) -> LayerSpec:
    return LayerSpec(kind, label(kind, num_features), {"num_features": num_features})


def embedding_spec(num_embeddings: Dim, embedding_dim: Dim) -> LayerSpec:
    return LayerSpec(
        "Embedding", label("Embedding", num_embeddings, embedding_dim),
        {"num_embeddings": num_embeddings, "embedding_dim": embedding_dim},
    )


def flatten_spec(start_dim: int = 1, end_dim: int = -1) -> LayerSpec:
    shown = _non_default({"start_dim": start_dim, "end_dim": end_dim}, {"start_dim": 1, "end_dim": -1})
    if shown:
        shown = {"start_dim": start_dim, "end_dim": end_dim}
    return LayerSpec("Flatten", label("Flatten", **shown), {"start_dim": start_dim, "end_dim": end_dim})


def conv_spec(
    kind: str, in_channels: Dim, out_channels: Dim, kernel_size: tuple[Dim, ...],
    stride: tuple[int, ...], padding: str | tuple[int, ...], dilation: tuple[int, ...], groups: int,
    output_padding: tuple[int, ...] | None = None,
) -> LayerSpec:
    """Conv1d, Conv2d (``output_padding=None``) and ConvTranspose2d; per-axis tuples throughout."""
    n = len(kernel_size)
    params: dict[str, Any] = {
        "in_channels": in_channels, "out_channels": out_channels, "kernel_size": kernel_size,
        "stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
    }
    defaults: dict[str, Any] = {"stride": (1,) * n, "padding": (0,) * n, "dilation": (1,) * n, "groups": 1}
    if output_padding is not None:
        params["output_padding"] = output_padding
        defaults["output_padding"] = (0,) * n
    shown = {k: _per_axis(v) for k, v in _non_default(params, defaults).items()}
    return LayerSpec(kind, label(kind, in_channels, out_channels, _per_axis(kernel_size), **shown), params)


def pool_spec(
    kind: str, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
    count_include_pad: bool = True,
) -> LayerSpec:
    """MaxPool2d and AvgPool2d (``stride=None``: the kernel size)."""
    params = {
        "kernel_size": kernel_size, "stride": stride, "padding": padding, "dilation": dilation,
        "count_include_pad": count_include_pad,
    }
    shown = _non_default(params, {"stride": None, "padding": 0, "dilation": 1})
    return LayerSpec(kind, label(kind, kernel_size, **shown), params)


def adaptive_pool_spec(output_size: Any) -> LayerSpec:
    return LayerSpec(
        "AdaptiveAvgPool2d", label("AdaptiveAvgPool2d", output_size), {"output_size": output_size}
    )


def sequential_spec(children: Sequence[LayerSpec | None]) -> LayerSpec:
    return LayerSpec("Sequential", "Sequential", children=tuple((str(i), c) for i, c in enumerate(children)))


def residual_spec(block: LayerSpec | None) -> LayerSpec:
    return LayerSpec("Residual", "Residual", children=(("block", block),))


def sequence_spec(kind: str, d_model: Dim, count: Dim, batch_first: bool, **extra: Any) -> LayerSpec:
    """Transformer encoder/decoder layers (``count`` = heads) and stacks (``count`` = layers)."""
    shown = {"batch_first": True} if batch_first else {}
    return LayerSpec(
        kind, label(kind, d_model, count, **shown), {"d_model": d_model, "batch_first": batch_first, **extra}
    )


def attention_spec(
    embed_dim: Dim, num_heads: Dim, kdim: Dim, vdim: Dim, batch_first: bool
) -> LayerSpec:
    params = {
        "embed_dim": embed_dim, "num_heads": num_heads, "kdim": kdim, "vdim": vdim,
        "batch_first": batch_first,
    }
    shown = _non_default(params, {"kdim": embed_dim, "vdim": embed_dim, "batch_first": False})
    return LayerSpec("MultiheadAttention", label("MultiheadAttention", embed_dim, num_heads, **shown), params)


def recurrent_spec(
    kind: str, input_size: Dim, hidden_size: Dim, num_layers: Dim = 1, batch_first: bool = False,
    bidirectional: bool = False,
) -> LayerSpec:
    """RNN, LSTM, GRU. No LAYER_RULES entry: they return ``(output, state)`` (as in PyTorch), so they
    are not a Sequential link; :func:`recurrent` checks their input."""
    params = {
        "input_size": input_size, "hidden_size": hidden_size, "num_layers": num_layers,
        "batch_first": batch_first, "bidirectional": bidirectional,
    }
    shown = _non_default(params, {"num_layers": 1, "batch_first": False, "bidirectional": False})
    return LayerSpec(kind, label(kind, input_size, hidden_size, **shown), params)
