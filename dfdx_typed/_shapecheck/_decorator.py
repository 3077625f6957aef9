"""``@dt.shapecheck``: check a function's ``Tensor[...]`` annotations on every call.

Annotations are read and compiled once, when the function is decorated (or, if a name in them is not
defined yet — a method annotated with its own class — on the first call). A function with nothing to
check is returned as it is. jaxtyping is imported on the first decoration, not when dfdx_typed is.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import re
import sys
import types
import typing
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from ._checks import Checker, Scope

_F = TypeVar("_F", bound=Callable[..., Any])
_METHODS = (types.FunctionType, staticmethod, classmethod, property)
_IMPLICIT = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})
_MISSING: Any = object()
_NEVER = sys.maxsize  # the positional index of a keyword-only parameter


def _env_enabled() -> bool:
    return os.environ.get("DFDX_SHAPECHECK", "1").strip().lower() not in ("0", "false", "off", "no")


def _display_name(fn: Any) -> str:
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    return str(qualname).rsplit("<locals>.", 1)[-1]


class _Plan:
    """What to check for one function: (name, positional index, checker, default, label) per
    annotated parameter, then ``*args``, ``**kwargs`` and the return value."""

    __slots__ = ("name", "params", "varargs", "varkw", "ret", "posnames", "empty")

    def __init__(self, name: str) -> None:
        self.name = name
        self.params: list[tuple[str, int, Checker, Any, str, bool]] = []
        self.varargs: tuple[str, int, Checker] | None = None
        self.varkw: tuple[str, frozenset[str], Checker] | None = None
        self.ret: Checker | None = None
        self.posnames: tuple[str, ...] = ()
        self.empty = True

    def seal(self) -> _Plan:
        self.empty = not self.params and self.varargs is None and self.varkw is None and self.ret is None
        return self

    def check_args(self, args: tuple[Any, ...], kwargs: dict[str, Any], scope: Scope) -> None:
        n = len(args)
        for name, index, checker, default, where, by_keyword in self.params:
            if index < n:
                value = args[index]
            else:
                value = kwargs.get(name, default) if by_keyword else default
                if value is _MISSING:
                    continue  # a missing argument: the call itself will raise the TypeError
            checker.check(value, where, scope)
        if self.varargs is not None:
            name, start, checker = self.varargs
            for k in range(start, n):
                checker.check(args[k], f"argument {name}[{k - start}]", scope)
        if self.varkw is not None:
            name, named, checker = self.varkw
            for key, value in kwargs.items():
                if key not in named:
                    checker.check(value, f"argument {name}[{key!r}]", scope)
        if scope.pending:
            scope.resolve()


def _hints(fn: Any, localns: dict[str, Any] | None) -> tuple[dict[str, Any], bool]:
    """Resolved annotations, and whether all of them resolved."""
    try:
        return typing.get_type_hints(fn, localns=localns, include_extras=True), True
    except Exception:  # noqa: BLE001 - one bad annotation must not hide the others
        pass
    raw = getattr(fn, "__annotations__", None) or {}
    globalns = getattr(inspect.unwrap(fn), "__globals__", {})
    hints: dict[str, Any] = {}
    complete = True
    for name, ann in raw.items():

        def holder() -> None: ...

        holder.__annotations__ = {"value": ann}
        try:
            hints[name] = typing.get_type_hints(holder, globalns, localns, include_extras=True)["value"]
        except Exception:  # noqa: BLE001 - left unchecked, as jaxtyping leaves unresolvable names
            complete = False
    return hints, complete


def _build(fn: Any, localns: dict[str, Any] | None) -> tuple[_Plan, bool]:
    from ._compile import compile_annotation

    plan = _Plan(_display_name(fn))
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return plan, True  # a builtin or other object without a Python signature: nothing to check
    hints, complete = _hints(fn, localns)
    posnames: list[str] = []
    named: set[str] = set()
    P = inspect.Parameter
    for p in signature.parameters.values():
        checker = compile_annotation(hints[p.name]) if p.name in hints else None
        default = _MISSING if p.default is P.empty else p.default
        if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD):
            posnames.append(p.name)
            index = len(posnames) - 1
        else:
            index = _NEVER
        if p.kind == P.VAR_POSITIONAL:
            if checker is not None:
                plan.varargs = (p.name, len(posnames), checker)
            continue
        if p.kind == P.VAR_KEYWORD:
            if checker is not None:
                plan.varkw = (p.name, frozenset(named), checker)
            continue
        named.add(p.name)
        if checker is not None:
            plan.params.append((p.name, index, checker, default, f"argument {p.name}",
                                p.kind != P.POSITIONAL_ONLY))
    if "return" in hints:
        plan.ret = compile_annotation(hints["return"])
    plan.posnames = tuple(posnames)
    return plan.seal(), complete


# A def inside a function runs the decorator on every call of that function (the import hook puts one
# on every def): the plan is kept per code object and reused while the annotations, the defaults and
# the local names that string annotations mention are the same objects.
_Key = tuple[dict[str, Any], tuple[Any, ...], tuple[Any, ...]]
_plans: weakref.WeakKeyDictionary[Any, tuple[_Key, _Plan]] = weakref.WeakKeyDictionary()
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def _key(fn: Any, annotations: dict[str, Any], localns: dict[str, Any] | None) -> _Key:
    defaults = (*(fn.__defaults__ or ()), *(fn.__kwdefaults__ or {}).values())
    names: tuple[Any, ...] = ()
    if localns is not None:
        words = {w for a in annotations.values() if isinstance(a, str) for w in _IDENTIFIER.findall(a)}
        names = tuple(localns[w] for w in sorted(words) if w in localns)
    return annotations, defaults, names


def _same(a: _Key, b: _Key) -> bool:
    if len(a[1]) != len(b[1]) or len(a[2]) != len(b[2]):
        return False
    if not all(x is y for x, y in zip(a[1] + a[2], b[1] + b[2])):
        return False
    try:
        return bool(a[0] == b[0])
    except Exception:  # noqa: BLE001 - an annotation whose == misbehaves: build afresh
        return False


def _plan_for(fn: Any, localns: dict[str, Any] | None) -> tuple[_Plan, bool]:
    code = getattr(fn, "__code__", None)
    annotations = getattr(fn, "__annotations__", None)
    if code is None or not isinstance(annotations, dict):
        return _build(fn, localns)
    key = _key(fn, annotations, localns)
    cached = _plans.get(code)
    if cached is not None and _same(key, cached[0]):
        return cached[1], True
    plan, complete = _build(fn, localns)
    if complete:
        _plans[code] = ((dict(annotations), key[1], key[2]), plan)
    return plan, complete


class _Deferred:
    """A plan some of whose names were not defined at decoration time: built on the first call."""

    __slots__ = ("fn", "localns", "plan")

    def __init__(self, fn: Any, localns: dict[str, Any] | None) -> None:
        self.fn = fn
        self.localns = localns
        self.plan: _Plan | None = None

    def get(self) -> _Plan:
        if self.plan is None:
            self.plan, _ = _build(self.fn, self.localns)
            self.localns = None
        return self.plan


def _caller_locals() -> dict[str, Any] | None:
    # The namespace the decorator runs in: a class body (for names defined there) or a function
    # (TypeVars defined locally). At module level the globals already serve.
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None or frame.f_locals is frame.f_globals:
        return None
    return frame.f_locals


def _resolve_typechecker(typechecker: Callable[[Any], Any] | str | None) -> Callable[[Any], Any] | None:
    if typechecker is None or callable(typechecker):
        return typechecker
    module, _, attr = typechecker.rpartition(".")
    resolved: Callable[[Any], Any] = getattr(importlib.import_module(module), attr)
    return resolved


class ShapeCheck:
    """The ``@dt.shapecheck`` decorator (an object, so that it carries its switch and helpers).

    ``enabled``: set to False to make every decorated function skip its checks (one attribute read
    per call remains). With ``DFDX_SHAPECHECK=0`` in the environment when dfdx_typed is imported, the
    decorator returns functions unchanged (no cost at all) and the import hook instruments nothing.

    PyTorch: none — jaxtyping's ``@jaxtyped(typechecker=beartype)`` is the nearest.
    """

    enabled: bool

    def __init__(self) -> None:
        self.enabled = True
        self.active = _env_enabled()

    @overload
    def __call__(self, fn: _F, /) -> _F: ...

    @overload
    def __call__(
        self, fn: None = None, /, *, typechecker: Callable[[Any], Any] | str | None = None
    ) -> Callable[[_F], _F]: ...

    def __call__(
        self, fn: Any = None, /, *, typechecker: Callable[[Any], Any] | str | None = None
    ) -> Any:
        """Check ``fn``'s ``Tensor[...]`` and jaxtyping annotations on every call.

        ``fn``: a function, method, ``staticmethod``/``classmethod``/``property``, or a class (each
        method defined in its body is checked; for a dataclass, that includes ``__init__``); its
        tensor arguments and return value may have any shapes its annotations allow.
        ``typechecker`` (e.g. ``beartype.beartype``, ``typeguard.typechecked`` or the dotted name of
        one): also run that type checker on ``fn``, inside the same jaxtyping memo, so its checks of
        jaxtyping annotations share the dims.

        Raises :class:`dfdx_typed.ShapecheckError` (a ``ShapeError``) naming the function, the
        argument, the dim and the two sizes.

        PyTorch: none — jaxtyping's ``@jaxtyped`` is the nearest.
        """
        if fn is None:
            return functools.partial(self._decorate, typechecker=typechecker, localns=_caller_locals())
        return self._decorate(fn, typechecker=typechecker, localns=_caller_locals())

    def _decorate(self, fn: Any, *, typechecker: Callable[[Any], Any] | str | None,
                  localns: dict[str, Any] | None) -> Any:
        if not self.active or getattr(fn, "__dfdx_shapecheck__", False):
            return fn
        again = functools.partial(self._decorate, typechecker=typechecker, localns=localns)
        if isinstance(fn, staticmethod | classmethod):
            return type(fn)(again(fn.__func__))
        if isinstance(fn, property):
            fget, fset, fdel = (None if f is None else again(f) for f in (fn.fget, fn.fset, fn.fdel))
            return property(fget, fset, fdel, fn.__doc__)
        if isinstance(fn, type):
            # Every method defined in the class body (a dataclass's generated __init__ included); not
            # the methods Python makes implicitly static or class methods at class creation, which a
            # plain function set afterwards would break.
            for name, attr in list(vars(fn).items()):
                if name not in _IMPLICIT and isinstance(attr, _METHODS):
                    setattr(fn, name, again(attr))
            return fn
        if getattr(fn, "__no_type_check__", False) or not callable(fn):
            return fn
        checker = _resolve_typechecker(typechecker)
        inner = fn if checker is None else checker(fn)
        plan, complete = _plan_for(fn, localns)
        if complete and plan.empty:
            return inner
        return self._wrap(fn, inner, plan if complete else _Deferred(fn, localns))

    def _wrap(self, fn: Any, inner: Callable[..., Any], plan_or_deferred: _Plan | _Deferred) -> Any:
        from . import _checks

        push, pop = _checks.push, _checks.pop
        switch = self
        fixed = plan_or_deferred if isinstance(plan_or_deferred, _Plan) else None
        deferred = plan_or_deferred if isinstance(plan_or_deferred, _Deferred) else None

        @functools.wraps(fn)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not switch.enabled:
                return inner(*args, **kwargs)
            plan = fixed if deferred is None else deferred.get()
            assert plan is not None
            if plan.empty:
                return inner(*args, **kwargs)
            arguments = dict(zip(plan.posnames, args))
            if kwargs:
                arguments.update(kwargs)
            scope = push(plan.name, arguments)
            try:
                plan.check_args(args, kwargs, scope)
                out = inner(*args, **kwargs)
                if plan.ret is not None:
                    scope.sync()
                    scope.returning = True
                    plan.ret.check(out, "return value", scope)
                    if scope.pending:
                        scope.resolve()
                return out
            finally:
                pop()

        checked.__dfdx_shapecheck__ = True  # type: ignore[attr-defined]
        return checked

    def check(self, value: Any, annotation: Any, name: str = "value") -> None:
        """Check ``value`` against ``annotation`` (``Tensor[...]`` or jaxtyping) in the current call.

        The dims are the current checked call's, as ``isinstance(x, Float[Tensor, "b"])`` uses them in a
        ``@jaxtyped`` function. Outside any checked call, the dims are fresh. Raises :class:`ShapecheckError`.

        PyTorch: none — PyTorch shapes are not checked against annotations.
        """
        if not (self.active and self.enabled):
            return
        from ._checks import make_scope
        from ._compile import compile_annotation

        checker = compile_annotation(annotation)
        if checker is None:
            return
        scope = make_scope("check")
        checker.check(value, name, scope)
        if scope.pending:
            scope.resolve()

    def install_import_hook(self, packages: str | Sequence[str], typechecker: str | None = None) -> Any:
        """Check every function of ``packages`` imported from now on, as if each were decorated.

        Built on jaxtyping's import hook (its finder, loader and AST transformer), with
        ``@dfdx_typed.shapecheck`` (``typechecker``: also that dotted type checker) put where
        jaxtyping puts ``@jaxtyped``. Returns a context manager; ``.uninstall()`` removes the hook.

        PyTorch: none — jaxtyping's ``install_import_hook`` is the nearest.
        """
        from ._hook import install_import_hook

        return install_import_hook(packages, typechecker, active=self.active)

    def run_path(self, path: str, run_name: str = "__main__") -> dict[str, Any]:
        """``runpy.run_path`` with every function of the script checked (for running examples).

        PyTorch: none — PyTorch shapes are not checked against annotations.
        """
        from ._hook import run_path

        return run_path(path, run_name, active=self.active)


shapecheck = ShapeCheck()
