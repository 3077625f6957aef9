"""Tape semantics: what is recorded, how gradients flow and add up, what backward frees.

Reference gradients come from PyTorch (float32, rtol=1e-5, atol=1e-6) or from closed forms.
Test primitives built here (to count vjp calls, or to lack a vjp) are ``Primitive`` objects that are
*not* registered, so ``dt.REGISTRY`` stays the list of real ops.
"""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import dfdx_typed as dt
from dfdx_typed._registry import Primitive, apply

RTOL, ATOL = 1e-5, 1e-6


def _close(ours: dt.Tensor[Any, Any], expected: Any) -> None:
    ref = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    np.testing.assert_allclose(ours.numpy(), ref, rtol=RTOL, atol=ATOL)


# --- a tensor used many times ----------------------------------------------------------------------


def test_tensor_used_many_times_sums_its_gradients() -> None:
    a = np.array([0.5, -1.0, 2.0], np.float32)
    x = dt.from_numpy(a).trace()
    loss = (x * x + x.exp() + x.sum() * x - x / 2.0).sum()
    xt = torch.from_numpy(a).requires_grad_()
    (xt * xt + xt.exp() + xt.sum() * xt - xt / 2.0).sum().backward()
    _close(loss.backward()[x], xt.grad)


@pytest.mark.parametrize("uses", [2, 8, 9, 30])
def test_leaf_and_intermediate_used_many_times(uses: int) -> None:
    """Up to 8 uses of a leaf are kept pending, more are folded; both paths must sum exactly."""
    x = dt.tensor([1.0, 2.0]).trace()
    w = dt.tensor([3.0, -1.0])  # untraced: gets its gradient too
    h = x * w  # an intermediate, used `uses` times
    loss = dt.stack([(h * float(k) + x * w).sum() for k in range(uses)]).sum()
    grads = loss.backward()
    k_sum = uses * (uses - 1) / 2
    _close(grads[x], (k_sum + uses) * w.numpy())
    _close(grads[w], (k_sum + uses) * x.numpy())
    assert grads[x].dtype == np.float32 and grads[w].dtype == np.float32


# --- traced operands on either side -----------------------------------------------------------------

_BINARY: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "maximum": (dt.maximum, torch.maximum),
    "minimum": (dt.minimum, torch.minimum),
    "matmul": (lambda a, b: a @ b, lambda a, b: a @ b),
    "concat": (lambda a, b: dt.concat([a, b]), lambda a, b: torch.cat([a, b])),
}


@pytest.mark.parametrize("traced", ["left", "right", "both"])
@pytest.mark.parametrize("op", sorted(_BINARY))
def test_traced_operand_on_either_side(op: str, traced: str) -> None:
    """Whichever side is traced, both operands get their gradients (params need not be traced)."""
    rng = np.random.default_rng(5)
    a = rng.uniform(0.5, 2.0, (3, 3)).astype(np.float32)
    # Never ties with a. Each operand enters the op itself: a tensor that only reaches a traced op
    # through an untraced one (b[None]) took no part in it and gets no gradient.
    b = rng.uniform(-2.0, -0.5, (1, 3) if op == "concat" else (3,)).astype(np.float32)
    dt_fn, torch_fn = _BINARY[op]
    ta, tb = dt.from_numpy(a), dt.from_numpy(b)
    ta = ta.trace() if traced in ("left", "both") else ta
    tb = tb.trace() if traced in ("right", "both") else tb
    out = dt_fn(ta, tb)
    assert out.is_traced
    c = rng.standard_normal(out.shape).astype(np.float32)
    grads = (out * dt.from_numpy(c)).sum().backward()
    ra = torch.from_numpy(a).requires_grad_()
    rb = torch.from_numpy(b).requires_grad_()
    (torch_fn(ra, rb) * torch.from_numpy(c)).sum().backward()
    _close(grads[ta], ra.grad)
    _close(grads[tb], rb.grad)


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "maximum", "minimum"])
def test_python_scalar_on_either_side(op: str, side: str) -> None:
    dt_fn, torch_fn = _BINARY[op]
    a = np.array([0.5, 1.5, -2.0], np.float32)
    x = dt.from_numpy(a).trace()
    xt = torch.from_numpy(a).requires_grad_()
    if side == "left":
        out, ref = dt_fn(1.25, x), torch_fn(torch.tensor(1.25), xt)
    else:
        out, ref = dt_fn(x, 1.25), torch_fn(xt, torch.tensor(1.25))
    assert out.dtype == np.float32
    _close(out, ref)
    ref.sum().backward()
    _close(out.sum().backward()[x], xt.grad)


def test_params_get_gradients_when_only_the_input_is_traced() -> None:
    rng = np.random.default_rng(1)
    arrays = {
        "x": rng.standard_normal((4, 5)), "w1": rng.standard_normal((5, 3)),
        "b1": rng.standard_normal((3,)), "w2": rng.standard_normal((3, 2)),
    }
    f32 = {k: v.astype(np.float32) for k, v in arrays.items()}
    ours = {k: dt.from_numpy(v) for k, v in f32.items()}
    x = ours["x"].trace()
    assert not ours["w1"].is_traced
    loss = ((x @ ours["w1"] + ours["b1"]).relu() @ ours["w2"]).log_softmax().mean()
    grads = loss.backward()
    ref = {k: torch.from_numpy(v).requires_grad_() for k, v in f32.items()}
    ((ref["x"] @ ref["w1"] + ref["b1"]).relu() @ ref["w2"]).log_softmax(-1).mean().backward()
    for name in ("x", "w1", "b1", "w2"):
        _close(grads[ours[name]], ref[name].grad)
        assert grads[ours[name]].shape == ours[name].shape


def test_trace_shares_identity_with_the_untraced_tensor() -> None:
    w = dt.tensor([1.0, 2.0])
    wt = w.trace()
    grads = (wt * 3.0).sum().backward()
    _close(grads[w], np.array([3.0, 3.0], np.float32))
    _close(grads[wt], np.array([3.0, 3.0], np.float32))
    assert w in grads and dt.tensor([1.0, 2.0]) not in grads


def test_no_gradient_for_a_tensor_outside_the_graph_is_a_key_error() -> None:
    x = dt.ones((2,)).trace()
    grads = (x * 2.0).sum().backward()
    other = dt.zeros((3, 1))
    with pytest.raises(KeyError) as info:
        grads[other]
    assert info.value.args[0] == (
        "no gradient for the tensor (3, 1): it took no part in a traced computation that reached "
        "this loss (ops on untraced tensors record nothing: if it was transformed before meeting a "
        "traced one, as in x.trace() @ w.T, trace it first: w.trace().T)"
    )
    assert grads.get(other) is None


def test_detach_stops_the_gradient_at_a_traced_leaf() -> None:
    x = dt.tensor([1.0, 2.0]).trace()
    grads = (x * x.detach()).sum().backward()
    _close(grads[x], np.array([1.0, 2.0], np.float32))


def test_detach_stops_the_gradient_of_an_intermediate() -> None:
    x = dt.tensor([1.0, 2.0]).trace()
    h = x * 3.0
    grads = (h * h.detach()).sum().backward()
    assert not h.detach().is_traced
    _close(grads[x], np.array([9.0, 18.0], np.float32))  # d/dx (3x * const 3x) = 3 * 3x


def test_a_tensor_that_reaches_the_tape_only_through_untraced_ops_gets_no_gradient() -> None:
    """The rule is "took part in a traced op": ``w.T`` is computed before meeting the traced ``x``,
    so the traced op sees ``w.T``'s result, not ``w`` (trace ``w`` first to get its gradient)."""
    x, w = dt.ones((2, 3)).trace(), dt.ones((4, 3))
    assert w not in (x @ w.T).sum().backward()
    grads = (x @ w.trace().T).sum().backward()
    _close(grads[w], np.full((4, 3), 2.0, np.float32))


# --- accumulation over several backward passes ------------------------------------------------------


def test_backward_accumulates_into_earlier_gradients() -> None:
    w = dt.tensor([1.0, -2.0, 0.5])
    xs = [dt.tensor([0.5, 1.0, 2.0]), dt.tensor([-1.0, 3.0, 1.0]), dt.tensor([2.0, 2.0, 2.0])]
    grads = None
    for x in xs:
        grads = (x.trace() * w).square().sum().backward(grads)
    assert grads is not None
    expected = sum(2 * (x.numpy() * w.numpy()) * x.numpy() for x in xs)
    _close(grads[w], expected)


def test_accumulation_after_a_gradient_was_read() -> None:
    w = dt.tensor([1.0, 2.0])
    grads = (w.trace() * 2.0).sum().backward()
    _close(grads[w], np.array([2.0, 2.0], np.float32))  # materialized now
    (w.trace() * 5.0).sum().backward(grads)
    _close(grads[w], np.array([7.0, 7.0], np.float32))


def test_accumulation_when_the_loss_is_a_traced_leaf() -> None:
    s = dt.tensor(3.0).trace()
    grads = s.backward()
    _close(grads[s], np.float32(1.0))
    (s * 4.0).backward(grads)
    _close(grads[s], np.float32(5.0))


# --- untraced ops record nothing ---------------------------------------------------------------------


def test_untraced_ops_record_nothing_and_retain_nothing() -> None:
    x = dt.ones((50, 50))
    h = (x * 2.0).exp()
    y = (h @ h).sum()
    assert h._node is None and y._node is None
    assert not y.is_traced and type(y.tape) is dt.NoneTape
    ref = weakref.ref(h._data)
    del h
    gc.collect()
    assert ref() is None, "an untraced result kept its input array alive"


def test_traced_ops_retain_what_backward_needs() -> None:
    """The contrast with the test above: a traced graph holds its intermediates until backward."""
    x = dt.ones((50, 50)).trace()
    h = (x * 2.0).exp()
    y = (h @ h).sum()
    assert h._node is not None and type(y.tape) is dt.OwnedTape
    ref = weakref.ref(h._data)
    del h
    gc.collect()
    assert ref() is not None


# --- backward on what --------------------------------------------------------------------------------

_UNTRACED = (
    "backward: the tensor {} is not traced (NoneTape), so there is no tape to run backward on; "
    "call .trace() on an input (or a parameter) before the forward pass"
)
_NOT_SCALAR = (
    "backward: expected a 0-d tensor, got {}; reduce it to a scalar first (e.g. .sum() or .mean())"
)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: dt.ones((2, 3)).sum(), _UNTRACED.format("()")),
    (lambda: dt.ones((2, 3)), _UNTRACED.format("(2, 3)")),
    (lambda: dt.ones((2, 3)).trace() * 2.0, _NOT_SCALAR.format("(2, 3)")),
    (lambda: dt.ones((4,)).trace(), _NOT_SCALAR.format("(4,)")),
    (lambda: dt.ones((4,)).trace().sum().detach(), _UNTRACED.format("()")),
], ids=["untraced-0d", "untraced-2d", "traced-2d", "traced-leaf-1d", "detached-0d"])
def test_backward_needs_a_traced_0d_tensor(make: Callable[[], Any], message: str) -> None:
    with pytest.raises(dt.TapeError) as info:
        make().backward()
    assert info.value.code == "tape"
    assert str(info.value) == message
    assert isinstance(info.value, dt.ShapeError)


# --- iterative backward, freeing the graph ------------------------------------------------------------


def test_a_10000_op_chain_runs_backward_without_recursion() -> None:
    x = dt.tensor([1.0, 2.0], dtype=dt.float64).trace()
    y = x
    for _ in range(5000):
        y = (y * 1.0001) + 0.0  # two ops per step
    start = time.perf_counter()
    grads = y.sum().backward()
    elapsed = time.perf_counter() - start
    _close(grads[x], np.full(2, 1.0001**5000))
    assert elapsed < 5.0


def test_dropping_a_10000_op_chain_without_backward_is_fine() -> None:
    """Freeing a long chain of nodes must not overflow the C stack (recursive deallocation)."""
    y = dt.ones((2,)).trace() + 1.0
    ref = weakref.ref(y._data)  # held by the next node's inputs
    for _ in range(10_000):
        y = y + 1.0
    del y
    gc.collect()
    assert ref() is None


def test_backward_frees_the_graph() -> None:
    x = dt.ones((100, 100)).trace()
    h = (x * 2.0).exp()
    hh = h * h
    loss = hh.sum()
    refs = [weakref.ref(h._data), weakref.ref(hh._data)]
    del h, hh
    gc.collect()
    assert all(r() is not None for r in refs), "the graph must hold its intermediates until backward"
    grads = loss.backward()
    gc.collect()
    # The leaf's pending gradient keeps only what its own vjp reads (x * 2.0's operands and
    # result); everything further from the leaf is freed by backward itself, loss still alive.
    assert [r() is None for r in refs] == [True, True], "backward kept an intermediate alive"
    _close(grads[x], np.full((100, 100), 4.0 * np.exp(4.0), np.float32))


def test_second_backward_through_a_consumed_graph_is_a_clear_error() -> None:
    x = dt.ones((3,)).trace()
    h = x.exp()
    h.sum().backward()
    with pytest.raises(RuntimeError) as info:
        (h * 2.0).sum().backward()
    assert str(info.value) == (
        "backward: the graph through 'exp' was already consumed by an earlier backward(); run the "
        "forward pass again, or add the losses and call backward() once"
    )


def test_second_backward_on_the_same_loss_is_a_clear_error() -> None:
    loss = (dt.ones((3,)).trace() * 2.0).sum()
    loss.backward()
    with pytest.raises(RuntimeError, match=r"^backward: the graph through 'sum' was already consumed"):
        loss.backward()


# --- vjps: missing ones are named, leaf ones are lazy -------------------------------------------------


def test_missing_vjp_is_a_named_error_when_tracing() -> None:
    no_vjp = Primitive("no_vjp_op", lambda x: x * 2)
    x = dt.ones((2,))
    assert apply(no_vjp, (x,), {})._node is None  # untraced: no vjp needed, none asked for
    with pytest.raises(dt.MissingVjpError) as info:
        apply(no_vjp, (x.trace(),), {})
    assert str(info.value) == (
        "primitive 'no_vjp_op' has no vjp for argument 0: register one with no_vjp_op.defvjp(...) "
        "before tracing through it"
    )


def test_missing_vjp_for_an_untraced_operand_is_a_named_error() -> None:
    half = Primitive("half_vjp_op", lambda a, b: a * b, None, (lambda g, ans, a, b: g * b,))
    a, b = dt.ones((2,)).trace(), dt.ones((2,))
    out = apply(half, (a, b), {})
    # Raised by backward, or (were leaf gradients to defer even that) when grads[b] is read.
    with pytest.raises(dt.MissingVjpError, match=r"^primitive 'half_vjp_op' has no vjp for argument 1"):
        grads = out.sum().backward()
        grads[b]


def test_leaf_gradients_are_computed_only_when_read() -> None:
    calls = {"a": 0, "b": 0}

    def vjp_a(g: Any, ans: Any, a: Any, b: Any) -> Any:
        calls["a"] += 1
        return g * b

    def vjp_b(g: Any, ans: Any, a: Any, b: Any) -> Any:
        calls["b"] += 1
        return g * a

    counted = Primitive("counted_mul", np.multiply, None, (vjp_a, vjp_b))
    x, w = dt.tensor([2.0, 3.0]).trace(), dt.tensor([5.0, 7.0])
    grads = apply(counted, (x, w), {}).sum().backward()
    assert calls == {"a": 0, "b": 0}, "backward computed a leaf gradient nobody read"
    _close(grads[w], np.array([2.0, 3.0], np.float32))
    assert calls == {"a": 0, "b": 1}
    _close(grads[w], np.array([2.0, 3.0], np.float32))
    assert calls == {"a": 0, "b": 1}, "a read gradient is cached"
    assert len(grads) == 2 and calls["a"] == 0


# --- dtypes ----------------------------------------------------------------------------------------------


def test_dtype_rules() -> None:
    """float32 is the default; float64 is supported; binary ops follow numpy's promotion (NEP 50):
    float32 with float64 gives float64, integer tensors with floats give the float type, and Python
    scalars are weak (``float32_tensor * 2.5`` stays float32, as in PyTorch). A leaf's gradient has
    the leaf's dtype, whatever the dtype of the computation it took part in (as PyTorch)."""
    f32, f64 = dt.ones((2,)), dt.ones((2,), dtype=dt.float64)
    i64 = dt.tensor([1, 2])
    assert f32.dtype == np.float32 and dt.tensor([1.5]).dtype == np.float32
    assert dt.randn((2,)).dtype == np.float32 and dt.zeros((1,)).dtype == np.float32
    assert f64.dtype == np.float64 and (f64 * 2.0).exp().dtype == np.float64
    assert (f32 + f64).dtype == np.float64 and (f64 - f32).dtype == np.float64
    assert (f32 * 2.5).dtype == np.float32 and (3 / f32).dtype == np.float32
    assert (f32 + 1).dtype == np.float32 and (f32 @ f32).dtype == np.float32
    assert i64.dtype == np.int64 and (i64 + 1).dtype == np.int64
    assert (i64 * 2.5).dtype == np.float64 and (i64 + f32).dtype == np.float64
    x = f32.trace()
    grads = (x * f64).sum().backward()
    assert grads[x].dtype == np.float32 and grads[f64].dtype == np.float64


def test_numpy_float64_scalar_is_weak_like_a_python_float() -> None:
    assert (dt.ones((2,)) + np.float64(2.0)).dtype == np.float32


def test_gradient_of_a_leaf_used_many_times_keeps_its_dtype() -> None:
    w = dt.ones((2,))
    x = dt.ones((2,), dtype=dt.float64).trace()
    grads = dt.stack([(w * x).sum() for _ in range(9)]).sum().backward()
    assert grads[w].dtype == np.float32


# --- immutability ------------------------------------------------------------------------------------


def test_created_and_traced_tensors_are_immutable() -> None:
    for t in [dt.ones((2,)), dt.tensor([1.0, 2.0]), dt.randn((2,)), dt.arange(3),
              dt.from_numpy(np.zeros(2)), dt.ones((2,)).trace(), dt.eye(2)]:
        with pytest.raises(ValueError, match="read-only"):
            np.asarray(t)[0] = 5
    source = np.zeros(2)
    t = dt.from_numpy(source)
    source[0] = 1.0
    assert t.numpy()[0] == 0.0, "from_numpy must copy"
    copy = t.numpy()
    copy[1] = 3.0
    assert t.numpy()[1] == 0.0, "numpy() must return a copy"


def test_gradients_are_immutable() -> None:
    x = dt.ones((2,)).trace()
    grads = (x * x).sum().backward()
    with pytest.raises(ValueError, match="read-only"):
        np.asarray(grads[x])[0] = 5


def test_op_results_are_immutable() -> None:
    for t in [dt.ones((2,)) + 1.0, dt.ones((2,)).trace().exp(), dt.ones((2, 2)).sum(axis=0)]:
        with pytest.raises(ValueError, match="read-only"):
            np.asarray(t)[0] = 5


def test_gradient_of_a_leaf_used_many_times_is_immutable() -> None:
    x = dt.ones((2,)).trace()
    grads = dt.stack([(x * 1.0).sum() for _ in range(9)]).sum().backward()
    with pytest.raises(ValueError, match="read-only"):
        np.asarray(grads[x])[0] = 5
