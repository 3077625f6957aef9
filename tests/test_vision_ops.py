"""Run-time behaviour of the vision and selection ops beyond the op rows (``op_rows/vision.py``):
errors with the rules' messages, index bounds, numpy's advanced-indexing placement, bool results,
dropout's mask, dtypes, and convolutions at realistic sizes against PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dfdx_typed as dt
from dfdx_typed import shapes as S
from dfdx_typed.shapes import ShapeError

RNG = np.random.default_rng(0)


def _t(*shape: int, dtype: Any = np.float64) -> dt.Tensor[Any, Any]:
    return dt.from_numpy(RNG.standard_normal(shape).astype(dtype))


def _rule_message(fn: Callable[[], Any]) -> str:
    with pytest.raises(ShapeError) as info:
        fn()
    return info.value.message


# --- the run time raises the rules' messages ----------------------------------------------------------

SAME_MESSAGE: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
    ("conv2d-kernel", lambda: dt.conv2d(_t(1, 3, 4, 4), _t(16, 3, 5, 5)),
     lambda: S.conv2d("conv2d", (1, 3, 4, 4), (16, 3, 5, 5))),
    ("conv2d-groups", lambda: dt.conv2d(_t(1, 3, 8, 8), _t(4, 1, 3, 3), groups=2),
     lambda: S.conv2d("conv2d", (1, 3, 8, 8), (4, 1, 3, 3), groups=2)),
    ("conv2d-channels", lambda: dt.conv2d(_t(1, 3, 8, 8), _t(16, 4, 3, 3), _t(16)),
     lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 4, 3, 3), (16,))),
    ("conv2d-bias", lambda: dt.conv2d(_t(1, 3, 8, 8), _t(16, 3, 3, 3), _t(8)),
     lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 3, 3, 3), (8,))),
    ("conv1d-kernel", lambda: dt.conv1d(_t(2, 3, 4), _t(8, 3, 7)),
     lambda: S.conv1d("conv1d", (2, 3, 4), (8, 3, 7))),
    ("conv_transpose2d-channels", lambda: dt.conv_transpose2d(_t(1, 8, 4, 4), _t(6, 4, 3, 3)),
     lambda: S.conv_transpose2d("conv_transpose2d", (1, 8, 4, 4), (6, 4, 3, 3))),
    ("max_pool2d-kernel", lambda: dt.max_pool2d(_t(1, 3, 4, 4), 5),
     lambda: S.max_pool2d("max_pool2d", (1, 3, 4, 4), 5)),
    ("avg_pool2d-padding", lambda: dt.avg_pool2d(_t(1, 3, 8, 8), 3, padding=2),
     lambda: S.avg_pool2d("avg_pool2d", (1, 3, 8, 8), 3, padding=2)),
    ("pad-reflect", lambda: dt.pad(_t(2, 3), (3, 1), mode="reflect"),
     lambda: S.pad("pad", (2, 3), (3, 1), mode="reflect")),
    ("upscale2d-mode", lambda: dt.upscale2d(_t(1, 1, 2, 2), size=4, mode="bicubic"),
     lambda: S.upscale2d("upscale2d", (1, 1, 2, 2), size=4, mode="bicubic")),
    ("einsum-letter", lambda: dt.einsum("ij,jk->ik", _t(2, 3), _t(4, 5)),
     lambda: S.einsum("einsum", "ij,jk->ik", (2, 3), (4, 5))),
    ("gather-larger", lambda: dt.gather(_t(3, 4), 1, dt.zeros((4, 2), dtype=dt.int64)),
     lambda: S.gather("gather", (3, 4), 1, (4, 2))),
    ("where-two-sided", lambda: dt.where(_t(3, 1) > 0, _t(1, 4), 0.0),
     lambda: S.where("where", (3, 1), (1, 4), ())),
    ("getitem-mask", lambda: _t(3, 4)[_t(3, 5) > 0],
     lambda: S.getitem("getitem", (3, 4), (S.MaskIndex((3, 5)),))),
    ("lt-broadcast", lambda: _t(3, 4) < _t(3), lambda: S.broadcast("lt", (3, 4), (3,))),
]


@pytest.mark.parametrize(("run", "rule"), [c[1:] for c in SAME_MESSAGE], ids=[c[0] for c in SAME_MESSAGE])
def test_run_time_raises_the_rule_message(run: Callable[[], Any], rule: Callable[[], Any]) -> None:
    assert _rule_message(run) == _rule_message(rule)


# --- index bounds -------------------------------------------------------------------------------------

BOUNDS: list[tuple[str, Callable[[], Any], str]] = [
    ("getitem", lambda: _t(5, 3)[dt.tensor([0, 7, 2])],
     "getitem: index holds 7, out of bounds for axis 0 with size 5 in (5, 3)"),
    ("getitem-negative-second-axis", lambda: _t(5, 3)[:, dt.tensor([[0], [-4]])],
     "getitem: index holds -4, out of bounds for axis 1 with size 3 in (5, 3)"),
    ("gather", lambda: dt.gather(_t(3, 4), 1, dt.tensor([[0, 4], [1, 1], [2, 3]])),
     "gather: index holds 4, out of bounds for axis 1 with size 4 in (3, 4)"),
    ("select", lambda: dt.select(_t(3, 4), 0, dt.tensor([3])),
     "select: index holds 3, out of bounds for axis 0 with size 3 in (3, 4)"),
    ("take_along_axis", lambda: dt.take_along_axis(_t(3, 4), dt.tensor([[9], [0], [0]]), 1),
     "take_along_axis: indices holds 9, out of bounds for axis 1 with size 4 in (3, 4)"),
    ("embedding", lambda: dt.embedding(dt.tensor([[1, 10]]), _t(10, 4)),
     "embedding: indices holds 10, out of bounds for axis 0 with size 10 in (10, 4)"),
    ("one_hot", lambda: dt.one_hot(dt.tensor([0, 5]), 5),
     "one_hot: indices (2,) hold the class 5, outside [0, 5)"),
    ("one_hot-negative", lambda: dt.one_hot(dt.tensor([-1, 2]), 5),
     "one_hot: indices (2,) hold the class -1, outside [0, 5)"),
]


@pytest.mark.parametrize(("fn", "message"), [b[1:] for b in BOUNDS], ids=[b[0] for b in BOUNDS])
def test_index_out_of_bounds(fn: Callable[[], Any], message: str) -> None:
    with pytest.raises(ShapeError) as info:
        fn()
    assert info.value.message == message


def test_index_errors_are_index_errors_too() -> None:
    """Caught as ``IndexError`` as numpy's and PyTorch's are."""
    with pytest.raises(IndexError):
        _t(5, 3)[dt.tensor([5])]


@pytest.mark.parametrize("fn", [
    lambda: _t(5, 3)[dt.tensor([0.0, 1.0])],
    lambda: dt.gather(_t(3, 4), 1, _t(3, 4)),
    lambda: dt.one_hot(_t(3), 4),
], ids=["getitem", "gather", "one_hot"])
def test_float_index_tensors_are_rejected(fn: Callable[[], Any]) -> None:
    with pytest.raises(TypeError, match="integer"):
        fn()


# --- advanced indexing follows numpy --------------------------------------------------------------------

NUMPY_INDEXING: list[tuple[str, Callable[[Any], Any]]] = [
    # An int separated from an index tensor by a slice makes the broadcast dims go first (numpy);
    # PyTorch applies the int first and keeps them in place, which is why this is checked here.
    ("int-slice-array", lambda idx: (1, slice(None), idx([3, 0, 3]))),
    ("array-none-array", lambda idx: (idx([0, 1]), None, idx([2, 2]))),
    ("slice-int-array-adjacent", lambda idx: (slice(None), 0, idx([[1], [3]]))),
    ("ellipsis-mask", lambda idx: (Ellipsis, idx([True, False, True, True]))),
    ("mask-2d-then-array", lambda idx: (idx([[True, False, True], [False, True, True]]), idx([0, 0, 3, 1]))),
    # A bool scalar is a 0-d mask: a new axis of length 1 (True) or 0 (False).
    ("bool-scalar-after-int", lambda idx: (0, True)),
    ("bool-scalar-false", lambda idx: (slice(None), False)),
    ("bool-scalar-with-array", lambda idx: (True, idx([1, 0, 1]))),
]


@pytest.mark.parametrize("make", [c[1] for c in NUMPY_INDEXING], ids=[c[0] for c in NUMPY_INDEXING])
def test_advanced_indexing_matches_numpy_with_accumulating_gradient(make: Callable[[Any], Any]) -> None:
    x = RNG.standard_normal((2, 3, 4))
    ours = make(lambda v: dt.tensor(v))
    theirs = make(np.array)
    xt = dt.from_numpy(x).trace()
    out = xt[ours]
    np.testing.assert_array_equal(out.numpy(), x[theirs])
    cot = RNG.standard_normal(out.shape)
    grad = (out * dt.from_numpy(cot)).sum().backward()[xt].numpy()
    expected = np.zeros_like(x)
    np.add.at(expected, theirs, cot)  # repeated indices add up
    np.testing.assert_allclose(grad, expected, rtol=0, atol=1e-15)


def test_repeated_indices_accumulate() -> None:
    table = dt.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).trace()
    ids = dt.tensor([[2, 2], [0, 2]])
    grads = table[ids].sum().backward()
    assert grads[table].numpy().tolist() == [[1.0, 1.0], [0.0, 0.0], [3.0, 3.0]]


def test_index_array_is_copied() -> None:
    """Mutating the caller's numpy index after the op must not change the recorded backward."""
    x = dt.from_numpy(np.arange(4.0)).trace()
    idx = np.array([0, 0, 1])
    out = x[idx]
    idx[:] = 3
    assert out.sum().backward()[x].numpy().tolist() == [2.0, 1.0, 0.0, 0.0]


# --- comparisons, where, argmax, one_hot ---------------------------------------------------------------


def test_comparisons_are_bool_and_untraced() -> None:
    x = _t(3, 4).trace()
    for out in (x < 0, x <= 0, x > 0, x >= 0, x == 0, x != 0, 0 < x, dt.lt(x, x)):
        assert out.dtype == np.bool_
        assert not out.is_traced


def test_tensor_hash_is_identity_and_foreign_equality_is_not_elementwise() -> None:
    a, b = dt.zeros((2,)), dt.zeros((2,))
    assert len({a, b, a}) == 2
    assert {a: 1, b: 2}[a] == 1
    assert (a == None) is False  # noqa: E711  (NotImplemented: Python falls back to identity)
    assert a != "a string"
    assert a in [a]  # identity first, as list membership does


def test_where_condition_must_be_bool_and_gets_no_gradient() -> None:
    x, y = _t(2, 3).trace(), _t(2, 3).trace()
    cond = (x > 0).trace()
    grads = dt.where(cond, x, y).sum().backward()
    np.testing.assert_array_equal(grads[x].numpy(), (x.numpy() > 0).astype(float))
    np.testing.assert_array_equal(grads[y].numpy(), (x.numpy() <= 0).astype(float))
    assert cond not in grads
    with pytest.raises(TypeError, match="bool"):
        dt.where(dt.ones((2, 3)), x, y)


def test_argmax_argmin_one_hot_dtypes() -> None:
    x = _t(3, 4, dtype=np.float32).trace()
    assert x.argmax(1).dtype == np.int64 and not x.argmax(1).is_traced
    assert dt.argmin(x).shape == () and dt.argmin(x, keepdims=True).shape == (1, 1)
    assert dt.one_hot(dt.tensor([1, 0]), 3).dtype == np.float32


# --- dropout ----------------------------------------------------------------------------------------


def test_dropout_is_identity_when_untraced() -> None:
    x = _t(4, 5)
    assert dt.dropout(x, 0.5) is x


def test_dropout_mask_statistics_scaling_and_gradient() -> None:
    p = 0.3
    x = dt.ones((200, 500), dtype=dt.float64).trace()
    out = dt.dropout(x, p, rng=np.random.default_rng(1))
    values = out.numpy()
    dropped = float((values == 0).mean())
    # 100000 Bernoulli(0.3) draws: standard error 0.00145, so 0.01 is about 7 standard errors.
    assert abs(dropped - p) < 0.01
    np.testing.assert_allclose(values[values != 0], 1 / (1 - p), rtol=1e-15)
    grad = out.sum().backward()[x].numpy()
    np.testing.assert_array_equal(grad, values)  # d(x * mask / (1-p)) / dx = mask / (1-p)


def test_dropout_is_seeded() -> None:
    x = _t(8, 8, dtype=np.float32).trace()
    dt.manual_seed(7)
    first = dt.dropout(x, 0.5).numpy()
    dt.manual_seed(7)
    second = dt.dropout(x, 0.5).numpy()
    np.testing.assert_array_equal(first, second)
    a = dt.dropout(x, 0.5, rng=np.random.default_rng(3)).numpy()
    b = dt.dropout(x, 0.5, rng=np.random.default_rng(3)).numpy()
    np.testing.assert_array_equal(a, b)
    assert first.dtype == np.float32
    with pytest.raises(ValueError, match="p must be in"):
        dt.dropout(x, 1.5)


# --- dtypes and realistic sizes ------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [
    lambda x: dt.conv2d(x, dt.ones((2, 3, 3, 3), dtype=x.dtype), padding=1),
    lambda x: dt.conv_transpose2d(x, dt.ones((3, 2, 2, 2), dtype=x.dtype), stride=2),
    lambda x: dt.max_pool2d(x, 2),
    lambda x: dt.avg_pool2d(x, 3, padding=1, count_include_pad=False),
    lambda x: dt.adaptive_avg_pool2d(x, 3),
    lambda x: dt.upscale2d(x, scale_factor=2, mode="bilinear"),
    lambda x: dt.pad(x, (1, 1, 2, 0), mode="reflect"),
    lambda x: dt.einsum("nchw,nchw->nc", x, x),
], ids=["conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive", "upscale2d", "pad", "einsum"])
def test_float32_stays_float32(fn: Callable[[Any], Any]) -> None:
    x = _t(2, 3, 6, 6, dtype=np.float32).trace()
    out = fn(x)
    assert out.dtype == np.float32
    assert out.sum().backward()[x].dtype == np.float32


CONV_AT_SIZE: list[tuple[str, Callable[..., Any], Callable[..., Any], tuple[int, ...], tuple[int, ...]]] = [
    ("conv2d-stride2-pad1", lambda x, w: dt.conv2d(x, w, stride=2, padding=1),
     lambda x, w: F.conv2d(x, w, stride=2, padding=1), (4, 3, 17, 16), (8, 3, 3, 3)),
    ("conv2d-grouped-dilated-same", lambda x, w: dt.conv2d(x, w, padding="same", dilation=2, groups=4),
     lambda x, w: F.conv2d(x, w, padding="same", dilation=2, groups=4), (2, 8, 15, 13), (12, 2, 3, 4)),
    ("conv_transpose2d-upsample",
     lambda x, w: dt.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1),
     lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1),
     (3, 6, 9, 7), (6, 4, 3, 3)),
    ("conv1d-long", lambda x, w: dt.conv1d(x, w, stride=3, padding=2),
     lambda x, w: F.conv1d(x, w, stride=3, padding=2), (4, 5, 101), (7, 5, 5)),
]


@pytest.mark.parametrize(("ours", "theirs", "xs", "ws"), [c[1:] for c in CONV_AT_SIZE],
                         ids=[c[0] for c in CONV_AT_SIZE])
def test_convolutions_at_realistic_sizes_match_torch(
    ours: Callable[..., Any], theirs: Callable[..., Any], xs: tuple[int, ...], ws: tuple[int, ...]
) -> None:
    """Beyond the small gradcheck rows: float64, so agreement is to ~1e-12 (sums of <= 500 terms)."""
    x, w = RNG.standard_normal(xs), RNG.standard_normal(ws)
    xt, wt = dt.from_numpy(x).trace(), dt.from_numpy(w).trace()
    out = ours(xt, wt)
    tx, tw = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, w))
    ref = theirs(tx, tw)
    cot = RNG.standard_normal(out.shape)
    grads = (out * dt.from_numpy(cot)).sum().backward()
    (ref * torch.from_numpy(cot)).sum().backward()
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grads[xt].numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grads[wt].numpy(), tw.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("seed", range(3))
def test_max_pool_ties_route_to_the_first_maximum_like_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 2, (2, 2, 6, 6)).astype(np.float64)  # 0/1 values: ties in every window
    xt = dt.from_numpy(x).trace()
    tx = torch.from_numpy(x.copy()).requires_grad_(True)
    cot = rng.standard_normal((2, 2, 3, 3))
    grads = (dt.max_pool2d(xt, 3, stride=2, padding=1) * dt.from_numpy(cot)).sum().backward()
    (F.max_pool2d(tx, 3, stride=2, padding=1) * torch.from_numpy(cot)).sum().backward()
    # Overlapping windows add up to 4 cotangents in an element, in another order than PyTorch: a
    # few ulps apart. A gradient routed to another element of the window would be off by O(1).
    np.testing.assert_allclose(grads[xt].numpy(), tx.grad.numpy(), rtol=1e-14, atol=1e-15)


def test_conv_weight_gets_a_gradient_when_only_the_input_is_traced() -> None:
    w = _t(4, 3, 3, 3)
    x = _t(2, 3, 5, 5).trace()
    grads = dt.conv2d(x, w).sum().backward()
    assert grads[w].shape == (4, 3, 3, 3)
