"""The op registry: every op is (name, shape rule, forward, vjp), and this is the only tape plumbing.

A *primitive* supplies a forward function on arrays and one vjp per argument (autograd's ``defvjp``
style); :func:`apply` runs the shape rule, the forward, and (only when an operand is traced) records a
node. A *composite* op is written with other ops and has no vjp of its own; it is registered so that
the op name joins shape rule, stub, plugin, tests and docs (a test fails when one of them is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from ._backend import Array

if TYPE_CHECKING:
    from ._tensor import Tensor

ShapeRule = Callable[..., Any]
"""``rule(op_name, *operand_shapes, **params) -> output shape`` (from :mod:`dfdx_typed.shapes`)."""
Forward = Callable[..., Array]
"""``forward(*operand_arrays, **params) -> array``."""
Vjp = Callable[..., Array]
"""``vjp(g, ans, *operand_arrays, **params) -> gradient of one operand``."""


class _NonDiff:
    """Marks an argument that has no gradient by nature (an index, a condition)."""

    def __repr__(self) -> str:
        return "nondiff"


NONDIFF: Final = _NonDiff()


class MissingVjpError(NotImplementedError):
    """A traced operand reached a primitive that has no vjp for it."""


@dataclass(eq=False)
class Primitive:
    """An op with its own derivative. ``vjps[i]`` is the vjp for argument ``i``.

    ``unbroadcast`` means the vjps return gradients in the *output's* shape and the plumbing sums
    them back to each operand's shape, so broadcasting ops write their derivative once.
    """

    name: str
    forward: Forward
    shape_rule: ShapeRule | None = None
    vjps: tuple[Vjp | _NonDiff | None, ...] | None = None
    unbroadcast: bool = False
    variadic_vjp: Callable[..., Array] | None = None
    """For ops over any number of operands (concat): ``variadic_vjp(i, g, ans, *arrays, **params)``."""

    def defvjp(self, *vjps: Vjp | _NonDiff | None) -> None:
        self.vjps = vjps

    def is_nondiff(self, i: int) -> bool:
        """Argument ``i`` has no gradient by nature (an index); a *missing* vjp is not that."""
        return (
            self.variadic_vjp is None
            and self.vjps is not None
            and i < len(self.vjps)
            and self.vjps[i] is NONDIFF
        )

    def vjp_for(self, i: int) -> Vjp | _NonDiff:
        if self.variadic_vjp is not None:
            fn = self.variadic_vjp
            return lambda g, ans, *arrays, **params: fn(i, g, ans, *arrays, **params)
        if self.vjps is None or i >= len(self.vjps) or self.vjps[i] is None:
            raise MissingVjpError(
                f"primitive '{self.name}' has no vjp for argument {i}: register one with "
                f"{self.name}.defvjp(...) before tracing through it"
            )
        vjp = self.vjps[i]
        assert vjp is not None
        return vjp


@dataclass(eq=False)
class Composite:
    """An op built from other ops; its gradient comes from theirs."""

    name: str
    shape_rule: ShapeRule | None = None


REGISTRY: dict[str, Primitive | Composite] = {}


def primitive(
    name: str,
    forward: Forward,
    shape_rule: ShapeRule | None = None,
    *vjps: Vjp | _NonDiff | None,
    unbroadcast: bool = False,
) -> Primitive:
    """Register a primitive. ``shape_rule=None`` means the output has the first operand's shape."""
    if name in REGISTRY:
        raise ValueError(f"op '{name}' is registered twice")
    prim = Primitive(name, forward, shape_rule, tuple(vjps) if vjps else None, unbroadcast)
    REGISTRY[name] = prim
    return prim


def composite(name: str, shape_rule: ShapeRule | None = None) -> Composite:
    if name in REGISTRY:
        raise ValueError(f"op '{name}' is registered twice")
    comp = Composite(name, shape_rule)
    REGISTRY[name] = comp
    return comp


class Node:
    """One recorded application of a primitive: what backward needs to call its vjps."""

    __slots__ = ("prim", "inputs", "ans", "params", "parents", "uids", "shapes", "released")

    def __init__(
        self,
        prim: Primitive,
        inputs: tuple[Any, ...],
        ans: Array,
        params: dict[str, Any],
        parents: tuple[Node | None, ...],
        uids: tuple[int, ...],
        shapes: tuple[tuple[int, ...], ...],
    ) -> None:
        self.prim = prim
        self.inputs = inputs
        self.ans = ans
        self.params = params
        self.parents = parents
        self.uids = uids
        self.shapes = shapes
        self.released = False

    def release(self) -> None:
        """Drop the saved arrays and the links upstream once backward has used them."""
        self.inputs = ()
        self.parents = ()
        self.released = True


def apply(prim: Primitive, args: tuple[Any, ...], params: dict[str, Any]) -> Tensor[Any, Any]:
    """Run a primitive: shape rule first, then numpy, then (if anything is traced) record a node.

    ``args`` are tensors or Python scalars; scalars have no gradient and keep numpy's weak-scalar
    promotion (``float32_tensor * 2.0`` stays float32).
    """
    from ._tensor import Tensor

    datas: list[Any] = []
    shapes: list[tuple[int, ...]] = []
    traced = False
    for a in args:
        if isinstance(a, Tensor):
            datas.append(a._data)
            shapes.append(a._data.shape)
            traced = traced or a._traced
        else:
            datas.append(a)
            shapes.append(())
    if prim.shape_rule is not None:
        expected = prim.shape_rule(prim.name, *shapes, **params)
    else:
        expected = shapes[0]
    out = prim.forward(*datas, **params)
    if not isinstance(out, np.ndarray):
        out = np.asarray(out)
    if out.shape != expected:
        raise AssertionError(
            f"internal error: {prim.name} produced {out.shape} but its shape rule says {expected}"
        )
    if not traced:
        return Tensor._wrap(out)
    parents: list[Node | None] = []
    uids: list[int] = []
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            if a._traced or a._node is not None:
                # Fail at record time, not at backward, so the missing vjp is named where it is used.
                prim.vjp_for(i)
            parents.append(a._node)
            uids.append(a._uid)
        else:
            parents.append(None)
            uids.append(-1)
    node = Node(prim, tuple(datas), out, params, tuple(parents), tuple(uids), tuple(shapes))
    return Tensor._wrap(out, node)


def call(name: str, *args: Any, **params: Any) -> Tensor[Any, Any]:
    """Apply the registered primitive ``name`` (used by tests that walk the registry)."""
    op = REGISTRY[name]
    if not isinstance(op, Primitive):
        raise TypeError(f"'{name}' is a composite op, not a primitive")
    return apply(op, args, params)

