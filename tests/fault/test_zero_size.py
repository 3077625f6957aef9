"""Zero-size dims everywhere: reductions of empty axes against numpy and PyTorch (the mean of
nothing is NaN in both, and here), shape ops, layers and gradients through empty tensors.

(Its own file: the hostile-ops file is long enough.)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import dfdx_typed as dt
from dfdx_typed import nn

from .conftest import assert_clear, close_in_dtype, outcome, tried

# --- reductions ---------------------------------------------------------------------------------------

REDUCTIONS: dict[str, tuple[Any, Any]] = {
    "sum": (dt.sum, lambda a, ax: np.sum(a, axis=ax)),
    "mean": (dt.mean, lambda a, ax: np.mean(a, axis=ax)),
    "var": (dt.var, lambda a, ax: np.var(a, axis=ax)),
    "std": (dt.std, lambda a, ax: np.std(a, axis=ax)),
    "max": (dt.max, lambda a, ax: np.max(a, axis=ax)),
    "min": (dt.min, lambda a, ax: np.min(a, axis=ax)),
    "argmax": (dt.argmax, lambda a, ax: np.argmax(a, axis=ax)),
    "logsumexp": (dt.logsumexp, lambda a, ax: torch.logsumexp(
        torch.from_numpy(a), dim=tuple(range(a.ndim)) if ax is None else ax).numpy()),
}


@pytest.mark.filterwarnings("ignore:Mean of empty slice", "ignore:Degrees of freedom <= 0")
@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(0, 2), min_size=1, max_size=3).filter(lambda s: 0 in s))
def test_reductions_of_empty_axes_follow_numpy(shape: list[int]) -> None:
    """Sums of nothing are 0; means, variances and deviations NaN (as numpy and PyTorch); the
    logsumexp of nothing -inf (PyTorch); a max, min or argmax of nothing an error naming the op
    (numpy and PyTorch refuse them too). Gradients through an empty axis are empty or zero."""
    data = np.zeros(shape, dtype=np.float32)
    for name, (ours, reference) in REDUCTIONS.items():
        for axis in [None, *range(len(shape))]:
            tried("zero-size dims: reductions")
            want_kind, want = outcome(reference, data, axis)
            x = dt.from_numpy(data).trace()
            kind, got = outcome(ours, x, axis=axis)
            if want_kind == "error":
                assert kind == "error", f"{name}(axis={axis}) of {shape} gave {got!r}; numpy raises"
                assert_clear(got, name)
                continue
            assert kind == "ok", f"{name}(axis={axis}) of {shape} raised {got!r}; numpy gives {want!r}"
            same = close_in_dtype(got.numpy(), np.asarray(want).astype(got.dtype))
            assert same, (name, axis, shape, got, want)
            if name != "argmax":
                grad = ours(x, axis=axis).sum().backward()[x].numpy()
                assert grad.shape == data.shape


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0,), (2, 0, 2)])
def test_shape_ops_and_layers_on_empty_tensors(shape: tuple[int, ...]) -> None:
    x = dt.zeros(shape).trace()
    for name, make in {
        "softmax": lambda: x.softmax(-1),
        "log_softmax": lambda: x.log_softmax(0),
        "normalize": lambda: x.normalize(-1),
        "concat": lambda: dt.concat([x, x], axis=-1),
        "reshape": lambda: x.reshape((-1,)),
        "transpose": lambda: x.T,
        "where": lambda: dt.where(x > 0, x, 0.0),
        "pad": lambda: dt.pad(x, (1, 1)),
        "einsum": lambda: dt.einsum("...->...", x),
        "dropout": lambda: dt.dropout(x, 0.5),
        "getitem": lambda: x[..., :0],
    }.items():
        tried("zero-size dims: shape ops")
        y = make()
        assert y.size == 0 or name == "pad", name
        g = y.sum().backward()[x]
        assert g.shape == x.shape and not np.isnan(g.numpy()).any(), name
    inner = dt.zeros((2, 0)).trace() @ dt.zeros((0, 3))
    np.testing.assert_array_equal(inner.numpy(), np.zeros((2, 3)))  # a sum of no products
    assert nn.Linear(3, 2)(dt.zeros((0, 3))).shape == (0, 2)


def test_convolution_of_an_empty_batch() -> None:
    """An empty batch gives an empty result (as PyTorch), and zero gradients of the right shapes."""
    tried("zero-size dims: layers")
    conv = nn.Conv2d(1, 2, 3)
    x = dt.zeros((0, 1, 5, 5)).trace()
    y = conv(x)
    assert y.shape == (0, 2, 3, 3)
    grads = y.sum().backward()
    assert grads[x].shape == (0, 1, 5, 5)
    np.testing.assert_array_equal(grads[conv.weight].numpy(), np.zeros((2, 1, 3, 3)))
