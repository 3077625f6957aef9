"""Every shape rule's run-time error, through the public ops, with its full message pinned.

The same rules (and so the same messages) back the mypy plugin; a change to a message must be a
deliberate change to this file. Messages name the op, the argument and the shapes involved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import dfdx_typed as dt

o = dt.ones

CASES = [
    pytest.param(
        lambda: o((4, 3)) + o((4,)), 'shape',
        'add: shapes (4, 3) and (4,) do not broadcast: 3 != 4 at dim -1',
        id='broadcast-shape',
    ),
    pytest.param(
        lambda: o((3,)) - o((3, 1)), 'broadcast',
        'sub: broadcast expands both operands: (3,) and (3, 1) give (3, 3); if that is intended, '
        'broadcast_to((3, 3)) one of them explicitly',
        id='broadcast-two-sided',
    ),
    pytest.param(
        lambda: dt.maximum(o((1, 3)), o((2, 1))), 'broadcast',
        'maximum: broadcast expands both operands: (1, 3) and (2, 1) give (2, 3); if that is '
        'intended, broadcast_to((2, 3)) one of them explicitly',
        id='broadcast-two-sided-maximum',
    ),
    pytest.param(
        lambda: o((2, 3)).broadcast_to((3,)), 'shape',
        'broadcast_to: cannot broadcast (2, 3) to (3,): rank 2 > rank 1',
        id='broadcast_to-rank',
    ),
    pytest.param(
        lambda: o((2, 3)).broadcast_to((4, 3, 2)), 'shape',
        'broadcast_to: cannot broadcast (2, 3) to (4, 3, 2): 2 != 3 at dim -2',
        id='broadcast_to-dim',
    ),
    pytest.param(
        lambda: o((2, 3)).sum(axis=2), 'shape',
        'sum: axis 2 is out of range for (2, 3) (rank 2)',
        id='sum-axis-range',
    ),
    pytest.param(
        lambda: o((2, 3)).sum(axis=-3), 'shape',
        'sum: axis -3 is out of range for (2, 3) (rank 2)',
        id='sum-axis-neg-range',
    ),
    pytest.param(
        lambda: o((2, 3)).mean(axis=(0, -2)), 'shape',
        'mean: repeated axis in (0, -2) for (2, 3)',
        id='mean-repeat',
    ),
    pytest.param(
        lambda: o((2, 3)).max(axis=(0, 5)), 'shape',
        'max: axis 5 is out of range for (2, 3) (rank 2)',
        id='max-range',
    ),
    pytest.param(
        lambda: o((2, 3)).var(axis=3), 'shape',
        'var: axis 3 is out of range for (2, 3) (rank 2)',
        id='var-range',
    ),
    pytest.param(
        lambda: o((2,3)).std(axis=(1,1)), 'shape',
        'std: repeated axis in (1, 1) for (2, 3)',
        id='std-repeat',
    ),
    pytest.param(
        lambda: o((2,)).logsumexp(axis=1), 'shape',
        'logsumexp: axis 1 is out of range for (2,) (rank 1)',
        id='logsumexp-range',
    ),
    pytest.param(
        lambda: o(()).min(axis=0), 'shape',
        'min: axis 0 is out of range for () (rank 0)',
        id='min-0d',
    ),
    pytest.param(
        lambda: o((2, 3)).softmax(axis=2), 'shape',
        'softmax: axis 2 is out of range for (2, 3) (rank 2)',
        id='softmax-range',
    ),
    pytest.param(
        lambda: o((2, 3)).log_softmax(axis=-3), 'shape',
        'log_softmax: axis -3 is out of range for (2, 3) (rank 2)',
        id='log_softmax-range',
    ),
    pytest.param(
        lambda: o((2, 3)).normalize(axis=4), 'shape',
        'normalize: axis 4 is out of range for (2, 3) (rank 2)',
        id='normalize-range',
    ),
    pytest.param(
        lambda: o((2, 3, 4)).permute(0, 1), 'shape',
        'permute: expected 3 axes for (2, 3, 4), got 2: (0, 1)',
        id='permute-count',
    ),
    pytest.param(
        lambda: o((2, 3)).permute(0, 0), 'shape',
        'permute: (0, 0) is not a permutation of the axes of (2, 3)',
        id='permute-dup',
    ),
    pytest.param(
        lambda: o((2, 3)).permute(0, 2), 'shape',
        'permute: axis 2 is out of range for (2, 3) (rank 2)',
        id='permute-range',
    ),
    pytest.param(
        lambda: o((2, 3)).transpose(0, 2), 'shape',
        'transpose: axis 2 is out of range for (2, 3) (rank 2)',
        id='transpose-range',
    ),
    pytest.param(
        lambda: o((3,)).mT, 'shape',
        'mT: needs a tensor of rank >= 2, got (3,)',
        id='mT-rank',
    ),
    pytest.param(
        lambda: o((4, 10)) @ o((4, 10)), 'shape',
        'matmul: inner dims differ: (4, 10) @ (4, 10) — 10 != 4',
        id='matmul-inner',
    ),
    pytest.param(
        lambda: o((3,)) @ o((4,)), 'shape',
        'matmul: inner dims differ: (3,) @ (4,) — 3 != 4',
        id='matmul-1d',
    ),
    pytest.param(
        lambda: o((2, 3, 4)) @ o((5, 4, 2)), 'shape',
        'matmul: batch dims do not broadcast: (2, 3, 4) @ (5, 4, 2) — 2 != 5 at batch dim -1',
        id='matmul-batch',
    ),
    pytest.param(
        lambda: o(()) @ o((3,)), 'shape',
        'matmul: operands must have at least 1 dim: () @ (3,)',
        id='matmul-0d',
    ),
    pytest.param(
        lambda: o((2, 3)).reshape((4, 2)), 'shape',
        'reshape: cannot reshape (2, 3) into (4, 2): 6 elements != 8',
        id='reshape-count',
    ),
    pytest.param(
        lambda: o((2, 3)).reshape((-1, -1)), 'shape',
        'reshape: cannot reshape (2, 3) into (-1, -1): only one dim can be -1',
        id='reshape-two-holes',
    ),
    pytest.param(
        lambda: o((2, 3)).reshape((4, -1)), 'shape',
        'reshape: cannot reshape (2, 3) into (4, -1): 6 elements are not a multiple of 4',
        id='reshape-non-multiple',
    ),
    pytest.param(
        lambda: o((2, 3)).reshape((-2, -3)), 'shape',
        'reshape: cannot reshape (2, 3) into (-2, -3): invalid dim -2',
        id='reshape-invalid',
    ),
    pytest.param(
        lambda: o((2, 3, 4)).flatten(2, 1), 'shape',
        'flatten: start_dim 2 comes after end_dim 1 in (2, 3, 4)',
        id='flatten-order',
    ),
    pytest.param(
        lambda: o((2, 3)).flatten(3), 'shape',
        'flatten: axis 3 is out of range for (2, 3) (rank 2)',
        id='flatten-range',
    ),
    pytest.param(
        lambda: o((1, 3)).squeeze(1), 'shape',
        'squeeze: cannot squeeze axis 1 of (1, 3): its size is 3, not 1',
        id='squeeze-non-1',
    ),
    pytest.param(
        lambda: o((1, 3)).squeeze(2), 'shape',
        'squeeze: axis 2 is out of range for (1, 3) (rank 2)',
        id='squeeze-range',
    ),
    pytest.param(
        lambda: o((2, 3)).unsqueeze(3), 'shape',
        'unsqueeze: axis 3 is out of range for (2, 3) plus 1 new axis (rank 3)',
        id='unsqueeze-range',
    ),
    pytest.param(
        lambda: o((2, 3)).unsqueeze((0, -4)), 'shape',
        'unsqueeze: repeated axis in (0, -4) for (2, 3)',
        id='unsqueeze-repeat',
    ),
    pytest.param(
        lambda: o((2, 3)).realize((2,)), 'shape',
        'realize: (2, 3) cannot be realized as (2,): rank 2 != 1',
        id='realize-rank',
    ),
    pytest.param(
        lambda: o((2, 3)).realize((2, 4)), 'shape',
        'realize: (2, 3) cannot be realized as (2, 4): 3 != 4',
        id='realize-dim',
    ),
    pytest.param(
        lambda: dt.concat([o((2, 3)), o((3,))]), 'shape',
        'concat: tensor 1 has rank 1 but tensor 0 has rank 2: (2, 3) vs (3,)',
        id='concat-rank',
    ),
    pytest.param(
        lambda: dt.concat([o((2, 3)), o((2, 4))], axis=0), 'shape',
        'concat: tensor 1 differs from tensor 0 in dim 1: (2, 3) vs (2, 4) — 3 != 4',
        id='concat-dim',
    ),
    pytest.param(
        lambda: dt.concat([o((2, 3)), o((2, 3))], axis=2), 'shape',
        'concat: axis 2 is out of range for (2, 3) (rank 2)',
        id='concat-axis',
    ),
    pytest.param(
        lambda: dt.concat([]), 'shape',
        'concat: expected at least one tensor, got none',
        id='concat-empty',
    ),
    pytest.param(
        lambda: dt.stack([o((3,)), o((4,))]), 'shape',
        'stack: tensor 1 differs from tensor 0 in dim 0: (3,) vs (4,) — 3 != 4',
        id='stack-shape',
    ),
    pytest.param(
        lambda: dt.stack([o((3,)), o((1, 3))]), 'shape',
        'stack: tensor 1 has rank 2 but tensor 0 has rank 1: (3,) vs (1, 3)',
        id='stack-rank',
    ),
    pytest.param(
        lambda: dt.stack([o((3,)), o((3,))], axis=2), 'shape',
        'stack: axis 2 is out of range for (3,) plus 1 new axis (rank 2)',
        id='stack-axis',
    ),
    pytest.param(
        lambda: dt.stack([]), 'shape',
        'stack: expected at least one tensor, got none',
        id='stack-empty',
    ),
    pytest.param(
        lambda: dt.split(o((10, 4)), [3, 6]), 'shape',
        'split: sections (3, 6) add up to 9, but axis 0 of (10, 4) is 10',
        id='split-sections',
    ),
    pytest.param(
        lambda: dt.split(o((10, 4)), 0), 'shape',
        'split: split size must be positive, got 0 for axis 0 of (10, 4)',
        id='split-size',
    ),
    pytest.param(
        lambda: dt.split(o((10, 4)), [12, -2]), 'shape',
        'split: section sizes must be >= 0, got (12, -2) for axis 0 of (10, 4)',
        id='split-negative',
    ),
    pytest.param(
        lambda: dt.split(o((10, 4)), 2, axis=2), 'shape',
        'split: axis 2 is out of range for (10, 4) (rank 2)',
        id='split-axis',
    ),
    pytest.param(
        lambda: o((2, 3))[0, 1, 2], 'shape',
        'getitem: too many indices for (2, 3): 3 given for rank 2',
        id='getitem-too-many',
    ),
    pytest.param(
        lambda: o((2, 4))[:, 5], 'shape',
        'getitem: index 5 is out of bounds for axis 1 with size 4 in (2, 4)',
        id='getitem-oob',
    ),
    pytest.param(
        lambda: o((2, 4))[-3], 'shape',
        'getitem: index -3 is out of bounds for axis 0 with size 2 in (2, 4)',
        id='getitem-oob-neg',
    ),
    pytest.param(
        lambda: o((2, 4))[::0], 'shape',
        'getitem: slice step cannot be zero (axis 0 of (2, 4))',
        id='getitem-step0',
    ),
    pytest.param(
        lambda: o((2, 4))[..., ...], 'shape',
        "getitem: an index can only have a single ellipsis ('...'), indexing (2, 4)",
        id='getitem-ellipsis',
    ),
    pytest.param(
        lambda: dt.tensor([[1.0, 2.0], [3.0]]), 'shape',
        'tensor: ragged nested list: data[1] has shape (1,) but data[0] has shape (2,)',
        id='tensor-ragged',
    ),
    pytest.param(
        lambda: dt.tensor([[[1.0], [2.0]], [[3.0], [4.0, 5.0]]]), 'shape',
        'tensor: ragged nested list: data[1][1] has shape (2,) but data[1][0] has shape (1,)',
        id='tensor-ragged-deep',
    ),
    pytest.param(
        lambda: dt.zeros((2, -1)), 'shape',
        'zeros: negative dimension -1 in (2, -1)',
        id='zeros-neg',
    ),
    pytest.param(
        lambda: dt.ones((-3,)), 'shape',
        'ones: negative dimension -3 in (-3,)',
        id='ones-neg',
    ),
    pytest.param(
        lambda: dt.full((-1, 2), 1.0), 'shape',
        'full: negative dimension -1 in (-1, 2)',
        id='full-neg',
    ),
    pytest.param(
        lambda: dt.rand((2, -2)), 'shape',
        'rand: negative dimension -2 in (2, -2)',
        id='rand-neg',
    ),
    pytest.param(
        lambda: dt.randn(-1), 'shape',
        'randn: negative dimension -1 in (-1,)',
        id='randn-neg',
    ),
    pytest.param(
        lambda: dt.eye(-2), 'shape',
        'eye: negative dimension -2 in (-2, -2)',
        id='eye-neg',
    ),
    pytest.param(
        lambda: dt.arange(0, 5, 0), 'shape',
        'arange: step cannot be zero',
        id='arange-step0',
    ),
]


@pytest.mark.parametrize(("make", "code", "message"), CASES)
def test_runtime_shape_error_message(make: Callable[[], Any], code: str, message: str) -> None:
    with pytest.raises(dt.ShapeError) as info:
        make()
    assert (info.value.code, str(info.value)) == (code, message)


def _untraced(t: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
    return t


def _traced(t: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
    return t.trace()


@pytest.mark.parametrize("make", [
    lambda tr: tr(o((2, 3))) + o((4,)),
    lambda tr: o((4,)) - tr(o((2, 3))),
    lambda tr: tr(o((2, 3))).sum(axis=2),
    lambda tr: o((4, 10)) @ tr(o((4, 10))),
    lambda tr: dt.concat([o((2, 3)), tr(o((2, 4)))]),
], ids=["add-left", "sub-right", "sum", "matmul-right", "concat"])
def test_traced_operands_raise_the_same_errors(make: Callable[..., Any]) -> None:
    messages = []
    for tr in (_untraced, _traced):
        with pytest.raises(dt.ShapeError) as info:
            make(tr)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
