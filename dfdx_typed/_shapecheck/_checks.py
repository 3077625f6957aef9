"""Checking one call: values against compiled annotations, in jaxtyping's memo.

Every checked call pushes a jaxtyping memo (``jaxtyping._storage.push_shape_memo``), exactly as
``@jaxtyped`` does, so a ``TypeVar`` dim ``B`` and a jaxtyping axis ``"B"`` are one binding: our
checks write ``single_memo["B"]``; jaxtyping annotations and ``isinstance(x, Float[dt.Tensor, "B"])``
made during the call read and write the same entry. A nested checked call pushes its own memo (a
``TypeVar`` is scoped to one signature, as in jaxtyping and in the type checker).

Literal, ``TypeVar``, ``int`` and unpacked dims are checked by jaxtyping's own shape check
(``_check_shape`` of a jaxtyping array type built from the annotation, see ``_compile``). What
jaxtyping has no notion of is done here: ``Mul``/``Add`` dims (evaluated, or solved when one symbol
is still free, after all plain dims of the call are bound), tapes, where each binding came from, and
the error message.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol

from .._tensor import NoneTape, OwnedTape, Tensor
from ..shapes.dims import Poly, format_dim
from ._errors import ShapecheckError

_storage: Any = importlib.import_module("jaxtyping._storage")
_check_dims: Any = importlib.import_module("jaxtyping._array_types")._check_dims

# Key under which a call's Scope is stored in the memo's argument dict (jaxtyping only evaluates
# f-string axis names against that dict, so an extra key is inert), so that ``shapecheck.check``
# inside the body finds the call it belongs to.
SCOPE_KEY = "__dfdx_shapecheck_scope__"
_EARLIER = "an earlier jaxtyping check"


# --- dims as read from an annotation (used to explain a failure and to print the declaration) -----


class Fixed:
    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size


class Named:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class AnyDim:
    __slots__ = ()


class Composite:
    """A ``Mul``/``Add`` dim: a polynomial, kept as ``(coef, ((symbol, power), ...))`` terms."""

    __slots__ = ("poly", "terms", "text")

    def __init__(self, poly: Poly) -> None:
        self.poly = poly
        self.terms = poly.terms
        self.text = format_dim(poly)


class Variadic:
    """An unpacked dim (``*Ts``, a shape ``TypeVar``) or any number of dims (``name`` None)."""

    __slots__ = ("name",)

    def __init__(self, name: str | None) -> None:
        self.name = name


Item = Fixed | Named | AnyDim | Composite | Variadic


def format_items(items: Sequence[Item]) -> str:
    parts = []
    for it in items:
        if isinstance(it, Fixed):
            parts.append(str(it.size))
        elif isinstance(it, Named):
            parts.append(it.name)
        elif isinstance(it, Composite):
            parts.append(it.text)
        elif isinstance(it, Variadic):
            parts.append("..." if it.name is None else f"*{it.name}")
        else:
            parts.append("int")
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def _fmt_shape(shape: tuple[int, ...]) -> str:
    return str(tuple(shape))


def _tape_name(traced: bool) -> str:
    return "OwnedTape" if traced else "NoneTape"


# --- the state of one call ------------------------------------------------------------------------


class Scope:
    """One checked call: jaxtyping's memo for it, and where each binding came from."""

    __slots__ = ("function", "memos", "single", "variadic", "arguments", "origins", "tapes", "pending",
                 "returning")

    def __init__(self, function: str, memos: tuple[Any, Any, Any, Any]) -> None:
        self.function = function
        self.memos = memos
        self.single: dict[str, int] = memos[0]
        self.variadic: dict[str, tuple[bool, tuple[int, ...]]] = memos[1]
        self.arguments: dict[str, Any] = memos[3]
        self.origins: dict[str, str] = {}
        self.tapes: dict[str, list[tuple[type, str]]] = {}
        self.pending: list[tuple[Composite, int, str, tuple[int, ...], str]] = []
        self.returning = False

    def refresh(self) -> None:
        # A failed jaxtyping ``isinstance`` in the body puts copies of the memo back on the stack
        # (``set_shape_memo``); continue with whatever is there now.
        self.memos = _storage.get_shape_memo()
        self.single, self.variadic, _, self.arguments = self.memos

    def sync(self) -> None:
        """Refresh if the memo on top of jaxtyping's stack is no longer the one this call pushed."""
        if _storage._shape_storage.memo_stack[-1] is not self.memos:
            self.refresh()

    def fail(self, where: str, detail: str, shape: tuple[int, ...] | None, declared: str,
             code: Any = "shape") -> ShapecheckError:
        tail = "" if shape is None else f" — shape {_fmt_shape(shape)}, declared {declared}"
        return ShapecheckError(code, f"{self.function}: {where}: {detail}{tail}", self.function, where)

    def resolve(self) -> None:
        """Evaluate the pending ``Mul``/``Add`` dims now that the plain dims are bound.

        A dim with exactly one free symbol, appearing linearly, binds it (``Mul[B, L[784]]`` of size
        7840 gives ``B = 10``); several rounds let such a binding unlock the next dim. What is still
        undetermined is tried again after the return value (which may bind its symbols), and then
        accepted (``Mul[B, C]`` with neither bound anywhere): no false errors.
        """
        pending = self.pending
        while pending:
            left = [p for p in pending if not self._evaluate(*p)]
            if len(left) == len(pending):
                break
            pending = left
        self.pending = pending

    def _evaluate(self, comp: Composite, size: int, where: str, shape: tuple[int, ...],
                  declared: str) -> bool:
        single = self.single
        constant = 0
        slope = 0
        free: str | None = None
        for mono, coef in comp.terms:
            value = coef
            term_free: str | None = None
            for name, power in mono:
                bound = single.get(name)
                if bound is not None:
                    value *= bound**power
                elif term_free is None and power == 1 and (free is None or free == name):
                    term_free = name
                else:
                    return False  # not linear in a single free symbol (yet)
            if term_free is None:
                constant += value
            else:
                free = term_free
                slope += value
        if free is None:
            if constant != size:
                given = ", ".join(
                    f"{s} = {single[s]} ({self.origins.get(s, _EARLIER)})" for s in sorted(comp.poly.symbols)
                )
                raise self.fail(where, f"dim {comp.text} is {size} here but {constant} from {given}",
                                shape, declared)
            return True
        if slope == 0:
            return False
        solution, rest = divmod(size - constant, slope)
        if rest != 0 or solution <= 0:
            raise self.fail(where, f"dim {comp.text} is {size} here, and no positive size of {free} gives "
                                   f"{size}", shape, declared)
        single[free] = solution
        self.origins.setdefault(free, where)
        return True


# --- checkers ---------------------------------------------------------------------------------------


class Checker(Protocol):
    def applies(self, value: Any) -> bool: ...

    def check(self, value: Any, where: str, scope: Scope) -> None: ...


class TapeRule:
    """A declared tape: ``NoneTape``, ``OwnedTape``, ``Any``, a union, or a tape ``TypeVar``.

    The static rules, read the way mypy reads them: a missing tape argument is ``NoneTape`` (the
    ``TypeVar`` default), ``OwnedTape`` is not a ``NoneTape``; a ``TypeVar`` tape accepts any tape in
    the arguments (within its bound) and solves to their join, so the return value must have the one
    tape all those arguments had, or any tape when they differ; a constrained ``TypeVar`` must be one
    of its constraints throughout.
    """

    __slots__ = ("traced_ok", "untraced_ok", "declared", "implicit", "var", "bound", "constraints")

    def __init__(self, *, allowed: tuple[type, ...] = (), declared: str = "", implicit: bool = False,
                 var: str | None = None, bound: tuple[type, ...] | None = None,
                 constraints: tuple[type, ...] = ()) -> None:
        self.traced_ok = var is not None or any(issubclass(OwnedTape, c) for c in allowed)
        self.untraced_ok = var is not None or any(issubclass(NoneTape, c) for c in allowed)
        self.declared = declared
        self.implicit = implicit
        self.var = var
        self.bound = bound
        self.constraints = constraints

    @property
    def accepts_all(self) -> bool:
        return self.var is None and self.traced_ok and self.untraced_ok

    def check(self, traced: bool, where: str, scope: Scope, shape: tuple[int, ...], declared: str) -> None:
        if self.var is None:
            if not (self.traced_ok if traced else self.untraced_ok):
                detail = f"tape is {_tape_name(traced)} but declared {self.declared}"
                if self.implicit:
                    detail += (" (Tensor[S] means Tensor[S, NoneTape], as for the type checker; declare "
                               "OwnedTape, Any or a tape TypeVar to accept traced tensors)")
                raise scope.fail(where, detail, shape, declared, "tape")
            return
        tape: type = OwnedTape if traced else NoneTape
        name = self.var
        if self.bound is not None and not issubclass(tape, self.bound):
            bound = " | ".join(b.__name__ for b in self.bound)
            raise scope.fail(where, f"tape {name} is {tape.__name__} here but its bound is {bound}",
                             shape, declared, "tape")
        seen = scope.tapes.setdefault(name, [])
        if self.constraints:
            tapes = [t for t, _ in seen] + [tape]
            if not any(all(issubclass(t, c) for t in tapes) for c in self.constraints):
                clash = next(((t, w) for t, w in seen if t is not tape), None)
                if clash is None:
                    allowed = ", ".join(c.__name__ for c in self.constraints)
                    detail = f"tape {name} is {tape.__name__} here but must be one of {allowed}"
                else:
                    detail = f"tape {name} is {tape.__name__} here but {clash[0].__name__} from {clash[1]}"
                raise scope.fail(where, detail, shape, declared, "tape")
        elif scope.returning and seen:
            kinds = {t for t, _ in seen}
            if len(kinds) == 1:
                (solved,) = kinds
                if not issubclass(tape, solved):
                    raise scope.fail(where, f"tape {name} is {tape.__name__} here but {solved.__name__} "
                                            f"from {seen[0][1]}", shape, declared, "tape")
        if not scope.returning:
            seen.append((tape, where))


class TensorCheck:
    """One ``Tensor[tuple[...], Tape]`` annotation, or one jaxtyping annotation (``external``)."""

    __slots__ = ("items", "jt", "_check_shape", "jt_dims", "rank", "names", "vnames", "composites", "tape",
                 "plain_tape", "declared", "external", "array_type")

    def __init__(self, items: tuple[Item, ...] | None, jt: Any, tape: TapeRule | None, declared: str,
                 external: bool) -> None:
        self.items = items
        self.jt = jt
        self._check_shape = jt._check_shape
        # Without an unpacked dim, jaxtyping's _check_shape is a rank test and then _check_dims; calling
        # the latter directly saves a metaclass method call per argument.
        self.jt_dims = jt.dims
        self.rank = None if jt.index_variadic is not None else len(jt.dims)
        self.tape = None if tape is None or tape.accepts_all else tape
        self.plain_tape = self.tape is not None and self.tape.var is None
        self.declared = declared
        self.external = external
        self.array_type = jt.array_type
        its = items or ()
        self.names = tuple(dict.fromkeys(i.name for i in its if isinstance(i, Named)))
        self.vnames = tuple((i.name, "*" + i.name) for i in its if isinstance(i, Variadic) and i.name)
        n = len(its)
        iv = next((k for k, i in enumerate(its) if isinstance(i, Variadic)), None)
        # Axes after an unpacked dim are counted from the end.
        self.composites = tuple(
            (k if iv is None or k < iv else k - n, i) for k, i in enumerate(its) if isinstance(i, Composite)
        )

    def applies(self, value: Any) -> bool:
        if self.array_type is Any:
            return hasattr(value, "shape") and hasattr(value, "dtype")
        return isinstance(value, self.array_type)

    def check(self, value: Any, where: str, scope: Scope) -> None:
        if self.external:
            if not self.applies(value):
                return  # not an array: a type checker's business, not a shape check's
            # jaxtyping's full isinstance: dtype, and every kind of axis it knows, in the current memo.
            reason = self.jt.__instancecheck_str__(value)
            if reason:
                scope.refresh()
                raise self._explain(value, where, scope, reason)
            shape = value.shape
        else:
            if not isinstance(value, Tensor):
                return
            shape = value._data.shape
            if self.rank is None:
                reason = self._check_shape(value, scope.single, scope.variadic, scope.arguments)
            elif len(shape) != self.rank:
                reason = "rank"
            else:
                reason = _check_dims(self.jt_dims, shape, scope.single, scope.arguments)
            if reason:
                raise self._explain(value, where, scope, reason)
        origins = scope.origins
        for name in self.names:
            if name not in origins:
                origins[name] = where
        for _, key in self.vnames:
            if key not in origins:
                origins[key] = where
        if self.composites:
            for axis, comp in self.composites:
                scope.pending.append((comp, shape[axis], where, shape, self.declared))
        tape = self.tape
        if tape is not None:
            if self.plain_tape and (tape.traced_ok if value._traced else tape.untraced_ok):
                return
            tape.check(value._traced, where, scope, shape, self.declared)

    def _explain(self, value: Any, where: str, scope: Scope, reason: str) -> ShapecheckError:
        shape = tuple(value.shape)
        detail = None if self.items is None else self._diagnose(shape, where, scope)
        return scope.fail(where, detail or reason, shape, self.declared)

    def _diagnose(self, shape: tuple[int, ...], where: str, scope: Scope) -> str | None:
        """Find the first dim that disagrees, walking in jaxtyping's order (dims before the unpacked
        one, dims after it, then the unpacked one), and say where its other size came from."""
        items = self.items or ()
        n, rank = len(items), len(shape)
        iv = next((k for k, i in enumerate(items) if isinstance(i, Variadic)), None)
        if iv is None and rank != n:
            return f"rank {rank} but declared rank {n}"
        if iv is not None and rank < n - 1:
            return f"rank {rank} but declared rank at least {n - 1}"
        if iv is None:
            walk = list(zip(items, range(n)))
        else:
            walk = [(items[k], k) for k in range(iv)] + [(items[k], rank - (n - k)) for k in range(iv + 1, n)]
        here: dict[str, tuple[int, int]] = {}
        for item, axis in walk:
            size = shape[axis]
            if isinstance(item, Fixed) and size != item.size:
                return f"axis {axis} is {size} but declared {item.size}"
            if isinstance(item, Named):
                name = item.name
                if name in here:
                    first, first_axis = here[name]
                    if first != size:
                        return f"dim {name} is {size} here but {first} from axis {first_axis} of {where}"
                elif name in scope.single and scope.single[name] != size:
                    origin = scope.origins.get(name, _EARLIER)
                    return f"dim {name} is {size} here but {scope.single[name]} from {origin}"
                here.setdefault(name, (size, axis))
        if iv is not None:
            var = items[iv]
            assert isinstance(var, Variadic)
            if var.name is not None and var.name in scope.variadic:
                got = shape[iv: rank - (n - iv - 1)]
                before = scope.variadic[var.name][1]
                if tuple(got) != tuple(before):
                    origin = scope.origins.get("*" + var.name, _EARLIER)
                    return (f"dims *{var.name} are {_fmt_shape(got)} here but {_fmt_shape(before)} "
                            f"from {origin}")
        return None


class TupleCheck:
    """``tuple[A, B]`` of checkable members: each element against its annotation."""

    __slots__ = ("members",)

    def __init__(self, members: tuple[Checker | None, ...]) -> None:
        self.members = members

    def applies(self, value: Any) -> bool:
        return isinstance(value, tuple) and len(value) == len(self.members)

    def check(self, value: Any, where: str, scope: Scope) -> None:
        if self.applies(value):
            for k, (member, element) in enumerate(zip(self.members, value)):
                if member is not None:
                    member.check(element, f"{where}[{k}]", scope)


class SequenceCheck:
    """``list[A]``, ``Sequence[A]``, ``tuple[A, ...]``: every element against ``A``."""

    __slots__ = ("member",)

    def __init__(self, member: Checker) -> None:
        self.member = member

    def applies(self, value: Any) -> bool:
        return isinstance(value, list | tuple)

    def check(self, value: Any, where: str, scope: Scope) -> None:
        if self.applies(value):
            for k, element in enumerate(value):
                self.member.check(element, f"{where}[{k}]", scope)


class UnionCheck:
    """``A | B | None``: the members that apply to the value are tried in order, first fit wins."""

    __slots__ = ("members",)

    def __init__(self, members: tuple[Checker, ...]) -> None:
        self.members = members

    def applies(self, value: Any) -> bool:
        return any(m.applies(value) for m in self.members)

    def check(self, value: Any, where: str, scope: Scope) -> None:
        candidates = [m for m in self.members if m.applies(value)]
        if len(candidates) == 1:
            candidates[0].check(value, where, scope)
            return
        first: ShapecheckError | None = None
        for member in candidates:
            saved = (dict(scope.single), dict(scope.variadic), dict(scope.origins), len(scope.pending),
                     {k: list(v) for k, v in scope.tapes.items()})
            try:
                member.check(value, where, scope)
                return
            except ShapecheckError as err:
                first = first or err
                scope.single.clear()
                scope.single.update(saved[0])
                scope.variadic.clear()
                scope.variadic.update(saved[1])
                scope.origins = saved[2]
                del scope.pending[saved[3]:]
                scope.tapes = saved[4]
        if first is not None:
            raise ShapecheckError(first.code, first.message + " (and no other member of the union fits)",
                                  first.function, first.argument)


def make_scope(function: str) -> Scope:
    """The scope of the innermost checked call, or a throwaway one outside any."""
    memos = _storage.get_shape_memo()
    scope = memos[3].get(SCOPE_KEY)
    if isinstance(scope, Scope):
        scope.refresh()
        return scope
    return Scope(function, memos)


def push(function: str, arguments: dict[str, Any]) -> Scope:
    memos = _storage.push_shape_memo(arguments)
    scope = Scope(function, memos)
    memos[3][SCOPE_KEY] = scope
    return scope


pop = _storage.pop_shape_memo
