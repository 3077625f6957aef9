"""Multi-head attention with key-padding, attention and causal masks (PyTorch's layout and math)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes import sequence_layers as rules
from ..shapes.layer_specs import attention_spec
from ..shapes.modules import LayerSpec
from .init import constant, xavier_uniform
from .linear import Linear
from .module import Module, traced_if


def additive_mask(mask: Tensor[Any, Any], dtype: Any) -> Tensor[Any, Any]:
    """A mask as what is added to attention scores: a bool mask (``True`` = may not attend) becomes
    ``-inf``/``0``; a float mask is added as it is. PyTorch converts masks the same way."""
    if mask.dtype == np.bool_:
        return ops.where(mask, -math.inf, ops.zeros(mask.shape, dtype=dtype))
    if mask.dtype.kind != "f":
        raise TypeError(f"attention masks must be bool or float, got {mask.dtype}")
    return mask.astype(dtype) if mask.dtype != dtype else mask


def causal_mask(target: int, source: int, dtype: Any = None) -> Tensor[Any, Any]:
    """``(target, source)`` float mask: ``-inf`` above the diagonal (a position may not attend to later
    ones), ``0`` elsewhere. PyTorch: ``nn.Transformer.generate_square_subsequent_mask(n)``."""
    above = ops.triu(ops.ones((target, source), dtype=np.bool_), 1)
    return additive_mask(above, np.dtype(np.float32) if dtype is None else dtype)


class MultiheadAttention(Module):
    """Scaled dot-product attention over ``num_heads`` heads, with input and output projections.

    Parameters as PyTorch: ``in_proj_weight`` ``(3E, E)`` and ``in_proj_bias`` ``(3E,)`` (or
    ``q_proj_weight``/``k_proj_weight``/``v_proj_weight`` when ``kdim``/``vdim`` differ from ``E``), and
    ``out_proj`` (a Linear). Attention dropout applies when the query is traced.

    PyTorch: ``torch.nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, add_bias_kv,
    add_zero_attn, kdim, vdim, batch_first)``.
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        if add_bias_kv or add_zero_attn:
            raise NotImplementedError("MultiheadAttention: add_bias_kv and add_zero_attn are not supported")
        if num_heads < 1 or embed_dim % num_heads:
            raise ValueError(
                f"MultiheadAttention: embed_dim {embed_dim} must be divisible by num_heads {num_heads}"
            )
        self.embed_dim = embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.kdim = embed_dim if kdim is None else kdim
        self.vdim = embed_dim if vdim is None else vdim
        self.head_dim = embed_dim // num_heads
        self._packed = self.kdim == embed_dim and self.vdim == embed_dim
        if self._packed:
            self.in_proj_weight = xavier_uniform((3 * embed_dim, embed_dim), dtype, rng)
        else:
            self.q_proj_weight = xavier_uniform((embed_dim, embed_dim), dtype, rng)
            self.k_proj_weight = xavier_uniform((embed_dim, self.kdim), dtype, rng)
            self.v_proj_weight = xavier_uniform((embed_dim, self.vdim), dtype, rng)
        self.in_proj_bias = constant((3 * embed_dim,), 0.0, dtype) if bias else None
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, dtype=dtype, rng=rng)
        if bias:
            self.out_proj.bias = constant((embed_dim,), 0.0, dtype)

    def shape_spec(self) -> LayerSpec:
        return attention_spec(self.embed_dim, self.num_heads, self.kdim, self.vdim, self.batch_first)

    def _projections(
        self, *inputs: Tensor[Any, Any]
    ) -> tuple[tuple[Tensor[Any, Any], ...], tuple[Tensor[Any, Any] | None, ...]]:
        e = self.embed_dim
        weights: tuple[Tensor[Any, Any], ...]
        if self._packed:
            w = traced_if(self.in_proj_weight, *inputs)
            weights = (w[:e], w[e:2 * e], w[2 * e:])
        else:
            weights = tuple(
                traced_if(p, *inputs) for p in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
            )
        if self.in_proj_bias is None:
            return weights, (None, None, None)
        b = traced_if(self.in_proj_bias, *inputs)
        return weights, (b[:e], b[e:2 * e], b[2 * e:])

    def forward(
        self,
        query: Tensor[Any, Any],
        key: Tensor[Any, Any],
        value: Tensor[Any, Any],
        key_padding_mask: Tensor[Any, Any] | None = None,
        need_weights: bool = True,
        attn_mask: Tensor[Any, Any] | None = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[Any, Any], Tensor[Any, Any] | None]:
        """Attend from ``query`` to ``key``/``value``; returns ``(output, weights)``.

        Shapes: ``query: (L, N, E)``, ``key: (S, N, kdim)``, ``value: (S, N, vdim)`` (batch-first:
        ``(N, L, E)``...; rank 2 unbatched), ``key_padding_mask: (N, S)``, ``attn_mask: (L, S)`` or
        ``(N·H, L, S)`` -> output like ``query``, weights ``(N, L, S)`` averaged over heads (``(N, H, L, S)``
        with ``average_attn_weights=False``; ``None`` with ``need_weights=False``).

        Bool masks mark what may *not* be attended, float masks are added to the scores.
        ``is_causal=True`` without ``attn_mask`` applies the causal mask.

        PyTorch: ``torch.nn.MultiheadAttention(...)(query, key, value, key_padding_mask, need_weights,
        attn_mask, average_attn_weights, is_causal)``.
        """
        spec = self.shape_spec()
        rules.multihead_attention(spec, query.shape, key.shape, value.shape)
        batched = query.ndim == 3
        # Work batch-first: (N, L, E).
        q, k, v = query, key, value
        if not batched:
            q, k, v = q.unsqueeze(0), k.unsqueeze(0), v.unsqueeze(0)
        elif not self.batch_first:
            q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)
        n, tgt_len, _ = q.shape
        src_len = k.shape[1]
        h, d = self.num_heads, self.head_dim
        weights, biases = self._projections(query, key, value)
        projected = []
        for x, w, b, length in zip((q, k, v), weights, biases, (tgt_len, src_len, src_len)):
            y = ops.matmul(x, w.mT)
            if b is not None:
                y = y + b
            projected.append(y.reshape((n, length, h, d)).permute(0, 2, 1, 3))  # (N, H, len, D)
        qh, kh, vh = projected
        scores = ops.matmul(qh * math.sqrt(1.0 / d), kh.mT)  # (N, H, L, S)
        if attn_mask is None and is_causal:
            attn_mask = causal_mask(tgt_len, src_len, scores.dtype)
        if attn_mask is not None:
            rules.attention_mask(spec, attn_mask.shape, n, h, tgt_len, src_len)
            mask = additive_mask(attn_mask, scores.dtype)
            if mask.ndim == 3:
                mask = mask.reshape((n, h, tgt_len, src_len))
            scores = scores + mask
        if key_padding_mask is not None:
            rules.key_padding_mask(spec, key_padding_mask.shape, n if batched else None, src_len)
            padding = additive_mask(key_padding_mask, scores.dtype).reshape((n, 1, 1, src_len))
            scores = scores + padding
        attn = ops.softmax(scores, axis=-1)
        if self.dropout > 0 and attn.is_traced:
            attn = ops.dropout(attn, self.dropout)
        out = ops.matmul(attn, vh).permute(0, 2, 1, 3).reshape((n, tgt_len, self.embed_dim))
        out = self.out_proj(out)
        if not batched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = out.transpose(0, 1)
        if not need_weights:
            return out, None
        attn_weights = ops.mean(attn, axis=1) if average_attn_weights else attn
        return out, attn_weights.squeeze(0) if not batched else attn_weights

    def extra_repr(self) -> str:
        return f"embed_dim={self.embed_dim}, num_heads={self.num_heads}, batch_first={self.batch_first}"

