"""RNN, LSTM and GRU against torch.nn with the same weights: outputs, final states, parameter and input
gradients (float64, rtol 1e-9 / atol 1e-11), over layers, directions, batch_first, bias, initial
states and unbatched input."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from nn_reference import compare, load_from_torch, random

import dfdx_typed as dt
from dfdx_typed import nn

KINDS = {"RNN": (nn.RNN, torch.nn.RNN), "LSTM": (nn.LSTM, torch.nn.LSTM), "GRU": (nn.GRU, torch.nn.GRU)}
OPTIONS: list[dict[str, Any]] = [
    {},
    {"num_layers": 2},
    {"bidirectional": True},
    {"num_layers": 2, "bidirectional": True, "batch_first": True},
    {"bias": False},
]


def _pair(kind: str, **kwargs: Any) -> tuple[Any, Any]:
    ours, theirs = KINDS[kind]
    torch.manual_seed(0)
    tm = theirs(4, 5, **kwargs).double()
    m = ours(4, 5, **kwargs).astype(np.float64)
    load_from_torch(m, tm)
    return m, tm


def _flat_outputs(out: Any) -> list[Any]:
    seq, state = out
    return [seq, *(state if isinstance(state, tuple) else (state,))]


@pytest.mark.parametrize(
    "options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default"
)
@pytest.mark.parametrize("kind", list(KINDS))
def test_recurrent_matches_torch(kind: str, options: dict[str, Any]) -> None:
    m, tm = _pair(kind, **options)
    assert list(m.state_dict()) == list(tm.state_dict())
    shape = (3, 6, 4) if options.get("batch_first") else (6, 3, 4)
    x = random(shape, seed=1)
    # The sequence output (with gradients) ...
    compare(m, tm, [x])
    # ... and every final state, each with its own gradients.
    n_states = 3 if kind == "LSTM" else 2
    for i in range(1, n_states):
        compare(
            m,
            tm,
            [x],
            call=lambda mod, a, i=i: _flat_outputs(mod(a))[i],
            tcall=lambda mod, a, i=i: _flat_outputs(mod(a))[i],
        )


@pytest.mark.parametrize("kind", list(KINDS))
def test_initial_state_and_unbatched_input_match_torch(kind: str) -> None:
    m, tm = _pair(kind, num_layers=2)
    x = random((6, 3, 4), seed=2)
    h0 = random((2, 3, 5), seed=3)
    c0 = random((2, 3, 5), seed=4)

    def call(mod: Any, a: Any, h: Any, c: Any) -> Any:
        return mod(a, (h, c) if kind == "LSTM" else h)[0]

    compare(m, tm, [x, h0, c0], call=call, tcall=call)
    compare(m, tm, [x[:, 0], h0[:, 0], c0[:, 0]], call=call, tcall=call)  # unbatched: (L, H_in)


def test_recurrent_dropout_between_layers_only_when_traced() -> None:
    m, tm = _pair("LSTM", num_layers=2, dropout=0.5)
    tm.eval()
    x = random((6, 3, 4), seed=5)
    compare(m, tm, [x], trace=False)  # untraced: inference, no dropout
    assert not np.allclose(m(dt.from_numpy(x).trace())[0].numpy(), m(dt.from_numpy(x))[0].numpy())


def test_recurrent_shape_errors() -> None:
    lstm = nn.LSTM(4, 5, num_layers=2)
    with pytest.raises(
        dt.ShapeError, match=r"LSTM\[4, 5, num_layers=2\] expects \(L, N, 4\) or \(L, 4\), got \(6, 3, 7\)"
    ):
        lstm(dt.randn((6, 3, 7)))
    with pytest.raises(dt.ShapeError, match=r"initial state expects \(2, 3, 5\), got \(1, 3, 5\)"):
        lstm(dt.randn((6, 3, 4)), (dt.zeros((1, 3, 5)), dt.zeros((2, 3, 5))))
    with pytest.raises(
        dt.ShapeError, match=r"GRU\[4, 5, batch_first=True\] expects \(N, L, 4\) or \(L, 4\), got \(3, 6\)"
    ):
        nn.GRU(4, 5, batch_first=True)(dt.randn((3, 6)))
