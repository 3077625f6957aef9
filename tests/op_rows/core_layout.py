"""Op rows for creation, shape ops, matmul, concat/stack/split and basic indexing."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

import dfdx_typed as dt

from . import OpRow
from ._gen import none, normal

ROWS: list[OpRow] = []


def _row(op: str, label: str, dt_fn: Any, torch_fn: Any, inputs: Any, **kw: Any) -> None:
    ROWS.append(OpRow(op, label, dt_fn, torch_fn, inputs, **kw))


# --- creation: forward (values, shape, dtype) against PyTorch; nothing to differentiate ------------

_CREATION = "a constructor: its inputs are Python values, there is nothing to differentiate"


def _create(op: str, label: str, dt_fn: Any, torch_fn: Any, **kw: Any) -> None:
    _row(op, label, dt_fn, torch_fn, kw.pop("inputs", none()), gradcheck=False,
         note=kw.pop("note", _CREATION), **kw)


_create("tensor", "tensor-floats", lambda: dt.tensor([[1.5, -2.0], [3.0, 4.25]]),
        lambda: torch.tensor([[1.5, -2.0], [3.0, 4.25]]))
_create("tensor", "tensor-ints", lambda: dt.tensor([[1, 2, 3]]), lambda: torch.tensor([[1, 2, 3]]))
_create("tensor", "tensor-bools", lambda: dt.tensor([True, False]),
        lambda: torch.tensor([True, False]))
_create("tensor", "tensor-scalar-float64", lambda: dt.tensor(2.5, dtype=dt.float64),
        lambda: torch.tensor(2.5, dtype=torch.float64))
_create("tensor", "tensor-mixed-int-float", lambda: dt.tensor([1, 2.5]),
        lambda: torch.tensor([1, 2.5]))
_create("tensor", "tensor-empty", lambda: dt.tensor([]), lambda: torch.tensor([]))
_create("tensor", "tensor-empty-nested", lambda: dt.tensor([[], []]), lambda: torch.tensor([[], []]))
_create("tensor", "tensor-bool-and-int", lambda: dt.tensor([True, 2]), lambda: torch.tensor([True, 2]))
_create("from_numpy", "from_numpy-float", lambda x: dt.from_numpy(x.numpy()),
        lambda x: torch.from_numpy(x.numpy()), inputs=normal((2, 3)))
_create("from_numpy", "from_numpy-int64", lambda x: dt.from_numpy(x.numpy()),
        lambda x: torch.from_numpy(x.numpy()),
        inputs=lambda rng: [rng.integers(-5, 5, (2, 3))])
_create("zeros", "zeros-tuple", lambda: dt.zeros((2, 3)), lambda: torch.zeros(2, 3))
_create("zeros", "zeros-int-float64", lambda: dt.zeros(4, dtype=dt.float64),
        lambda: torch.zeros(4, dtype=torch.float64))
_create("zeros", "zeros-0d", lambda: dt.zeros(()), lambda: torch.zeros(()))
_create("ones", "ones-tuple", lambda: dt.ones((3, 1, 2)), lambda: torch.ones(3, 1, 2))
_create("ones", "ones-float64", lambda: dt.ones((2,), dtype=dt.float64),
        lambda: torch.ones(2, dtype=torch.float64))
_create("full", "full-float", lambda: dt.full((2, 2), 1.5), lambda: torch.full((2, 2), 1.5))
_create("full", "full-int", lambda: dt.full((3,), 7), lambda: torch.full((3,), 7))
_create("full", "full-bool", lambda: dt.full((2,), True), lambda: torch.full((2,), True))
_create("full", "full-dtype", lambda: dt.full((2,), 3, dtype=dt.float64),
        lambda: torch.full((2,), 3, dtype=torch.float64))
_create("arange", "arange-stop", lambda: dt.arange(5), lambda: torch.arange(5))
_create("arange", "arange-start-stop-step", lambda: dt.arange(1, 8, 2),
        lambda: torch.arange(1, 8, 2))
_create("arange", "arange-float-step", lambda: dt.arange(0, 1, 0.25),
        lambda: torch.arange(0, 1, 0.25))
_create("arange", "arange-negative-float-step", lambda: dt.arange(5, 0, -1.5),
        lambda: torch.arange(5, 0, -1.5))
_create("arange", "arange-negative-int-step", lambda: dt.arange(5, 0, -2),
        lambda: torch.arange(5, 0, -2))
_create("arange", "arange-float-stop-only", lambda: dt.arange(2.5), lambda: torch.arange(2.5))
_create("arange", "arange-empty", lambda: dt.arange(0), lambda: torch.arange(0))
_create("eye", "eye-square", lambda: dt.eye(3), lambda: torch.eye(3))
_create("eye", "eye-rect-float64", lambda: dt.eye(2, 4, dtype=dt.float64),
        lambda: torch.eye(2, 4, dtype=torch.float64))

# rand/randn draw from different generators than PyTorch's, so the rows compare the distribution:
# mean, variance, min, max of 100,000 samples (rand), mean, variance and third moment (randn).
# Standard errors: 0.001 (mean), 0.0003/0.0045 (variance), 0.012 (third moment); atol is >= 4
# standard errors of a difference of two samples, and the seeds are fixed.
_N = 100_000


def _dt_moments(t: dt.Tensor[Any, Any], extremes: bool) -> dt.Tensor[Any, Any]:
    last = [t.min(), t.max()] if extremes else [(t * t * t).mean()]
    return dt.stack([t.mean(), t.var(), *last])


def _torch_moments(t: Any, extremes: bool) -> Any:
    last = [t.min(), t.max()] if extremes else [(t**3).mean()]
    return torch.stack([t.mean(), t.var(correction=0), *last])


_MOMENTS = "samples differ from PyTorch's generator; moments agree within >= 4 standard errors"
_create("rand", "rand-moments",
        lambda: _dt_moments(dt.rand((_N,), rng=np.random.default_rng(1)), True),
        lambda: _torch_moments(torch.rand(_N, generator=torch.Generator().manual_seed(1)), True),
        atol=0.01, rtol=0.0, note=_CREATION + "; " + _MOMENTS)
_create("rand", "rand-shape-float64", lambda: dt.rand((2, 3), dtype=dt.float64).sum() * 0.0,
        lambda: torch.rand(2, 3, dtype=torch.float64).sum() * 0.0,
        note=_CREATION + "; shape and dtype only (values differ by generator)")
_create("randn", "randn-moments",
        lambda: _dt_moments(dt.randn((_N,), rng=np.random.default_rng(2)), False),
        lambda: _torch_moments(torch.randn(_N, generator=torch.Generator().manual_seed(2)), False),
        atol=0.06, rtol=0.0, note=_CREATION + "; " + _MOMENTS)

# --- shape ops -----------------------------------------------------------------------------------

_row("broadcast_to", "broadcast_to-new-leading", lambda x: x.broadcast_to((2, 3)),
     lambda x: x.expand(2, 3), normal((3,)))
_row("broadcast_to", "broadcast_to-size-1", lambda x: dt.broadcast_to(x, (2, 4)),
     lambda x: x.expand(2, 4), normal((2, 1)))
_row("broadcast_to", "broadcast_to-both", lambda x: x.broadcast_to((4, 2, 3)),
     lambda x: x.expand(4, 2, 3), normal((1, 3)))
_row("broadcast_to", "broadcast_to-0d", lambda x: x.broadcast_to((2, 2)),
     lambda x: x.expand(2, 2), normal(()))
_row("permute", "permute-2d", lambda x: x.permute(1, 0), lambda x: x.permute(1, 0), normal((2, 3)))
_row("permute", "permute-3d", lambda x: dt.permute(x, 2, 0, 1), lambda x: x.permute(2, 0, 1),
     normal((2, 3, 4)))
_row("permute", "permute-negative", lambda x: x.permute(-1, 0, -2),
     lambda x: x.permute(-1, 0, -2), normal((2, 3, 4)))
_row("permute", "permute-T-3d", lambda x: x.T, lambda x: x.permute(2, 1, 0), normal((2, 3, 4)))
_row("permute", "permute-T-2d", lambda x: x.T, lambda x: x.T, normal((2, 3)))
_row("transpose", "transpose-3d", lambda x: x.transpose(0, 2), lambda x: x.transpose(0, 2),
     normal((2, 3, 4)))
_row("transpose", "transpose-negative", lambda x: dt.transpose(x, -1, -3),
     lambda x: torch.transpose(x, -1, -3), normal((2, 3, 4)))
_row("transpose", "transpose-same-axis", lambda x: x.transpose(1, 1), lambda x: x.transpose(1, 1),
     normal((2, 3)))
_row("mT", "mT-2d", lambda x: x.mT, lambda x: x.mT, normal((2, 3)))
_row("mT", "mT-batched", lambda x: dt.matrix_transpose(x), lambda x: x.mT, normal((2, 3, 4)))
_row("reshape", "reshape-flat-minus-1", lambda x: x.reshape((-1,)), lambda x: x.reshape(-1),
     normal((3, 4)))
_row("reshape", "reshape-middle-minus-1", lambda x: x.reshape((2, -1, 3)),
     lambda x: x.reshape(2, -1, 3), normal((3, 4)))
_row("reshape", "reshape-explicit", lambda x: dt.reshape(x, (6, 4)), lambda x: x.reshape(6, 4),
     normal((2, 3, 4)))
_row("reshape", "reshape-to-0d", lambda x: x.reshape(()), lambda x: x.reshape(()), normal((1, 1)))
_row("reshape", "reshape-from-0d", lambda x: x.reshape((1, 1)), lambda x: x.reshape(1, 1),
     normal(()))
_row("flatten", "flatten-all", lambda x: x.flatten(), lambda x: x.flatten(), normal((2, 3, 4)))
_row("flatten", "flatten-start-1", lambda x: x.flatten(1), lambda x: x.flatten(1),
     normal((2, 3, 4)))
_row("flatten", "flatten-start-end", lambda x: dt.flatten(x, 0, 1),
     lambda x: torch.flatten(x, 0, 1), normal((2, 3, 4)))
_row("flatten", "flatten-negative-end", lambda x: x.flatten(1, -2), lambda x: x.flatten(1, -2),
     normal((2, 3, 4, 2)))
_row("flatten", "flatten-0d", lambda x: x.flatten(), lambda x: x.flatten(), normal(()))
_row("squeeze", "squeeze-all", lambda x: x.squeeze(), lambda x: x.squeeze(), normal((1, 3, 1, 2)))
_row("squeeze", "squeeze-axis", lambda x: x.squeeze(0), lambda x: x.squeeze(0),
     normal((1, 3, 1, 2)))
_row("squeeze", "squeeze-negative-axis", lambda x: dt.squeeze(x, -2),
     lambda x: torch.squeeze(x, -2), normal((1, 3, 1, 2)))
_row("squeeze", "squeeze-tuple", lambda x: x.squeeze((0, 2)), lambda x: x.squeeze((0, 2)),
     normal((1, 3, 1, 2)))
_row("unsqueeze", "unsqueeze-0", lambda x: x.unsqueeze(0), lambda x: x.unsqueeze(0),
     normal((2, 3)))
_row("unsqueeze", "unsqueeze-negative", lambda x: dt.unsqueeze(x, -1),
     lambda x: torch.unsqueeze(x, -1), normal((2, 3)))
_row("unsqueeze", "unsqueeze-tuple", lambda x: x.unsqueeze((0, 2)),
     lambda x: x.unsqueeze(0).unsqueeze(2), normal((2, 3)))
_row("unsqueeze", "unsqueeze-0d", lambda x: x.unsqueeze(0), lambda x: x.unsqueeze(0), normal(()))
_row("realize", "realize-same-shape", lambda x: x.realize((2, 3)) * 1.5, lambda x: x * 1.5,
     normal((2, 3)))
_row("realize", "realize-fn-0d", lambda x: dt.realize(x, ()), lambda x: x, normal(()))

# --- matmul: numpy semantics ---------------------------------------------------------------------

for _label, _a, _b in [
    ("2d-2d", (2, 3), (3, 4)),
    ("1d-2d", (3,), (3, 4)),
    ("2d-1d", (2, 3), (3,)),
    ("1d-1d", (3,), (3,)),
    ("batched-3d-3d", (2, 2, 3), (2, 3, 4)),
    ("batched-3d-2d", (2, 2, 3), (3, 4)),
    ("batched-2d-3d", (2, 3), (2, 3, 4)),
    ("broadcast-batch", (2, 1, 2, 3), (3, 3, 2)),
    ("batched-1d-3d", (3,), (2, 3, 2)),
    ("batched-3d-1d", (2, 2, 3), (3,)),
]:
    _row("matmul", f"matmul-{_label}", lambda a, b: a @ b, lambda a, b: a @ b, normal(_a, _b))
# Transposed views (F-ordered memory, as a PyTorch-layout weight used as ``w.T``), alone and
# against a batched operand.
for _label, _a, _b, _dt_fn, _torch_fn in [
    ("transposed-left", (3, 2), (3, 4), lambda a, b: a.T @ b, lambda a, b: a.T @ b),
    ("transposed-right", (2, 3), (4, 3), lambda a, b: a @ b.T, lambda a, b: a @ b.T),
    ("transposed-both", (3, 2), (4, 3), lambda a, b: a.T @ b.T, lambda a, b: a.T @ b.T),
    ("transposed-left-batched-right", (3, 2), (2, 3, 4), lambda a, b: a.T @ b,
     lambda a, b: a.T @ b),
    ("batched-left-transposed-right", (2, 2, 3), (4, 3), lambda a, b: a @ b.T,
     lambda a, b: a @ b.T),
    ("transposed-left-1d-right", (3, 2), (3,), lambda a, b: a.T @ b, lambda a, b: a.T @ b),
    ("1d-left-transposed-right", (3,), (4, 3), lambda a, b: a @ b.T, lambda a, b: a @ b.T),
]:
    _row("matmul", f"matmul-{_label}", _dt_fn, _torch_fn, normal(_a, _b))
_row("matmul", "matmul-fn-same-operand", lambda a: dt.matmul(a, a), lambda a: torch.matmul(a, a),
     normal((3, 3)))

# --- concat / stack / split ----------------------------------------------------------------------

_row("concat", "concat-axis-0", lambda a, b: dt.concat([a, b]), lambda a, b: torch.cat([a, b]),
     normal((2, 3), (1, 3)))
_row("concat", "concat-axis-1-three", lambda a, b, c: dt.concat((a, b, c), axis=1),
     lambda a, b, c: torch.cat((a, b, c), dim=1), normal((2, 1), (2, 3), (2, 2)))
_row("concat", "concat-negative-axis", lambda a, b: dt.concat([a, b], axis=-2),
     lambda a, b: torch.cat([a, b], dim=-2), normal((2, 1, 3), (2, 2, 3)))
_row("concat", "concat-single", lambda a: dt.concat([a], axis=1), lambda a: torch.cat([a], dim=1),
     normal((2, 3)))
_row("concat", "concat-same-tensor", lambda a: dt.concat([a, a * 2.0]),
     lambda a: torch.cat([a, a * 2.0]), normal((2, 2)))
_row("stack", "stack-axis-0", lambda a, b: dt.stack([a, b]), lambda a, b: torch.stack([a, b]),
     normal((3,), (3,)))
_row("stack", "stack-axis-neg", lambda a, b: dt.stack([a, b], axis=-1),
     lambda a, b: torch.stack([a, b], dim=-1), normal((2, 3), (2, 3)))
_row("stack", "stack-axis-1-three", lambda a, b, c: dt.stack([a, b, c], axis=1),
     lambda a, b, c: torch.stack([a, b, c], dim=1), normal((2, 2), (2, 2), (2, 2)))
_row("stack", "stack-0d", lambda a, b: dt.stack([a, b]), lambda a, b: torch.stack([a, b]),
     normal((), ()))


def _pieces_dt(parts: list[dt.Tensor[Any, Any]]) -> dt.Tensor[Any, Any]:
    # Weight each piece differently so a gradient routed to the wrong piece shows.
    return dt.concat([p.flatten() * float(i + 1) for i, p in enumerate(parts)])


def _pieces_torch(parts: Any) -> Any:
    return torch.cat([p.flatten() * float(i + 1) for i, p in enumerate(parts)])


_row("split", "split-size-remainder", lambda x: _pieces_dt(dt.split(x, 2)),
     lambda x: _pieces_torch(torch.split(x, 2)), normal((5, 2)))
_row("split", "split-sections", lambda x: _pieces_dt(dt.split(x, [1, 3], axis=1)),
     lambda x: _pieces_torch(torch.split(x, [1, 3], dim=1)), normal((2, 4)))
_row("split", "split-negative-axis", lambda x: _pieces_dt(dt.split(x, [2, 0, 1], axis=-1)),
     lambda x: _pieces_torch(torch.split(x, [2, 0, 1], dim=-1)), normal((2, 2, 3)))
_row("split", "split-size-larger-than-axis", lambda x: _pieces_dt(dt.split(x, 5)),
     lambda x: _pieces_torch(torch.split(x, 5)), normal((3, 2)))

# --- getitem: basic indexing (PyTorch has no negative steps: the rows flip instead) ----------------

for _label, _index_fn, _torch_index_fn, _shape in [
    ("int", lambda x: x[1], lambda x: x[1], (3, 4)),
    ("negative-int", lambda x: x[-1], lambda x: x[-1], (3, 4)),
    ("int-int-0d", lambda x: x[1, -2], lambda x: x[1, -2], (3, 4)),
    ("slice", lambda x: x[1:3], lambda x: x[1:3], (4, 3)),
    ("slice-step", lambda x: x[::2, 1::2], lambda x: x[::2, 1::2], (5, 4)),
    ("negative-bounds", lambda x: x[-3:-1, :-1], lambda x: x[-3:-1, :-1], (4, 3)),
    ("negative-step", lambda x: x[::-1], lambda x: x.flip(0), (4, 3)),
    ("negative-step-2-bounds", lambda x: x[:, 4:0:-2], lambda x: x.flip(1)[:, 1:5:2], (2, 6)),
    ("none", lambda x: x[None], lambda x: x[None], (2, 3)),
    ("none-middle", lambda x: x[:, None], lambda x: x[:, None], (2, 3)),
    ("ellipsis", lambda x: x[..., 1], lambda x: x[..., 1], (2, 3, 4)),
    ("ellipsis-none-slice", lambda x: x[0, ..., None, 1:], lambda x: x[0, ..., None, 1:],
     (2, 3, 4)),
    ("empty-slice", lambda x: dt.concat([x[2:1], x[:1]]), lambda x: torch.cat([x[2:1], x[:1]]),
     (3, 2)),
    ("slice-past-end", lambda x: x[1:10], lambda x: x[1:10], (3, 2)),
    ("fn-form-tuple", lambda x: dt.getitem(x, (slice(None), 0)), lambda x: x[:, 0], (3, 2)),
]:
    _row("getitem", f"getitem-{_label}", _index_fn, _torch_index_fn, normal(_shape))
_row("getitem", "getitem-twice-same-tensor", lambda x: x[0] * x[1], lambda x: x[0] * x[1],
     normal((2, 3)))
