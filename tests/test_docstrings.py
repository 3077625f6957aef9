"""Every public name has a docstring: a one-line summary, its tensors' shapes, and a PyTorch line.

The public API walked here: ``dfdx_typed.__all__``; the names ``dt.nn``, ``dt.nn.init``, ``dt.optim``,
``dt.losses`` and ``dfdx_typed._shapecheck`` export (their ``__all__``, or, without one, the
``from .x import Name as Name`` re-exports of their ``__init__.py``: the explicit re-export form that
mypy and pyright read); every public method and property of each exported class and of its
dfdx_typed base classes; and the operator methods users reach through syntax (``x + y``, ``grads[w]``,
``len(seq)``).

The rules, each checked on every name before the test fails, so one run lists every offender:

- a docstring whose first line is a one-line summary (a blank line follows it);
- a line starting with ``PyTorch:`` (the equivalent, or ``PyTorch: none — <why>``);
- for a callable that takes or returns a ``Tensor`` (by its annotations): a paragraph starting with
  ``Shapes:`` that names each ``Tensor`` argument as ````name: (dims)````;
- a module needs only a docstring (a package has no single PyTorch counterpart).

An override of a documented base method shares the base's docstring (``inspect.getdoc``), except
``forward``, whose shapes are each layer's own.
"""

from __future__ import annotations

import ast
import inspect
import re
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

import dfdx_typed as dt
import dfdx_typed._shapecheck as shapecheck_package

PACKAGES: list[types.ModuleType] = [dt, dt.nn, dt.nn.init, dt.optim, dt.losses, shapecheck_package]

# Exported names that are not defined by dfdx_typed, so their docstrings are not ours to write.
FOREIGN = {
    "dfdx_typed.float32": "numpy dtype",
    "dfdx_typed.float64": "numpy dtype",
    "dfdx_typed.int32": "numpy dtype",
    "dfdx_typed.int64": "numpy dtype",
    "dfdx_typed.bool_": "numpy dtype",
    "dfdx_typed.REGISTRY": "a dict: op name -> registered primitive",
    "dfdx_typed.optim.GradsLike": "a type alias (a Union)",
}

# Operator methods reached through syntax rather than by name.
SYNTAX_METHODS = frozenset({
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__pow__", "__neg__", "__matmul__", "__rmatmul__", "__getitem__", "__lt__",
    "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__len__", "__bool__", "__array__",
    "__call__", "__iter__", "__contains__",
})

_SHAPES_ARG = "``{name}: "


def exported_names(package: types.ModuleType) -> list[str]:
    """``__all__``; else, for a package, the ``from .x import Name as Name`` re-exports of its
    ``__init__``, and for a plain module (``dt.nn.init``) the public functions and classes it defines."""
    names: list[str] | None = getattr(package, "__all__", None)
    if names is not None:
        return list(names)
    if not hasattr(package, "__path__"):
        return [
            name for name, obj in vars(package).items()
            if not name.startswith("_") and isinstance(obj, (type, types.FunctionType))
            and obj.__module__ == package.__name__
        ]
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    return [
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name and not alias.name.startswith("_")
    ]


def _is_ours(obj: Any) -> bool:
    if isinstance(obj, types.ModuleType):
        return obj.__name__.startswith("dfdx_typed")
    if isinstance(obj, (type, types.FunctionType)):
        return obj.__module__.startswith("dfdx_typed")
    # An instance of one of our classes (dt.shapecheck is a ShapeCheck object).
    return type(obj).__module__.startswith("dfdx_typed")


def exported_objects() -> dict[str, Any]:
    """``{"dfdx_typed.nn.Linear": Linear, ...}``, each object once (under its first name)."""
    out: dict[str, Any] = {}
    seen: set[int] = set()
    for package in PACKAGES:
        for name in exported_names(package):
            obj = getattr(package, name)
            if id(obj) not in seen:
                seen.add(id(obj))
                out[f"{package.__name__}.{name}"] = obj
    return out


def _function_of(attr: Any) -> Callable[..., Any] | None:
    if isinstance(attr, property):
        return attr.fget
    if isinstance(attr, (classmethod, staticmethod)):
        func: Callable[..., Any] = attr.__func__
        return func
    if isinstance(attr, types.FunctionType):
        return attr
    return None


def class_members(cls: type) -> Iterator[tuple[str, Callable[..., Any], str]]:
    """``(qualified name, function, docstring)`` of each public method/property of ``cls`` and of its
    dfdx_typed bases (operator methods included)."""
    for klass in cls.__mro__:
        if not klass.__module__.startswith("dfdx_typed"):
            continue
        for name, attr in vars(klass).items():
            if name.startswith("_") and name not in SYNTAX_METHODS:
                continue
            func = _function_of(attr)
            if func is None:
                continue
            doc = func.__doc__
            if not doc and name != "forward":
                doc = _inherited_doc(klass, name)
            yield f"{klass.__module__}.{klass.__qualname__}.{name}", func, inspect.cleandoc(doc or "")


def _inherited_doc(klass: type, name: str) -> str | None:
    for base in klass.__mro__[1:]:
        if base.__module__.startswith("dfdx_typed") and name in vars(base):
            func = _function_of(vars(base)[name])
            if func is not None and func.__doc__:
                return func.__doc__
    return None


def documented_api() -> dict[str, tuple[Any, str]]:
    """Every name the rules apply to: ``{qualified name: (object, cleaned docstring)}``."""
    api: dict[str, tuple[Any, str]] = {}
    for qualname, obj in exported_objects().items():
        if qualname in FOREIGN:
            continue
        doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else obj.__doc__
        api[qualname] = (obj, inspect.cleandoc(doc or ""))
        if isinstance(obj, type):
            for member_name, func, member_doc in class_members(obj):
                api.setdefault(member_name, (func, member_doc))
    return api


def _mentions_tensor(annotation: Any) -> bool:
    if annotation is inspect.Parameter.empty:
        return False
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return re.search(r"\bTensor\b", text) is not None


def tensor_arguments(obj: Any) -> tuple[list[str], bool] | None:
    """The names of the ``Tensor`` arguments of a callable (``self`` excluded) and whether it
    returns one; ``None`` when it takes and returns none (or is not a callable we can read)."""
    if not callable(obj) or isinstance(obj, types.ModuleType):
        return None
    try:
        sig = inspect.signature(obj)  # of a class: its constructor's, without self
    except (TypeError, ValueError):
        return None
    args = [p.name for p in sig.parameters.values() if p.name != "self" and _mentions_tensor(p.annotation)]
    returns = not isinstance(obj, type) and _mentions_tensor(sig.return_annotation)
    if not args and not returns:
        return None
    return args, returns


def problems_of(qualname: str, obj: Any, doc: str) -> list[str]:
    """What is wrong with one docstring (empty when nothing)."""
    if not doc.strip():
        return [f"{qualname}: no docstring"]
    problems = []
    lines = doc.splitlines()
    if not lines[0].strip():
        problems.append(f"{qualname}: the first line is not a summary")
    elif len(lines) > 1 and lines[1].strip():
        problems.append(f"{qualname}: the summary runs over one line (no blank line after it)")
    if isinstance(obj, types.ModuleType):
        return problems
    if not any(line.startswith("PyTorch:") for line in lines):
        problems.append(f"{qualname}: no line starting with 'PyTorch:'")
    tensors = tensor_arguments(obj)
    if tensors is not None:
        paragraphs = [p.strip() for p in doc.split("\n\n")]
        shapes = [p for p in paragraphs if p.startswith("Shapes:")]
        if not shapes:
            problems.append(f"{qualname}: takes or returns a Tensor but has no 'Shapes:' paragraph")
        else:
            missing = [a for a in tensors[0] if _SHAPES_ARG.format(name=a) not in shapes[0]]
            if missing:
                problems.append(f"{qualname}: the 'Shapes:' paragraph does not give {missing}")
    return problems


API = documented_api()


def test_the_walk_finds_the_api() -> None:
    # Guard the walk itself: it reaches functions, layers, their forwards, Tensor's methods and
    # operators, Gradients, optimizers and losses.
    for expected in [
        "dfdx_typed.zeros", "dfdx_typed.nn.Linear", "dfdx_typed.nn.linear.Linear.forward",
        "dfdx_typed._tensor.Tensor.sum", "dfdx_typed._tensor.Tensor.__matmul__",
        "dfdx_typed._tensor.Tensor.T", "dfdx_typed._tape.Gradients.__getitem__",
        "dfdx_typed.optim.Adam", "dfdx_typed.optim.optimizer.Optimizer.update",
        "dfdx_typed.losses.cross_entropy", "dfdx_typed.nn.module.Module.state_dict",
        "dfdx_typed.shapecheck", "dfdx_typed._shapecheck.ShapeCheck", "dfdx_typed.nn.init.uniform",
    ]:
        assert expected in API, expected
    assert len(API) > 300, len(API)


def test_foreign_exports_are_what_the_table_says() -> None:
    # A new export not defined here must be added to FOREIGN knowingly, not slip past the rules.
    exported = exported_objects()
    foreign = {name for name, obj in exported.items() if not _is_ours(obj)}
    assert foreign == set(FOREIGN)
    for name in ("float32", "float64", "int32", "int64", "bool_"):
        assert isinstance(getattr(dt, name), (np.dtype, type)), name


def test_every_public_name_is_documented() -> None:
    problems = [p for qualname, (obj, doc) in sorted(API.items()) for p in problems_of(qualname, obj, doc)]
    assert problems == [], f"{len(problems)} docstring problems:\n" + "\n".join(problems)


def test_the_rules_catch_offenders() -> None:
    # The checker itself, on made-up functions: each rule fires and a good docstring passes.
    def undocumented(x: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
        return x

    def no_pytorch(x: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
        """Identity.

        Shapes: ``x: (...)`` -> same shape as ``x``.
        """
        return x

    def no_shapes(x: dt.Tensor[Any, Any], y: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
        """Identity.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``x``.
        """
        return x

    def good(x: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
        """Identity.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``x``.
        """
        return x

    def check(f: Callable[..., Any]) -> list[str]:
        return problems_of("f", f, inspect.cleandoc(f.__doc__ or ""))

    assert check(undocumented) == ["f: no docstring"]
    assert check(no_pytorch) == ["f: no line starting with 'PyTorch:'"]
    assert check(no_shapes) == ["f: the 'Shapes:' paragraph does not give ['y']"]
    assert check(good) == []
