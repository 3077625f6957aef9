"""Transformer encoder and decoder layers, their stacks, and the full Transformer (PyTorch's
post-norm or pre-norm blocks, names and initialisation). Dropout applies when the input is traced."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes import modules as rules
from ..shapes import sequence_layers
from ..shapes.layer_specs import sequence_spec
from ..shapes.modules import LayerSpec
from .attention import MultiheadAttention, causal_mask
from .dropout import Dropout
from .init import xavier_uniform
from .linear import Linear
from .module import Module, frozen
from .norm import LayerNorm

Activation = str | Callable[[Tensor[Any, Any]], Tensor[Any, Any]]


def _activation(activation: Activation) -> Callable[[Tensor[Any, Any]], Tensor[Any, Any]]:
    if activation == "relu":
        return ops.relu
    if activation == "gelu":
        return ops.gelu
    if callable(activation):
        return activation
    raise ValueError(f"activation must be 'relu', 'gelu' or a callable, got {activation!r}")


def clone(module: Module) -> Module:
    """An independent deep copy with fresh tensors (so the copies' gradients are kept apart)."""
    out = copy.deepcopy(module)
    out.replace_tensors({id(s.tensor): frozen(s.tensor._data) for s in out.slots()})
    return out


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with a residual connection and LayerNorm.

    LayerNorm comes after the residual by default; before it with ``norm_first``.

    PyTorch: ``torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation,
    layer_norm_eps, batch_first, norm_first, bias)``.
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        self.d_model = d_model
        self.batch_first = batch_first
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype, rng=rng
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype, rng=rng)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype, rng=rng)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, Module):
            self.activation = activation
        self._activation = _activation(activation)

    def shape_spec(self) -> LayerSpec:
        heads = self.self_attn.num_heads
        return sequence_spec("TransformerEncoderLayer", self.d_model, heads, self.batch_first)

    def _sa_block(self, x: Tensor[Any, Any], mask: Any, padding: Any, is_causal: bool) -> Tensor[Any, Any]:
        out, _ = self.self_attn(
            x, x, x, attn_mask=mask, key_padding_mask=padding, need_weights=False, is_causal=is_causal
        )
        return self.dropout1(out)  # type: ignore[no-any-return]

    def _ff_block(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        hidden = self.dropout(self._activation(self.linear1(x)))
        return self.dropout2(self.linear2(hidden))  # type: ignore[no-any-return]

    def forward(
        self,
        src: Tensor[Any, Any],
        src_mask: Tensor[Any, Any] | None = None,
        src_key_padding_mask: Tensor[Any, Any] | None = None,
        is_causal: bool = False,
    ) -> Tensor[Any, Any]:
        """Self-attention and feed-forward on ``src``.

        Shapes: ``src: (S, N, E)`` (batch-first: ``(N, S, E)``; unbatched ``(S, E)``), ``src_mask: (S, S)``
        (or ``(N·nhead, S, S)``), ``src_key_padding_mask: (N, S)`` -> same shape as ``src``.

        PyTorch: ``torch.nn.TransformerEncoderLayer(...)(src, src_mask, src_key_padding_mask, is_causal)``.
        """
        rules.layer(self.shape_spec(), src.shape)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))  # type: ignore[no-any-return]


class TransformerDecoderLayer(Module):
    """Self-attention, attention over ``memory``, then feed-forward, each with residual and LayerNorm.

    PyTorch: ``torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation,
    layer_norm_eps, batch_first, norm_first, bias)``.
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        self.d_model = d_model
        self.batch_first = batch_first
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype, rng=rng
        )
        self.multihead_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype, rng=rng
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype, rng=rng)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype, rng=rng)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        if isinstance(activation, Module):
            self.activation = activation
        self._activation = _activation(activation)

    def shape_spec(self) -> LayerSpec:
        heads = self.self_attn.num_heads
        return sequence_spec("TransformerDecoderLayer", self.d_model, heads, self.batch_first)

    def forward(
        self,
        tgt: Tensor[Any, Any],
        memory: Tensor[Any, Any],
        tgt_mask: Tensor[Any, Any] | None = None,
        memory_mask: Tensor[Any, Any] | None = None,
        tgt_key_padding_mask: Tensor[Any, Any] | None = None,
        memory_key_padding_mask: Tensor[Any, Any] | None = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[Any, Any]:
        """Decode ``tgt`` with self-attention and attention over ``memory``.

        Shapes: ``tgt: (T, N, E)``, ``memory: (S, N, E)`` (batch-first: ``(N, T, E)``, ``(N, S, E)``),
        ``tgt_mask: (T, T)``, ``memory_mask: (T, S)``, ``tgt_key_padding_mask: (N, T)``,
        ``memory_key_padding_mask: (N, S)`` -> same shape as ``tgt``.

        PyTorch: ``torch.nn.TransformerDecoderLayer(...)(tgt, memory, tgt_mask, memory_mask, ...)``.
        """
        sequence_layers.decoder_layer(self.shape_spec(), tgt.shape, memory.shape)

        def sa(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
            out, _ = self.self_attn(
                x, x, x, attn_mask=tgt_mask, key_padding_mask=tgt_key_padding_mask,
                need_weights=False, is_causal=tgt_is_causal,
            )
            return self.dropout1(out)  # type: ignore[no-any-return]

        def mha(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
            out, _ = self.multihead_attn(
                x, memory, memory, attn_mask=memory_mask, key_padding_mask=memory_key_padding_mask,
                need_weights=False, is_causal=memory_is_causal,
            )
            return self.dropout2(out)  # type: ignore[no-any-return]

        def ff(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
            return self.dropout3(self.linear2(self.dropout(self._activation(self.linear1(x)))))  # type: ignore[no-any-return]

        x = tgt
        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + mha(self.norm2(x))
            return x + ff(self.norm3(x))
        x = self.norm1(x + sa(x))
        x = self.norm2(x + mha(x))
        return self.norm3(x + ff(x))  # type: ignore[no-any-return]


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` (keys ``layers.0.*``...), then ``norm`` if given.

    PyTorch: ``torch.nn.TransformerEncoder(encoder_layer, num_layers, norm)``.
    """

    def __init__(
        self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Module | None = None
    ) -> None:
        self.layers = [clone(encoder_layer) for _ in range(num_layers)]
        self.num_layers = num_layers
        self.norm = norm
        self._d_model = encoder_layer.d_model
        self._batch_first = encoder_layer.batch_first

    def shape_spec(self) -> LayerSpec:
        return sequence_spec("TransformerEncoder", self._d_model, self.num_layers, self._batch_first)

    def forward(
        self,
        src: Tensor[Any, Any],
        mask: Tensor[Any, Any] | None = None,
        src_key_padding_mask: Tensor[Any, Any] | None = None,
        is_causal: bool = False,
    ) -> Tensor[Any, Any]:
        """Each encoder layer in turn on ``src``; then ``norm``.

        Shapes: ``src: (S, N, E)`` (batch-first: ``(N, S, E)``; unbatched ``(S, E)``), ``mask: (S, S)``
        (or ``(N·nhead, S, S)``), ``src_key_padding_mask: (N, S)`` -> same shape as ``src``.

        PyTorch: ``torch.nn.TransformerEncoder(...)(src, mask, src_key_padding_mask, is_causal)``.
        """
        x = src
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=is_causal)
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(Module):
    """``num_layers`` copies of ``decoder_layer``, then ``norm`` if given.

    PyTorch: ``torch.nn.TransformerDecoder(decoder_layer, num_layers, norm)``.
    """

    def __init__(
        self, decoder_layer: TransformerDecoderLayer, num_layers: int, norm: Module | None = None
    ) -> None:
        self.layers = [clone(decoder_layer) for _ in range(num_layers)]
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        tgt: Tensor[Any, Any],
        memory: Tensor[Any, Any],
        tgt_mask: Tensor[Any, Any] | None = None,
        memory_mask: Tensor[Any, Any] | None = None,
        tgt_key_padding_mask: Tensor[Any, Any] | None = None,
        memory_key_padding_mask: Tensor[Any, Any] | None = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[Any, Any]:
        """Each decoder layer in turn on ``tgt``, attending to ``memory``; then ``norm``.

        Shapes: ``tgt: (T, N, E)``, ``memory: (S, N, E)`` (batch-first: ``(N, T, E)``, ``(N, S, E)``),
        ``tgt_mask: (T, T)``, ``memory_mask: (T, S)``, ``tgt_key_padding_mask: (N, T)``,
        ``memory_key_padding_mask: (N, S)`` -> same shape as ``tgt``.

        PyTorch: ``torch.nn.TransformerDecoder(...)(tgt, memory, tgt_mask, memory_mask, ...)``.
        """
        x = tgt
        for layer in self.layers:
            x = layer(
                x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                tgt_key_padding_mask=tgt_key_padding_mask,
                memory_key_padding_mask=memory_key_padding_mask,
                tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal,
            )
        return x if self.norm is None else self.norm(x)


class Transformer(Module):
    """Encoder-decoder Transformer (PyTorch's layout, keys and initialisation).

    Every weight matrix is re-initialised with Xavier-uniform, as PyTorch does.

    PyTorch: ``torch.nn.Transformer(d_model, nhead, num_encoder_layers, num_decoder_layers,
    dim_feedforward, dropout, activation, custom_encoder, custom_decoder, layer_norm_eps, batch_first,
    norm_first, bias)``.
    """

    def __init__(
        self,
        d_model: int = 512,
        nhead: int = 8,
        num_encoder_layers: int = 6,
        num_decoder_layers: int = 6,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        custom_encoder: Module | None = None,
        custom_decoder: Module | None = None,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        common: dict[str, Any] = dict(
            dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
            layer_norm_eps=layer_norm_eps, batch_first=batch_first, norm_first=norm_first, bias=bias,
            dtype=dtype, rng=rng,
        )
        self.encoder: Module = custom_encoder if custom_encoder is not None else TransformerEncoder(
            TransformerEncoderLayer(d_model, nhead, **common),
            num_encoder_layers,
            LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype),
        )
        self.decoder: Module = custom_decoder if custom_decoder is not None else TransformerDecoder(
            TransformerDecoderLayer(d_model, nhead, **common),
            num_decoder_layers,
            LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype),
        )
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first
        replaced = {
            id(p): xavier_uniform(p.shape, p.dtype, rng) for _, p in self.named_parameters() if p.ndim > 1
        }
        self.replace_tensors(replaced)

    @staticmethod
    def generate_square_subsequent_mask(sz: int, dtype: Any = None) -> Tensor[Any, Any]:
        """A float causal mask: ``-inf`` above the diagonal, ``0`` elsewhere.

        Shapes: -> ``(sz, sz)``.

        PyTorch: ``torch.nn.Transformer.generate_square_subsequent_mask(sz)``.
        """
        return causal_mask(sz, sz, dtype)

    def forward(
        self,
        src: Tensor[Any, Any],
        tgt: Tensor[Any, Any],
        src_mask: Tensor[Any, Any] | None = None,
        tgt_mask: Tensor[Any, Any] | None = None,
        memory_mask: Tensor[Any, Any] | None = None,
        src_key_padding_mask: Tensor[Any, Any] | None = None,
        tgt_key_padding_mask: Tensor[Any, Any] | None = None,
        memory_key_padding_mask: Tensor[Any, Any] | None = None,
        src_is_causal: bool = False,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[Any, Any]:
        """Encode ``src``, then decode ``tgt`` attending to the encoding.

        Shapes: ``src: (S, N, E)``, ``tgt: (T, N, E)`` (batch-first: ``(N, S, E)``, ``(N, T, E)``),
        ``src_mask: (S, S)``, ``tgt_mask: (T, T)``, ``memory_mask: (T, S)`` (or with a leading ``N·nhead``),
        ``src_key_padding_mask: (N, S)``, ``tgt_key_padding_mask: (N, T)``,
        ``memory_key_padding_mask: (N, S)`` -> ``(T, N, E)``, like ``tgt``.

        PyTorch: ``torch.nn.Transformer(...)(src, tgt, src_mask, tgt_mask, memory_mask, ...)``.
        """
        spec = sequence_spec(
            "Transformer", self.d_model, self.nhead, self.batch_first, arg_names=("tgt", "src")
        )
        sequence_layers.decoder_layer(spec, tgt.shape, src.shape)
        memory = self.encoder(
            src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal
        )
        return self.decoder(  # type: ignore[no-any-return]
            tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
            tgt_key_padding_mask=tgt_key_padding_mask,
            memory_key_padding_mask=memory_key_padding_mask,
            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal,
        )
