"""Must-accept: creating tensors, their properties, the tape, gradients, markers.

Type-checked with zero errors by pyright and by mypy without the plugin (tests/test_stubs.py), and
executed. `assert_type` is used only where both checkers agree on the type.
"""

from __future__ import annotations

from typing import Any, TypeVar, assert_type
from typing import Literal as L

import numpy as np
import numpy.typing as npt

import dfdx_typed as dt
from dfdx_typed import Add, Gradients, Mul, NoneTape, OwnedTape, Tensor

B = TypeVar("B", bound=int)


def constructors() -> None:
    dt.manual_seed(0)
    rng: np.random.Generator = dt.default_rng()
    # Constructors give an `Any` shape (the plugin fills in the literals), so an annotation of the
    # exact shape is accepted by every checker.
    x: Tensor[tuple[L[2], L[3]]] = dt.zeros((2, 3))
    y: Tensor[tuple[L[2], L[3]]] = dt.ones((2, 3), dtype=dt.float64)
    z: Tensor[tuple[L[4]]] = dt.full(4, 0.5)
    r: Tensor[tuple[L[2], L[2]]] = dt.rand((2, 2), rng=rng)
    n: Tensor[tuple[L[3], L[1]]] = dt.randn([3, 1], dtype=dt.float32)
    t: Tensor[tuple[L[2], L[2]]] = dt.tensor([[1.0, 2.0], [3.0, 4.0]])
    i: Tensor[tuple[L[3]]] = dt.tensor([1, 2, 3], dtype=dt.int64)
    f: Tensor[tuple[L[3]]] = dt.from_numpy(np.arange(3, dtype=np.int32))
    a = dt.arange(0, 6, 2)
    assert_type(a, Tensor[tuple[Any], NoneTape])
    e = dt.eye(3, 4)
    assert_type(e, Tensor[tuple[Any, Any], NoneTape])
    k: Tensor[tuple[L[5]]] = dt.arange(5, dtype=dt.int32)
    m = dt.tensor([True, False], dtype=dt.bool_)
    assert_type(m, Tensor[Any, NoneTape])
    direct = Tensor([1.0, 2.0])
    assert_type(direct, Tensor[Any, NoneTape])
    assert x.shape == (2, 3) and y.dtype == np.float64 and z.size == 4 and r.ndim == 2
    assert n.shape == (3, 1) and t[1, 0].item() == 3.0 and m.dtype == np.bool_
    assert i.numpy().tolist() == [1, 2, 3] and f.shape == (3,) and k.shape == (5,)
    assert len(x) == 2 and bool(dt.ones(1)) and np.asarray(x).shape == (2, 3)
    assert e.shape == (3, 4) and a.shape == (3,) and direct.shape == (2,)


def properties(x: Tensor[tuple[L[4], L[3]]]) -> None:
    assert_type(x.shape, tuple[L[4], L[3]])
    rows: L[4] = x.shape[0]
    assert_type(x.dtype, np.dtype[Any])
    assert_type(x.ndim, int)
    assert_type(x.size, int)
    assert_type(x.tape, NoneTape)
    assert_type(x.trace().tape, OwnedTape)
    assert_type(x.is_traced, bool)
    assert_type(x.numpy(), npt.NDArray[Any])
    as_float: float = x.sum().item()
    assert rows == 4 and as_float == float(x.numpy().sum()) and not x.is_traced


def tape(x: Tensor[tuple[L[4], L[3]]], w: Tensor[tuple[L[3], L[2]]]) -> Gradients:
    xt = x.trace()
    assert_type(xt, Tensor[tuple[L[4], L[3]], OwnedTape])
    assert_type(xt.detach(), Tensor[tuple[L[4], L[3]], NoneTape])
    loss = (xt @ w).relu().sum()
    assert_type(loss, Tensor[tuple[()], OwnedTape])
    grads = loss.backward()
    assert_type(grads, Gradients)
    # A gradient has the tensor's shape and no tape, whichever tape the tensor had.
    assert_type(grads[w], Tensor[tuple[L[3], L[2]], NoneTape])
    assert_type(grads[xt], Tensor[tuple[L[4], L[3]], NoneTape])
    maybe = grads.get(x)
    assert maybe is not None and maybe.shape == (4, 3)
    assert w in grads and len(grads) >= 2
    # Accumulate a second pass into the same Gradients.
    again = (x.trace() @ w).mean().backward(grads)
    assert_type(again, Gradients)
    # A traced 0-d tensor with an `Any` shape (a constructor's) is accepted too.
    dt.zeros(()).trace().backward()
    dt.tensor(2.0).trace().square().backward(Gradients())
    return grads


def symbolic(
    x: Tensor[tuple[B, L[784]], OwnedTape], w: Tensor[tuple[L[784], L[10]]]
) -> Tensor[tuple[B, L[10]], OwnedTape]:
    # Symbolic dims unify natively: (B, 784) @ (784, 10) is (B, 10) in both checkers.
    out = x @ w
    assert_type(out, Tensor[tuple[B, L[10]], OwnedTape])
    return out.tanh()


def markers(flat: Tensor[tuple[B, Mul[L[28], L[28]]]], grown: Tensor[tuple[Add[B, L[1]], L[3]]]) -> int:
    # Mul/Add are int subclasses: their dims are sizes wherever a size is expected.
    n: int = flat.shape[1]
    m: int = grown.shape[0]
    return n + m


def main() -> None:
    constructors()
    x: Tensor[tuple[L[4], L[3]]] = dt.randn((4, 3))
    w: Tensor[tuple[L[3], L[2]]] = dt.randn((3, 2))
    properties(x)
    grads = tape(x, w)
    assert grads[w].shape == (3, 2)
    big_x: Tensor[tuple[L[2], L[784]], OwnedTape] = dt.randn((2, 784)).trace()
    big_w: Tensor[tuple[L[784], L[10]]] = dt.randn((784, 10))
    assert symbolic(big_x, big_w).shape == (2, 10)
    assert markers(dt.zeros((2, 784)), dt.zeros((3, 3))) == 787


if __name__ == "__main__":
    main()
