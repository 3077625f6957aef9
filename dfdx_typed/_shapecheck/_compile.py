"""Annotations to checkers, once per function.

``Tensor[tuple[B, L[784], int, *Ts], T]`` becomes the jaxtyping array type ``Shaped[Tensor,
'B 784 _ *Ts']`` — built from jaxtyping's own dim objects, so a ``TypeVar`` called ``_B`` (which the
string syntax would read as anonymous) keeps its name — plus what jaxtyping cannot express: the
``Mul``/``Add`` dims (anonymous to jaxtyping, evaluated by ``Scope.resolve``) and the tape rule.
A jaxtyping annotation (``Float[dt.Tensor, "b 784"]``) is used as it is.

Dims that are not understood (a ``NewType``, a bare ``Mul``) are treated as ``int``: a boundary
check must never report an error the annotation does not imply.
"""

from __future__ import annotations

import collections.abc
import importlib
import types
import typing
from typing import Any, get_args, get_origin

import typing_extensions

from .._markers import Add, Mul
from .._tensor import Tensor
from ..shapes import dims as D
from ._checks import (
    AnyDim,
    Checker,
    Composite,
    Fixed,
    Item,
    Named,
    SequenceCheck,
    TapeRule,
    TensorCheck,
    TupleCheck,
    UnionCheck,
    Variadic,
    format_items,
)

_jt: Any = importlib.import_module("jaxtyping._array_types")

_UNPACKS = {typing.Unpack, typing_extensions.Unpack}
_TYPEVARTUPLES = (typing.TypeVarTuple, typing_extensions.TypeVarTuple)
_UNIONS = {typing.Union, types.UnionType}
_SEQUENCES = {list, collections.abc.Sequence, collections.abc.MutableSequence}
# The tape a Tensor gets when its annotation names none: the TypeVar default, read from the class so
# that the run time and the type checker cannot disagree.
_DEFAULT_TAPE: Any = Tensor.__parameters__[1].__default__  # type: ignore[attr-defined]


_cache: dict[Any, Checker | None] = {}


def compile_annotation(ann: Any) -> Checker | None:
    """The checker for one parameter or return annotation; None when it declares nothing checkable.

    Checkers hold no per-call state, so one is shared by every function with an equal annotation.
    """
    try:
        return _cache[ann]
    except KeyError:
        checker = _cache[ann] = _compile(ann)
        return checker
    except TypeError:  # an unhashable annotation
        return _compile(ann)


def _compile(ann: Any) -> Checker | None:
    origin = get_origin(ann)
    if ann is Tensor or (isinstance(origin, type) and issubclass(origin, Tensor)):
        return _compile_tensor(ann)
    if isinstance(ann, type) and issubclass(ann, _jt.AbstractArray):
        return _compile_jaxtyping(ann)
    if origin is typing.Annotated:
        return compile_annotation(get_args(ann)[0])
    if origin in _UNIONS:
        compiled = [compile_annotation(a) for a in get_args(ann)]
        members = tuple(m for m in compiled if m is not None)
        if not members:
            return None
        return members[0] if len(members) == 1 else UnionCheck(members)
    if origin is tuple:
        args = get_args(ann)
        if len(args) == 2 and args[1] is Ellipsis:
            member = compile_annotation(args[0])
            return None if member is None else SequenceCheck(member)
        elements = tuple(compile_annotation(a) for a in args)
        return TupleCheck(elements) if any(m is not None for m in elements) else None
    if origin in _SEQUENCES:
        args = get_args(ann)
        member = compile_annotation(args[0]) if args else None
        return None if member is None else SequenceCheck(member)
    return None


def _compile_tensor(ann: Any) -> TensorCheck | None:
    args = get_args(ann)
    shape_ann = args[0] if args else Any
    tape_ann = args[1] if len(args) > 1 else _DEFAULT_TAPE
    items = shape_items(shape_ann)
    # The run time fills the default in (Tensor[S] arrives as Tensor[S, NoneTape]), so the hint about
    # the default goes with every NoneTape declaration.
    tape = tape_rule(tape_ann, implicit=tape_ann is _DEFAULT_TAPE)
    if _any_shape(items) and tape.accepts_all:
        return None
    return TensorCheck(items, _jaxtyping_type(items), tape, format_items(items), external=False)


def _compile_jaxtyping(ann: Any) -> TensorCheck:
    items: list[Item] = []
    explainable = True
    for d in ann.dims:
        if d is _jt._anonymous_dim:
            item: Item = AnyDim()
        elif d is _jt._anonymous_variadic_dim:
            item = Variadic(None)
        elif type(d) is _jt._FixedDim and not d.broadcastable:
            item = Fixed(d.size)
        elif type(d) is _jt._NamedDim and not d.broadcastable and not d.treepath:
            item = Named(d.name)
        elif type(d) is _jt._NamedVariadicDim and not d.broadcastable and not d.treepath:
            item = Variadic(d.name)
        else:
            explainable = False  # broadcastable/symbolic/tree-path axes: jaxtyping's message is used
            break
        items.append(item)
    return TensorCheck(tuple(items) if explainable else None, ann, None, ann.__name__, external=True)


def shape_items(shape: Any) -> tuple[Item, ...]:
    """The dims of a ``tuple[...]`` shape; ``(Variadic(None),)`` for any shape."""
    if isinstance(shape, typing.TypeVar):
        return (Variadic(shape.__name__),)  # a whole-shape TypeVar: one shape throughout the call
    if get_origin(shape) is not tuple:
        return (Variadic(None),)
    args = get_args(shape)
    if len(args) == 2 and args[1] is Ellipsis:
        return (Variadic(None),)  # tuple[int, ...]: any rank (homogeneous dims are not checked)
    items: list[Item] = []
    for a in args:
        if get_origin(a) in _UNPACKS:
            (inner,) = get_args(a)
            if isinstance(inner, _TYPEVARTUPLES):
                items.append(Variadic(inner.__name__))
            else:
                items.extend(shape_items(inner))
        elif getattr(a, "__unpacked__", False):  # *tuple[int, ...] spelled with a star
            items.extend(shape_items(a))
        elif isinstance(a, _TYPEVARTUPLES):
            items.append(Variadic(a.__name__))
        else:
            items.append(dim_item(a))
    if sum(isinstance(i, Variadic) for i in items) > 1:
        return (Variadic(None),)  # not valid typing (one unpack per tuple); check nothing rather than guess
    return tuple(items)


def _any_shape(items: tuple[Item, ...]) -> bool:
    return len(items) == 1 and isinstance(items[0], Variadic) and items[0].name is None


def dim_item(a: Any) -> Item:
    if isinstance(a, typing.TypeVar):
        return Named(a.__name__)
    if get_origin(a) in (Mul, Add):
        d = _as_dim(a)
        if isinstance(d, int):
            return Fixed(d)
        if isinstance(d, D.Poly):
            if d.terms == D.sym(next(iter(d.symbols))).terms:
                return Named(next(iter(d.symbols)))  # Mul[B] is B
            return Composite(d)
        return AnyDim()
    d = _as_dim(a)
    return Fixed(d) if isinstance(d, int) else AnyDim()


def _as_dim(a: Any) -> D.Dim:
    origin = get_origin(a)
    if origin is typing.Literal:
        values = get_args(a)
        if len(values) == 1 and type(values[0]) is int and values[0] >= 0:
            return values[0]
        return D.UNKNOWN
    if isinstance(a, typing.TypeVar):
        return D.sym(a.__name__)
    if origin is Mul:
        return D.product([_as_dim(x) for x in get_args(a)])
    if origin is Add:
        total: D.Dim = 0
        for x in get_args(a):
            total = D.add(total, _as_dim(x))
        return total
    return D.UNKNOWN


def tape_rule(ann: Any, *, implicit: bool = False) -> TapeRule:
    if ann is Any or ann is object:
        return TapeRule(allowed=(object,), declared="Any")
    if isinstance(ann, typing.TypeVar):
        bound = ann.__bound__
        constraints = tuple(c for c in ann.__constraints__ if isinstance(c, type))
        bounds = None if bound is None else _classes(bound)
        return TapeRule(var=ann.__name__, bound=bounds, constraints=constraints, declared=ann.__name__)
    classes = _classes(ann)
    if classes is None:
        return TapeRule(allowed=(object,), declared="Any")  # not a tape spelling we know: no false errors
    return TapeRule(allowed=classes, declared=" | ".join(c.__name__ for c in classes), implicit=implicit)


def _classes(ann: Any) -> tuple[type, ...] | None:
    if isinstance(ann, type):
        return (ann,)
    if get_origin(ann) in _UNIONS:
        out: list[type] = []
        for a in get_args(ann):
            sub = _classes(a)
            if sub is None:
                return None
            out.extend(sub)
        return tuple(out)
    return None


def _jaxtyping_type(items: tuple[Item, ...]) -> Any:
    """The jaxtyping array type equal to ``Shaped[Tensor, "<dims>"]`` for these dims."""
    jt_dims: list[Any] = []
    words: list[str] = []
    index_variadic = None
    for k, it in enumerate(items):
        if isinstance(it, Fixed):
            jt_dims.append(_jt._FixedDim(it.size, False))
            words.append(str(it.size))
        elif isinstance(it, Named):
            jt_dims.append(_jt._NamedDim(it.name, False, False))
            words.append(it.name)
        elif isinstance(it, Variadic):
            index_variadic = k
            if it.name is None:
                jt_dims.append(_jt._anonymous_variadic_dim)
                words.append("...")
            else:
                jt_dims.append(_jt._NamedVariadicDim(it.name, False, False))
                words.append("*" + it.name)
        else:  # int dims, and Mul/Add dims (evaluated by Scope.resolve against the same memo)
            jt_dims.append(_jt._anonymous_dim)
            words.append("_")
    dim_str = " ".join(words)
    shaped = importlib.import_module("jaxtyping").Shaped
    return _jt._MetaAbstractArray(
        f"Shaped[Tensor, '{dim_str}']",
        (_jt.AbstractArray,),
        dict(dtype=shaped, array_type=Tensor, dim_str=dim_str, dtypes=_jt._any_dtype, dims=tuple(jt_dims),
             index_variadic=index_variadic),
    )
