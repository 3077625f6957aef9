"""Op rows for vision and selection ops: convolutions, pooling, resizing, padding, index tensors,
gather/select/take_along_axis/embedding, where and comparisons, tril/triu, roll, one_hot,
argmax/argmin, dropout and einsum.

Float inputs stay at or under 64 elements (the gradcheck test takes the full Jacobian); integer
inputs are int64 index arrays and bool inputs are conditions/masks (neither is differentiated).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

import dfdx_typed as dt

from . import OpRow
from ._gen import Inputs, integers, normal

ROWS: list[OpRow] = []


def _row(op: str, label: str, dt_fn: Any, torch_fn: Any, inputs: Inputs, **kw: Any) -> None:
    ROWS.append(OpRow(op, label, dt_fn, torch_fn, inputs, **kw))


def _with_index(x_shape: tuple[int, ...], idx_shape: tuple[int, ...], low: int, high: int) -> Inputs:
    """A normal float input and an int64 index array with values in ``[low, high)``."""
    return lambda rng: [rng.standard_normal(x_shape), rng.integers(low, high, idx_shape)]


def _index_then_float(idx_shape: tuple[int, ...], high: int, x_shape: tuple[int, ...]) -> Inputs:
    return lambda rng: [rng.integers(0, high, idx_shape), rng.standard_normal(x_shape)]


def _fixed_index(x_shape: tuple[int, ...], *indices: Any) -> Inputs:
    return lambda rng: [rng.standard_normal(x_shape), *(np.array(i) for i in indices)]


# --- conv2d -----------------------------------------------------------------------------------------

_CONV2D: list[tuple[str, dict[str, Any], tuple[int, ...], tuple[int, ...], bool]] = [
    # label, kwargs, input shape, weight shape, bias
    ("basic", {}, (1, 2, 4, 5), (3, 2, 2, 3), True),
    ("no-bias-batch2", {}, (2, 1, 4, 4), (2, 1, 3, 3), False),
    ("stride2-pad1-odd", {"stride": 2, "padding": 1}, (2, 1, 5, 5), (2, 1, 3, 3), True),
    ("dilation2", {"dilation": 2}, (1, 2, 5, 6), (2, 2, 2, 2), True),
    ("groups2", {"groups": 2}, (1, 4, 3, 4), (4, 2, 2, 2), True),
    ("depthwise-multiplier2", {"groups": 3}, (1, 3, 4, 4), (6, 1, 2, 2), True),
    ("same-even-kernel", {"padding": "same"}, (1, 2, 5, 5), (2, 2, 2, 2), True),
    ("same-dilated-nonsquare", {"padding": "same", "dilation": (1, 2)}, (1, 2, 5, 4), (2, 2, 3, 2), True),
    ("nonsquare-stride-pad", {"stride": (2, 1), "padding": (1, 0)}, (1, 2, 5, 3), (3, 2, 3, 2), True),
    ("stride3-dilation2-groups2-pad2", {"stride": 3, "dilation": 2, "padding": 2, "groups": 2},
     (1, 2, 7, 6), (4, 1, 3, 3), True),
    ("valid-string", {"padding": "valid", "stride": (1, 2)}, (1, 1, 5, 7), (2, 1, 2, 3), True),
]


def _quiet(fn: Callable[..., Any]) -> Callable[..., Any]:
    """PyTorch warns that 'same' with an even kernel copies the input: true, and not our concern."""

    def run(*args: Any) -> Any:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Using padding='same'")
            return fn(*args)

    return run


for _label, _kw, _xs, _ws, _bias in _CONV2D:
    if _bias:
        _row("conv2d", f"conv2d-{_label}",
             lambda x, w, b, kw=_kw: dt.conv2d(x, w, b, **kw),
             _quiet(lambda x, w, b, kw=_kw: F.conv2d(x, w, b, **kw)),
             normal(_xs, _ws, (_ws[0],)))
    else:
        _row("conv2d", f"conv2d-{_label}",
             lambda x, w, kw=_kw: dt.conv2d(x, w, **kw),
             lambda x, w, kw=_kw: F.conv2d(x, w, **kw),
             normal(_xs, _ws))
_row("conv2d", "conv2d-unbatched", lambda x, w, b: dt.conv2d(x, w, b, padding=1),
     lambda x, w, b: F.conv2d(x, w, b, padding=1), normal((2, 4, 4), (2, 2, 3, 3), (2,)))
_row("conv2d", "conv2d-padding-mode-reflect",
     lambda x, w, b: dt.conv2d(x, w, b, padding=(1, 2), padding_mode="reflect"),
     lambda x, w, b: F.conv2d(F.pad(x, (2, 2, 1, 1), mode="reflect"), w, b),
     normal((1, 2, 4, 5), (2, 2, 3, 3), (2,)))
_row("conv2d", "conv2d-padding-mode-replicate-stride2",
     lambda x, w: dt.conv2d(x, w, stride=2, padding=1, padding_mode="replicate"),
     lambda x, w: F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), w, stride=2),
     normal((1, 2, 5, 5), (2, 2, 2, 2)))

# --- conv1d -----------------------------------------------------------------------------------------

_CONV1D: list[tuple[str, dict[str, Any], tuple[int, ...], tuple[int, ...]]] = [
    ("basic", {}, (2, 3, 7), (4, 3, 3)),
    ("stride2-pad1", {"stride": 2, "padding": 1}, (2, 2, 9), (3, 2, 3)),
    ("same-dilation3", {"padding": "same", "dilation": 3}, (1, 2, 10), (2, 2, 3)),
    ("same-even-kernel", {"padding": "same"}, (1, 2, 9), (2, 2, 4)),
    ("groups2-dilation2", {"groups": 2, "dilation": 2}, (2, 4, 7), (4, 2, 2)),
]
for _label, _kw, _xs, _ws in _CONV1D:
    _row("conv1d", f"conv1d-{_label}",
         lambda x, w, b, kw=_kw: dt.conv1d(x, w, b, **kw),
         _quiet(lambda x, w, b, kw=_kw: F.conv1d(x, w, b, **kw)),
         normal(_xs, _ws, (_ws[0],)))
_row("conv1d", "conv1d-unbatched-no-bias", lambda x, w: dt.conv1d(x, w, stride=3),
     lambda x, w: F.conv1d(x, w, stride=3), normal((3, 11), (2, 3, 2)))

# --- conv_transpose2d -------------------------------------------------------------------------------

_CONVT: list[tuple[str, dict[str, Any], tuple[int, ...], tuple[int, ...]]] = [
    ("basic", {}, (1, 2, 3, 4), (2, 3, 2, 2)),
    ("stride2", {"stride": 2}, (1, 2, 3, 3), (2, 2, 3, 3)),
    ("stride2-pad1-output-padding1", {"stride": 2, "padding": 1, "output_padding": 1},
     (2, 2, 3, 3), (2, 1, 3, 3)),
    ("nonsquare-stride-dilation-output-padding",
     {"stride": (2, 3), "padding": (1, 0), "output_padding": (1, 2), "dilation": (1, 2)},
     (1, 2, 3, 2), (2, 2, 3, 2)),
    ("groups2-stride2", {"groups": 2, "stride": 2}, (1, 4, 2, 3), (4, 1, 2, 2)),
    # output_padding may reach the stride when it stays below the dilation (PyTorch's rule).
    ("dilation2-output-padding1", {"dilation": 2, "output_padding": 1}, (1, 2, 3, 3), (2, 2, 2, 2)),
]
for _label, _kw, _xs, _ws in _CONVT:
    _row("conv_transpose2d", f"conv_transpose2d-{_label}",
         lambda x, w, b, kw=_kw: dt.conv_transpose2d(x, w, b, **kw),
         lambda x, w, b, kw=_kw: F.conv_transpose2d(x, w, b, **kw),
         normal(_xs, _ws, (_ws[1] * _kw.get("groups", 1),)))
_row("conv_transpose2d", "conv_transpose2d-unbatched-no-bias",
     lambda x, w: dt.conv_transpose2d(x, w, stride=2, padding=1),
     lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1), normal((2, 3, 3), (2, 2, 3, 3)))

# --- pooling ----------------------------------------------------------------------------------------

_MAXPOOL: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    ("k2", {"kernel_size": 2}, (2, 2, 4, 5)),
    ("k3-s2-p1-odd", {"kernel_size": 3, "stride": 2, "padding": 1}, (1, 2, 5, 5)),
    ("nonsquare-dilation", {"kernel_size": (2, 3), "stride": 1, "dilation": (2, 1)}, (1, 2, 5, 6)),
    ("overlapping-stride1", {"kernel_size": 2, "stride": 1}, (1, 1, 5, 6)),
    ("unbatched-stride-pair", {"kernel_size": 3, "stride": (1, 2), "padding": (1, 0)}, (2, 4, 7)),
]
for _label, _kw, _xs in _MAXPOOL:
    _row("max_pool2d", f"max_pool2d-{_label}", lambda x, kw=_kw: dt.max_pool2d(x, **kw),
         lambda x, kw=_kw: F.max_pool2d(x, **kw), normal(_xs))

_AVGPOOL: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    ("k2", {"kernel_size": 2}, (2, 2, 4, 5)),
    ("k3-s2-p1-include-pad", {"kernel_size": 3, "stride": 2, "padding": 1}, (1, 2, 5, 5)),
    ("k3-s2-p1-exclude-pad", {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False},
     (1, 2, 5, 6)),
    ("nonsquare-stride1", {"kernel_size": (2, 3), "stride": 1}, (1, 2, 4, 5)),
    ("unbatched", {"kernel_size": 2, "stride": (1, 2), "padding": (1, 0)}, (2, 3, 5)),
]
for _label, _kw, _xs in _AVGPOOL:
    _row("avg_pool2d", f"avg_pool2d-{_label}", lambda x, kw=_kw: dt.avg_pool2d(x, **kw),
         lambda x, kw=_kw: F.avg_pool2d(x, **kw), normal(_xs))

for _label, _size, _xs in [
    ("shrink-uneven", (2, 3), (1, 2, 5, 7)),
    ("grow-overlapping", (4, 5), (1, 2, 3, 4)),
    ("int-size", 2, (2, 1, 5, 5)),
    ("none-keeps-dim", (3, None), (1, 2, 5, 4)),
]:
    _row("adaptive_avg_pool2d", f"adaptive_avg_pool2d-{_label}",
         lambda x, s=_size: dt.adaptive_avg_pool2d(x, s),
         lambda x, s=_size: F.adaptive_avg_pool2d(x, s), normal(_xs))

_row("global_avg_pool2d", "global_avg_pool2d-4d", dt.global_avg_pool2d,
     lambda x: x.mean(dim=(-2, -1)), normal((2, 3, 3, 3)))
_row("global_avg_pool2d", "global_avg_pool2d-unbatched", dt.global_avg_pool2d,
     lambda x: F.adaptive_avg_pool2d(x, 1).flatten(), normal((3, 4, 5)))
_row("global_max_pool2d", "global_max_pool2d-4d", dt.global_max_pool2d,
     lambda x: x.amax(dim=(-2, -1)), normal((2, 3, 3, 3)))

# --- upscale2d --------------------------------------------------------------------------------------

_UPSCALE: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    ("nearest-scale2", {"scale_factor": 2}, (1, 2, 3, 4)),
    ("nearest-size-uneven", {"size": (5, 7)}, (1, 2, 3, 4)),
    ("nearest-downscale", {"size": (2, 3)}, (1, 1, 5, 7)),
    ("nearest-fractional-scale", {"scale_factor": (1.5, 2.5)}, (2, 1, 3, 3)),
    ("bilinear-size", {"size": (5, 7), "mode": "bilinear"}, (1, 2, 3, 4)),
    ("bilinear-scale2", {"scale_factor": 2, "mode": "bilinear"}, (1, 2, 3, 3)),
    ("bilinear-fractional-scale", {"scale_factor": 1.7, "mode": "bilinear"}, (1, 1, 4, 5)),
    ("bilinear-align-corners", {"size": (4, 7), "mode": "bilinear", "align_corners": True},
     (1, 2, 3, 4)),
    ("bilinear-downscale", {"size": (3, 2), "mode": "bilinear"}, (1, 2, 5, 6)),
]
for _label, _kw, _xs in _UPSCALE:
    _row("upscale2d", f"upscale2d-{_label}", lambda x, kw=_kw: dt.upscale2d(x, **kw),
         lambda x, kw=_kw: F.interpolate(x, **kw), normal(_xs))

# --- pad --------------------------------------------------------------------------------------------

_PAD: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    ("constant-last-dim", {"pad": (1, 2)}, (2, 3, 4)),
    ("constant-value-3-dims", {"pad": (1, 0, 0, 2, 1, 1), "value": -1.5}, (2, 3, 3)),
    ("reflect-2d", {"pad": (1, 2, 2, 1), "mode": "reflect"}, (1, 2, 4, 4)),
    ("reflect-1d-wide", {"pad": (3, 2), "mode": "reflect"}, (2, 2, 5)),
    ("replicate-2d-asymmetric", {"pad": (3, 0, 1, 2), "mode": "replicate"}, (1, 2, 3, 4)),
    ("replicate-1d", {"pad": (2, 4), "mode": "replicate"}, (2, 1, 3)),
]
for _label, _kw, _xs in _PAD:
    _row("pad", f"pad-{_label}", lambda x, kw=_kw: dt.pad(x, **kw), lambda x, kw=_kw: F.pad(x, **kw),
         normal(_xs))

# --- index tensors in __getitem__ -------------------------------------------------------------------

_row("getitem", "getitem-tensor-int-array-repeats", lambda x, i: x[i], lambda x, i: x[i],
     _fixed_index((4, 3), [0, 3, 3, -1, 0]))
_row("getitem", "getitem-tensor-embedding-lookup", lambda t, i: t[i], lambda t, i: t[i],
     _with_index((6, 4), (2, 3), 0, 6), note="table (6, 4) indexed by (2, 3) ids -> (2, 3, 4)")
_row("getitem", "getitem-tensor-two-arrays-broadcast", lambda x, i, j: x[i, :, j],
     lambda x, i, j: x[i, :, j], _fixed_index((3, 2, 4), [[0], [2]], [1, 3, 3]))
_row("getitem", "getitem-tensor-adjacent-after-slice", lambda x, i, j: x[:, i, j],
     lambda x, i, j: x[:, i, j], _fixed_index((2, 3, 4), [0, 2, 2], [[3], [0]]))
_row("getitem", "getitem-tensor-bool-mask", lambda x, m: x[:, m], lambda x, m: x[:, m],
     _fixed_index((2, 3, 4), [[True, False, True, True], [False, False, True, False],
                              [True, True, False, True]]))
_row("getitem", "getitem-tensor-mask-from-comparison", lambda x: x[x > 0], lambda x: x[x > 0],
     normal((3, 4)))
_row("getitem", "getitem-tensor-with-none-and-ellipsis", lambda x, i: x[None, ..., i],
     lambda x, i: x[None, ..., i], _fixed_index((2, 3, 4), [3, 0]))

# --- gather / select / take_along_axis / embedding ----------------------------------------------------

_row("gather", "gather-axis1", lambda x, i: dt.gather(x, 1, i), lambda x, i: torch.gather(x, 1, i),
     _with_index((3, 4), (3, 6), 0, 4))
_row("gather", "gather-axis0-smaller-index", lambda x, i: x.gather(0, i),
     lambda x, i: x.gather(0, i), _with_index((4, 3, 2), (2, 2, 2), 0, 4))
_row("gather", "gather-negative-axis", lambda x, i: dt.gather(x, -1, i),
     lambda x, i: torch.gather(x, -1, i), _with_index((2, 3, 5), (2, 3, 2), 0, 5))
_row("select", "select-axis0-repeats", lambda x, i: dt.select(x, 0, i),
     lambda x, i: torch.index_select(x, 0, i), _fixed_index((4, 3), [2, 0, 2, 3]))
_row("select", "select-axis1", lambda x, i: dt.select(x, 1, i),
     lambda x, i: torch.index_select(x, 1, i), _with_index((3, 5, 2), (4,), 0, 5))
_row("select", "select-2d-index", lambda x, i: dt.select(x, -1, i), lambda x, i: x[..., i],
     _with_index((3, 5), (2, 3), 0, 5), note="a 2-d index replaces the axis by its dims (np.take)")
_row("take_along_axis", "take_along_axis-last", lambda x, i: dt.take_along_axis(x, i, -1),
     lambda x, i: torch.take_along_dim(x, i, -1), _with_index((3, 4), (3, 6), 0, 4))
_row("take_along_axis", "take_along_axis-broadcast", lambda x, i: dt.take_along_axis(x, i, 1),
     lambda x, i: torch.take_along_dim(x, i, 1), _with_index((2, 5, 3), (2, 4, 1), 0, 5))
_row("take_along_axis", "take_along_axis-input-broadcast", lambda x, i: dt.take_along_axis(x, i, 1),
     lambda x, i: torch.take_along_dim(x, i, 1), _with_index((1, 5), (3, 2), 0, 5))
_row("embedding", "embedding-2d-ids", dt.embedding, F.embedding, _index_then_float((2, 3), 7, (7, 4)))
_row("embedding", "embedding-repeated-ids", dt.embedding, F.embedding,
     lambda rng: [np.array([1, 1, 4, 1]), rng.standard_normal((5, 3))])

# --- where and comparisons --------------------------------------------------------------------------


def _cond_inputs(cond_shape: tuple[int, ...], *shapes: tuple[int, ...]) -> Inputs:
    return lambda rng: [rng.standard_normal(cond_shape) > 0, *(rng.standard_normal(s) for s in shapes)]


_row("where", "where-same-shape", dt.where, torch.where, _cond_inputs((3, 4), (3, 4), (3, 4)))
_row("where", "where-broadcast", dt.where, torch.where, _cond_inputs((3, 1), (3, 4), (4,)))
_row("where", "where-scalar-y", lambda c, x: dt.where(c, x, 0.0), lambda c, x: torch.where(c, x, 0.0),
     _cond_inputs((2, 3), (2, 3)))
_row("where", "where-scalar-x-mask-from-comparison", lambda x: dt.where(x > 0.5, -1.0, x),
     lambda x: torch.where(x > 0.5, -1.0, x), normal((3, 4)))

_COMPARISONS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("lt", lambda a, b: a < b), ("le", lambda a, b: a <= b), ("gt", lambda a, b: a > b),
    ("ge", lambda a, b: a >= b), ("eq", lambda a, b: a == b), ("ne", lambda a, b: a != b),
]
_NO_GRAD = "a comparison has no gradient by nature (bool result, never traced)"
for _name, _fn in _COMPARISONS:
    _row(_name, f"{_name}-operator-broadcast", _fn, _fn, integers((3, 4), (4,)), gradcheck=False,
         note=_NO_GRAD)
    _row(_name, f"{_name}-scalar-right", lambda a, fn=_fn: fn(a, 1.0), lambda a, fn=_fn: fn(a, 1.0),
         integers((2, 3)), gradcheck=False, note=_NO_GRAD)
    _row(_name, f"{_name}-fn-scalar-left", lambda a, name=_name: getattr(dt, name)(1.0, a),
         lambda a, name=_name: getattr(torch, name)(torch.tensor(1.0, dtype=a.dtype), a),
         integers((2, 3)), gradcheck=False, note=_NO_GRAD)

# --- tril / triu / roll -----------------------------------------------------------------------------

for _d in (0, 1, -1):
    _row("tril", f"tril-diagonal{_d}", lambda x, d=_d: dt.tril(x, d), lambda x, d=_d: torch.tril(x, d),
         normal((2, 3, 4)))
    _row("triu", f"triu-diagonal{_d}", lambda x, d=_d: x.triu(d), lambda x, d=_d: x.triu(d),
         normal((4, 3)))
_row("roll", "roll-one-axis", lambda x: dt.roll(x, 2, 1), lambda x: torch.roll(x, 2, 1), normal((3, 4)))
_row("roll", "roll-two-axes-negative", lambda x: x.roll((1, -2), (0, 2)),
     lambda x: torch.roll(x, (1, -2), (0, 2)), normal((2, 3, 4)))
_row("roll", "roll-flattened", lambda x: x.roll(5), lambda x: torch.roll(x, 5), normal((3, 4)))

# --- one_hot / argmax / argmin (no gradient by nature) -----------------------------------------------

_row("one_hot", "one_hot-2d", lambda i: dt.one_hot(i, 5), lambda i: F.one_hot(i, 5).float(),
     lambda rng: [rng.integers(0, 5, (3, 4))], gradcheck=False,
     note="integer input: one_hot has no gradient by nature")
_row("one_hot", "one_hot-used-in-a-loss", lambda i, x: (dt.one_hot(i, 4) * x).sum(axis=-1),
     lambda i, x: (F.one_hot(i, 4).float().to(x.dtype) * x).sum(dim=-1),
     _index_then_float((3,), 4, (3, 4)), note="the gradient reaches x through the one-hot mask")
_ARG_NOTE = "argmax/argmin return int64 indices: no gradient by nature"
_row("argmax", "argmax-axis1", lambda x: x.argmax(1), lambda x: x.argmax(1), normal((3, 4)),
     gradcheck=False, note=_ARG_NOTE)
_row("argmax", "argmax-flattened", dt.argmax, torch.argmax, normal((3, 4)), gradcheck=False,
     note=_ARG_NOTE)
_row("argmax", "argmax-keepdims-ties-first", lambda x: dt.argmax(x, -1, keepdims=True),
     lambda x: torch.argmax(x, -1, keepdim=True), integers((4, 5)), gradcheck=False,
     note=_ARG_NOTE + "; ties resolve to the first index, as PyTorch on CPU")
_row("argmin", "argmin-axis0", lambda x: x.argmin(0), lambda x: x.argmin(0), normal((3, 4)),
     gradcheck=False, note=_ARG_NOTE)
_row("argmin", "argmin-keepdims", lambda x: dt.argmin(x, 1, keepdims=True),
     lambda x: torch.argmin(x, 1, keepdim=True), normal((2, 3, 4)), gradcheck=False, note=_ARG_NOTE)

# --- dropout ----------------------------------------------------------------------------------------

_DROP_P = 0.4


def _drop_mask(shape: tuple[int, ...]) -> np.ndarray:
    # The mask dt.dropout draws from this generator (keep where uniform >= p).
    return np.random.default_rng(3).random(shape) >= _DROP_P


_row("dropout", "dropout-traced-seeded",
     lambda x: dt.dropout(x.trace(), _DROP_P, rng=np.random.default_rng(3)),
     lambda x: x * torch.from_numpy(_drop_mask(tuple(x.shape))).to(x.dtype) / (1 - _DROP_P),
     normal((4, 5)),
     note="PyTorch's RNG differs, so the PyTorch side applies the same numpy mask: this checks "
          "the inverted 1/(1-p) scaling and the gradient routing; mask statistics are tested in "
          "test_vision_ops.py")
_row("dropout", "dropout-untraced-is-identity", lambda x: dt.dropout(x.detach(), 0.5),
     lambda x: F.dropout(x, 0.5, training=False), normal((3, 4)), gradcheck=False,
     note="an untraced input means inference: the identity, with nothing to differentiate")
_row("dropout", "dropout-p1-drops-everything", lambda x: dt.dropout(x.trace(), 1.0),
     lambda x: F.dropout(x, 1.0, training=True), normal((3, 4)), gradcheck=False,
     note="p=1 zeroes everything: the gradient is identically 0")

# --- einsum -----------------------------------------------------------------------------------------

_EINSUM: list[tuple[str, str, list[tuple[int, ...]]]] = [
    ("batched-matmul", "bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("implicit-output", "bij,bjk", [(2, 3, 4), (2, 4, 2)]),
    ("implicit-uppercase-first", "Ab,bc", [(2, 3), (3, 4)]),
    ("trace", "ii", [(4, 4)]),
    ("diagonal", "ii->i", [(4, 4)]),
    ("repeated-in-3d", "iij->ji", [(3, 3, 2)]),
    ("sum-over-letters", "bij->j", [(2, 3, 4)]),
    ("outer", "i,j->ij", [(4,), (5,)]),
    ("permute", "ijk->kji", [(2, 3, 4)]),
    ("ellipsis-matmul", "...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]),
    ("ellipsis-broadcast", "...ij,...jk->...ik", [(2, 3, 4), (1, 4, 5)]),
    ("ellipsis-implicit", "...ij", [(2, 2, 3, 4)]),
    ("three-operands", "bij,bjk,k->bi", [(2, 3, 4), (2, 4, 5), (5,)]),
    ("diagonal-times-batch", "ii,bij->bj", [(3, 3), (2, 3, 3)]),
    ("letter-only-in-one-operand", "ij,k->ik", [(3, 4), (5,)]),
    ("attention-scores", "bhqd,bhkd->bhqk", [(1, 2, 3, 4), (1, 2, 2, 4)]),
]
for _label, _subs, _shapes in _EINSUM:
    _row("einsum", f"einsum-{_label}", lambda *xs, s=_subs: dt.einsum(s, *xs),
         lambda *xs, s=_subs: torch.einsum(s, *xs), normal(*_shapes))
