"""Recurrent layers: RNN, LSTM, GRU — PyTorch's gate equations, weight names and layouts.

Input is ``(L, N, input_size)`` (``(N, L, input_size)`` with ``batch_first``) or unbatched
``(L, input_size)``. The input projection of every time step is one matmul; the recurrence is a loop
over time steps (the state of step ``t`` depends on step ``t - 1``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import recurrent_spec
from ..shapes.modules import LayerSpec
from ..shapes.sequence_layers import recurrent
from .init import uniform
from .module import Module, traced_if

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class _RNNBase(Module):
    _kind = ""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        if hidden_size < 1 or num_layers < 1:
            raise ValueError(
                f"{self._kind}: hidden_size and num_layers must be positive, got {hidden_size}, "
                f"{num_layers}"
            )
        if not 0 <= dropout <= 1:
            raise ValueError(f"{self._kind}: dropout must be in [0, 1], got {dropout}")
        self._mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = dropout
        self.bidirectional = bidirectional
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        bound = 1.0 / math.sqrt(hidden_size)
        # PyTorch's parameter order: per layer, per direction: w_ih, w_hh, b_ih, b_hh.
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                setattr(self, f"weight_ih{suffix}", uniform((gate_size, layer_input), bound, dtype, rng))
                setattr(self, f"weight_hh{suffix}", uniform((gate_size, hidden_size), bound, dtype, rng))
                if bias:
                    setattr(self, f"bias_ih{suffix}", uniform((gate_size,), bound, dtype, rng))
                    setattr(self, f"bias_hh{suffix}", uniform((gate_size,), bound, dtype, rng))

    def shape_spec(self) -> LayerSpec:
        return recurrent_spec(
            self._kind, self.input_size, self.hidden_size, self.num_layers, self.batch_first,
            self.bidirectional,
        )

    def _weights(self, suffix: str, *inputs: Any) -> tuple[Tensor[Any, Any], ...]:
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh") if self.bias else ("weight_ih", "weight_hh")
        return tuple(traced_if(getattr(self, n + suffix), *inputs) for n in names)

    def _run(
        self, x: Tensor[Any, Any], states: list[Tensor[Any, Any]]
    ) -> tuple[Tensor[Any, Any], list[Tensor[Any, Any]]]:
        """``x`` is ``(L, N, input)``; ``states`` are ``(D·layers, N, H)`` (h, and c for LSTM)."""
        directions = 2 if self.bidirectional else 1
        finals: list[list[Tensor[Any, Any]]] = [[] for _ in states]
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                index = layer * directions + direction
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                init = [s[index] for s in states]
                out, last = self._direction(x, init, self._weights(suffix, x, *init), reverse=direction == 1)
                outputs.append(out)
                for f, s in zip(finals, last):
                    f.append(s)
            x = outputs[0] if directions == 1 else ops.concat(outputs, axis=-1)
            if self.dropout > 0 and layer < self.num_layers - 1 and x.is_traced:
                x = ops.dropout(x, self.dropout)
        return x, [ops.stack(f, axis=0) for f in finals]

    def _direction(
        self,
        x: Tensor[Any, Any],
        state: list[Tensor[Any, Any]],
        weights: tuple[Tensor[Any, Any], ...],
        reverse: bool,
    ) -> tuple[Tensor[Any, Any], list[Tensor[Any, Any]]]:
        w_ih, w_hh = weights[0], weights[1]
        b_ih = weights[2] if self.bias else None
        b_hh = weights[3] if self.bias else None
        # The input projections of all steps at once: (L, N, gates).
        projected = ops.matmul(x, w_ih.mT)
        if b_ih is not None:
            projected = projected + b_ih
        w_hh_t = w_hh.mT
        steps = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
        hs: list[Tensor[Any, Any]] = []
        for t in steps:
            recurrent_part = ops.matmul(state[0], w_hh_t)
            if b_hh is not None:
                recurrent_part = recurrent_part + b_hh
            state = self._cell(projected[t], recurrent_part, state)
            hs.append(state[0])
        if reverse:
            hs.reverse()
        return ops.stack(hs, axis=0), state

    def _cell(
        self, gi: Tensor[Any, Any], gh: Tensor[Any, Any], state: list[Tensor[Any, Any]]
    ) -> list[Tensor[Any, Any]]:
        raise NotImplementedError

    def forward(self, input: Tensor[Any, Any], hx: Any = None) -> tuple[Tensor[Any, Any], Any]:
        """Run the layers over the sequence; returns ``(output, h_n)`` (LSTM: ``(output, (h_n, c_n))``).

        Shapes: ``input: (L, N, input_size)`` (``(N, L, input_size)`` with ``batch_first``;
        ``(L, input_size)`` unbatched), ``hx`` (LSTM: each of ``(h_0, c_0)``)
        ``(D·num_layers, N, hidden_size)`` -> output ``(L, N, D·hidden_size)`` (batch-first:
        ``(N, L, D·hidden_size)``), ``h_n`` ``(D·num_layers, N, hidden_size)``; ``D`` is 2 when
        bidirectional, else 1.

        PyTorch: ``torch.nn.LSTM(...)(input, hx)`` (likewise ``RNN`` and ``GRU``).
        """
        spec = self.shape_spec()
        h_shape = None if hx is None else (hx[0] if isinstance(hx, tuple) else hx).shape
        _, state_shape = recurrent(spec, input.shape, h_shape)
        if isinstance(hx, tuple) and len(hx) == 2:
            recurrent(spec, input.shape, hx[1].shape)
        batched = input.ndim == 3
        x = input
        if not batched:
            x = x.unsqueeze(1)
        elif self.batch_first:
            x = x.transpose(0, 1)
        n_states = 2 if self._mode == "LSTM" else 1
        if hx is None:
            zero = ops.zeros((state_shape[0], x.shape[1], self.hidden_size), dtype=x.dtype)
            states = [zero] * n_states
        else:
            given = list(hx) if isinstance(hx, tuple) else [hx]
            if len(given) != n_states:
                raise ValueError(
                    f"{self._kind}: expected {n_states} initial state tensor(s), got {len(given)}"
                )
            states = [s.unsqueeze(1) if not batched else s for s in given]
        out, finals = self._run(x, states)
        if not batched:
            out = out.squeeze(1)
            finals = [f.squeeze(1) for f in finals]
        elif self.batch_first:
            out = out.transpose(0, 1)
        if self._mode == "LSTM":
            return out, (finals[0], finals[1])
        return out, finals[0]

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text


class RNN(_RNNBase):
    """Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or ReLU); returns ``(output, h_n)``.

    Shapes: ``input: (L, N, input_size)`` (batch-first ``(N, L, input_size)``; unbatched
    ``(L, input_size)``) -> output ``(L, N, D·hidden_size)``, ``h_n``
    ``(D·num_layers, N, hidden_size)`` (``D = 2`` if bidirectional, else 1).

    PyTorch: ``torch.nn.RNN(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first,
    dropout, bidirectional)``.
    """

    _kind = "RNN"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        super().__init__(
            "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, num_layers,
            bias, batch_first, dropout, bidirectional, dtype=dtype, rng=rng,
        )

    def _cell(
        self, gi: Tensor[Any, Any], gh: Tensor[Any, Any], state: list[Tensor[Any, Any]]
    ) -> list[Tensor[Any, Any]]:
        pre = gi + gh
        return [ops.tanh(pre) if self.nonlinearity == "tanh" else ops.relu(pre)]


class LSTM(_RNNBase):
    """LSTM with PyTorch's gate order ``i, f, g, o``; returns ``(output, (h_n, c_n))``.

    Shapes: ``input: (L, N, input_size)`` (batch-first ``(N, L, input_size)``; unbatched
    ``(L, input_size)``) -> output ``(L, N, D·hidden_size)``, ``h_n`` and ``c_n``
    ``(D·num_layers, N, hidden_size)`` (``D = 2`` if bidirectional, else 1).

    ``c' = σ(f) c + σ(i) tanh(g)``, ``h' = σ(o) tanh(c')``; ``hx`` is ``(h_0, c_0)``.

    PyTorch: ``torch.nn.LSTM(input_size, hidden_size, num_layers, bias, batch_first, dropout,
    bidirectional)`` (``proj_size`` is not supported).
    """

    _kind = "LSTM"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            "LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
            dtype=dtype, rng=rng,
        )

    def _cell(
        self, gi: Tensor[Any, Any], gh: Tensor[Any, Any], state: list[Tensor[Any, Any]]
    ) -> list[Tensor[Any, Any]]:
        i, f, g, o = ops.split(gi + gh, self.hidden_size, axis=-1)
        c = ops.sigmoid(f) * state[1] + ops.sigmoid(i) * ops.tanh(g)
        return [ops.sigmoid(o) * ops.tanh(c), c]


class GRU(_RNNBase):
    """GRU with PyTorch's gate order ``r, z, n``; returns ``(output, h_n)``.

    Shapes: ``input: (L, N, input_size)`` (batch-first ``(N, L, input_size)``; unbatched
    ``(L, input_size)``) -> output ``(L, N, D·hidden_size)``, ``h_n``
    ``(D·num_layers, N, hidden_size)`` (``D = 2`` if bidirectional, else 1).

    ``n = tanh(x_n + r (h W_hn^T + b_hn))``, ``h' = (1 - z) n + z h``.

    PyTorch: ``torch.nn.GRU(input_size, hidden_size, num_layers, bias, batch_first, dropout,
    bidirectional)``.
    """

    _kind = "GRU"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            "GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
            dtype=dtype, rng=rng,
        )

    def _cell(
        self, gi: Tensor[Any, Any], gh: Tensor[Any, Any], state: list[Tensor[Any, Any]]
    ) -> list[Tensor[Any, Any]]:
        i_r, i_z, i_n = ops.split(gi, self.hidden_size, axis=-1)
        h_r, h_z, h_n = ops.split(gh, self.hidden_size, axis=-1)
        r = ops.sigmoid(i_r + h_r)
        z = ops.sigmoid(i_z + h_z)
        n = ops.tanh(i_n + r * h_n)
        return [(1.0 - z) * n + z * state[0]]
