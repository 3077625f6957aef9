"""Must-accept: generic (symbolic-dim, tape-generic) model code, a hand-written training step, and
the rest of the public API (modules, optimizers, losses, checkpoints, run-time checks, gradcheck,
the registry, the error classes, the shape algebra).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Generic, TypeVar, assert_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Gradients, NoneTape, OwnedTape, Tensor

B = TypeVar("B", bound=int)
I = TypeVar("I", bound=int)  # noqa: E741
O = TypeVar("O", bound=int)  # noqa: E741
Tape = TypeVar("Tape")


class Dense(Generic[I, O]):
    """A layer generic in its sizes and in the tape of its input, as dfdx's modules are."""

    def __init__(self, w: Tensor[tuple[I, O]], b: Tensor[tuple[O]]) -> None:
        self.w = w
        self.b = b

    def __call__(self, x: Tensor[tuple[B, I], Tape]) -> Tensor[Any, Tape]:
        # An untraced parameter keeps the input's tape, whatever it is (generic `Tape`).
        h = x @ self.w
        assert_type(h, Tensor[tuple[B, O], Tape])
        return (h + self.b).relu()


def step(
    layer: Dense[L[3], L[2]], x: Tensor[tuple[B, L[3]]], target: Tensor[tuple[B, L[2]]], lr: float
) -> Dense[L[3], L[2]]:
    out = layer(x.trace())
    assert_type(out, Tensor[Any, OwnedTape])
    loss = ((out - target) ** 2).mean()
    assert_type(loss, Tensor[tuple[()], OwnedTape])
    grads = loss.backward()
    # The same layer on an untraced input infers: untraced result.
    assert_type(layer(x), Tensor[Any, NoneTape])
    # A gradient has its parameter's shape; the update is a broadcasting op (`Any` shape), which
    # the annotation of the new layer narrows back.
    assert_type(grads[layer.w], Tensor[tuple[L[3], L[2]], NoneTape])
    new_w: Tensor[tuple[L[3], L[2]]] = layer.w - grads[layer.w] * lr
    new_b: Tensor[tuple[L[2]]] = layer.b - grads[layer.b] * lr
    return Dense(new_w, new_b)


def library_modules() -> float:
    model = dt.nn.Sequential(dt.nn.Linear(3, 8), dt.nn.ReLU(), dt.nn.Linear(8, 2))
    opt = dt.optim.Sgd(model, lr=0.1)
    x = dt.randn((5, 3))
    target = dt.randn((5, 2))
    loss = dt.losses.mse_loss(model(x.trace()), target)
    grads = loss.backward()
    opt.update(model, grads)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.npz"
        dt.save(model, path)
        dt.load(model, path)
    return float(loss.item())


@dt.shapecheck
def checked_scale(x: Tensor[tuple[B, L[3]]], factor: float) -> Tensor[tuple[B, L[3]]]:
    return x * factor


def checks_and_errors() -> None:
    def sum_of_squares(t: Tensor[tuple[L[3]], Any]) -> Tensor[tuple[()], Any]:  # traced or not
        return t.square().sum()

    assert dt.gradcheck(sum_of_squares, [dt.randn((3,), dtype=dt.float64)], eps=1e-6)
    assert "matmul" in dt.REGISTRY
    assert dt.shapes.broadcast("add", (4, 3), (3,)) == (4, 3)
    x = dt.zeros((2, 3))
    assert checked_scale(x, 2.0).shape == (2, 3)
    errors: list[type[Exception]] = [
        dt.ShapeError, dt.TapeError, dt.MissingVjpError, dt.GradcheckError, dt.CheckpointError,
        dt.ShapecheckError,
    ]
    try:
        _ = dt.zeros((2, 3)) @ dt.zeros((4, 5))
    except dt.ShapeError as e:
        assert "matmul" in str(e)
    # A tensor typed with an `Any` tape may call backward(); the run time checks the tape.
    unknown_tape: Tensor[Any, Any] = dt.zeros(())
    try:
        unknown_tape.backward()
    except dt.TapeError as e:
        assert "trace" in str(e)
    else:
        raise AssertionError("backward() on an untraced tensor must raise TapeError")
    assert all(issubclass(err, Exception) for err in errors)


def accumulate(x: Tensor[tuple[L[4], L[3]]], w: Tensor[tuple[L[3], L[2]]]) -> Gradients:
    grads = Gradients()
    for _ in range(2):
        (x.trace() @ w).sum().backward(grads)
    return grads


def anomaly_mode() -> None:
    x: Tensor[tuple[L[2]]] = dt.tensor([1.0, 0.0])
    assert not dt.is_anomaly_enabled()
    with dt.detect_anomaly():
        try:
            x.log()
        except dt.AnomalyError as e:
            assert e.op == "log" and e.phase == "forward"
        else:
            raise AssertionError("log(0) in anomaly mode must raise AnomalyError")
    dt.set_anomaly_mode(False)


def main() -> None:
    dt.manual_seed(0)
    anomaly_mode()
    layer: Dense[L[3], L[2]] = Dense(dt.randn((3, 2)), dt.zeros((2,)))
    x: Tensor[tuple[L[5], L[3]]] = dt.randn((5, 3))
    target: Tensor[tuple[L[5], L[2]]] = dt.randn((5, 2))
    for _ in range(3):
        layer = step(layer, x, target, 0.1)
    assert library_modules() >= 0.0
    checks_and_errors()
    w: Tensor[tuple[L[3], L[2]]] = dt.ones((3, 2))
    # Two passes of sum(x @ w) with x all ones (4 rows): each weight's gradient is 4 + 4.
    assert accumulate(dt.ones((4, 3)), w)[w].numpy().tolist() == [[8.0, 8.0]] * 3


if __name__ == "__main__":
    main()
