"""The op registry: every op is (name, shape rule, forward, vjp), and this is the only tape plumbing.

A *primitive* supplies a forward function on arrays and one vjp per argument (autograd's ``defvjp``
style); :func:`apply` runs the shape rule, the forward, and (only when an operand is traced) records a
node. A *composite* op is written with other ops and has no vjp of its own; it is registered so that
the op name joins shape rule, stub, plugin, tests and docs (a test fails when one of them is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from ._backend import Array

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
    """A traced operand reached a primitive that has no vjp for it.

    PyTorch: none — the nearest is an autograd.Function without a backward.
    """


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


_RULE_CACHE: dict[tuple[Any, ...], Any] = {}
_RULE_CACHE_LIMIT: Final = 4096


def _remember_rule(prim: Primitive, shapes: tuple[tuple[int, ...], ...]) -> Any:
    """Run the shape rule of a param-less op and remember its answer for these shapes.

    Rules are pure functions of the op name, the shapes and the params, and run-time shapes are
    tuples of ints, so for ops without params (the broadcasting binaries, matmul: most ops of a
    network) the answer is remembered per shape tuple. A rule that raises is never remembered: it
    raises again on the next call. Ops with params always run their rule: as dict keys, ``1``,
    ``True`` and ``1.0`` are one key, so one spelling of a param could answer for another.
    """
    assert prim.shape_rule is not None
    expected = prim.shape_rule(prim.name, *shapes)
    if len(_RULE_CACHE) >= _RULE_CACHE_LIMIT:
        _RULE_CACHE.clear()
    _RULE_CACHE[(prim, shapes)] = expected
    return expected


_anomaly_wrap: Callable[[Primitive], Primitive] | None = None
"""Set by :func:`dfdx_typed.set_anomaly_mode`: maps each primitive to its checking copy."""


def _operands(datas: list[Any]) -> str:
    return ", ".join(
        f"operand {i} {tuple(d.shape)} {d.dtype}" if isinstance(d, np.ndarray) else f"operand {i} = {d!r}"
        for i, d in enumerate(datas)
    )


def apply(prim: Primitive, args: tuple[Any, ...], params: dict[str, Any]) -> Tensor[Any, Any]:
    """Run a primitive: shape rule first, then numpy, then (if anything is traced) record a node.

    ``args`` are tensors or Python scalars; scalars have no gradient and keep numpy's weak-scalar
    promotion (``float32_tensor * 2.0`` stays float32).
    """
    # Every op of a model passes through here, so it is written for speed: no per-call imports or
    # helper calls, the tensor built in place, and the recording work only when something is traced.
    if _anomaly_wrap is not None:  # anomaly mode (dfdx_typed._anomaly): a checking copy of the op
        prim = _anomaly_wrap(prim)
    traced = False
    datas: list[Any] = []
    shape_list: list[tuple[int, ...]] = []
    for a in args:
        if isinstance(a, Tensor):
            data = a._data
            datas.append(data)
            shape_list.append(data.shape)
            if a._traced:
                traced = True
        else:
            datas.append(a)
            shape_list.append(())
    shapes = tuple(shape_list)
    rule = prim.shape_rule
    expected: Any
    if rule is None:
        expected = shapes[0]
    elif params:
        expected = rule(prim.name, *shapes, **params)
    else:
        expected = _RULE_CACHE.get((prim, shapes))
        if expected is None:
            expected = _remember_rule(prim, shapes)
    try:  # (free when nothing raises)
        out = prim.forward(*datas, **params) if params else prim.forward(*datas)
    except Exception as error:
        # numpy's own message (bool subtract, int overflow, rank above 64) does not say which op or
        # operands; the note does, and keeps the exception's type and message.
        error.add_note(f"in op '{prim.name}' on {_operands(datas)}")
        raise
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if out.shape != expected:
        raise AssertionError(
            f"internal error: {prim.name} produced {out.shape} but its shape rule says {expected}"
        )
    out.setflags(write=False)  # tensors are immutable, np.asarray(t) included
    t: Tensor[Any, Any] = _new_tensor(Tensor)
    t._data = out
    t._uid = next(_uids)
    if not traced:
        t._node = None
        t._traced = False
        return t
    parents: list[Node | None] = []
    uids: list[int] = []
    vjps = prim.vjps
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            if (a._traced or a._node is not None) and prim.variadic_vjp is None and (
                vjps is None or i >= len(vjps) or vjps[i] is None
            ):
                # Fail at record time, not at backward, so the missing vjp is named where it is used.
                prim.vjp_for(i)
            parents.append(a._node)
            uids.append(a._uid)
        else:
            parents.append(None)
            uids.append(-1)
    t._node = Node(prim, tuple(datas), out, params, tuple(parents), tuple(uids), shapes)
    t._traced = True
    return t


def call(name: str, *args: Any, **params: Any) -> Tensor[Any, Any]:
    """Apply the registered primitive ``name`` (used by tests that walk the registry)."""
    op = REGISTRY[name]
    if not isinstance(op, Primitive):
        raise TypeError(f"'{name}' is a composite op, not a primitive")
    return apply(op, args, params)


# Imported last: _tensor imports the ops, which import this module, so this module must be complete
# by then. A module-level name (not an import inside apply) keeps the lookup off the hot path.
from ._tensor import Tensor, _uids  # noqa: E402

_new_tensor = object.__new__
