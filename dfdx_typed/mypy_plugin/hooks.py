"""The wrapper every hook goes through: it never raises, and it is the only place errors are reported.

An op hook is ``fn(call) -> Type``: it reads dims from the call, calls the shape rule, and writes the
result type. What happens to each outcome is decided here, once:

- a :class:`ShapeError` from the rule is reported with its own message and code, and the expression
  gets ``Any`` (the program stops there at run time; nothing after it is checked against a guess);
- :class:`Unsupported` (an argument not known statically) and :class:`Undetermined` (the rule cannot
  know the result) give mypy's default type, silently;
- any other exception is a bug in the plugin, and still gives mypy's default type, silently: a user's
  type check must never crash or report a false error because of the plugin.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from mypy.plugin import (
    AttributeContext,
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
)
from mypy.types import AnyType, CallableType, FunctionLike, Type, TypeOfAny

from dfdx_typed.shapes.errors import ShapeError, Undetermined

from .args import Call, Lookup
from .convert import Unsupported
from .errors import report

OpHook = Callable[[Call], Type]
SignatureHook = Callable[[CallableType], CallableType]
"""Rewrites one (overload item of a) stub signature before mypy checks a call against it."""

_DEBUG = os.environ.get("DFDX_TYPED_PLUGIN_DEBUG") == "1"
"""Set to 1 to let a plugin bug raise (a mypy traceback) instead of falling back silently."""


def _run(fn: OpHook, make: Callable[[], Call], default: Type) -> Type:
    call = None
    try:
        call = make()
        try:
            return fn(call)
        except ShapeError as error:
            report(call.api, error, call.context)
            return AnyType(TypeOfAny.from_error)
    except Exception as error:  # (see the module docstring: a hook never raises)
        if _DEBUG and not isinstance(error, (Unsupported, Undetermined)):
            raise
        return default if call is None else call.fallback()


def method_hook(fn: OpHook, lookup: Lookup) -> Callable[[MethodContext], Type]:
    def hook(ctx: MethodContext) -> Type:
        return _run(fn, lambda: Call.of_method(ctx, lookup), ctx.default_return_type)

    hook.__name__ = f"method_{fn.__name__}"
    return hook


def function_hook(fn: OpHook, lookup: Lookup) -> Callable[[FunctionContext], Type]:
    def hook(ctx: FunctionContext) -> Type:
        return _run(fn, lambda: Call.of_function(ctx, lookup), ctx.default_return_type)

    hook.__name__ = f"function_{fn.__name__}"
    return hook


def attribute_hook(fn: OpHook, lookup: Lookup) -> Callable[[AttributeContext], Type]:
    def hook(ctx: AttributeContext) -> Type:
        return _run(fn, lambda: Call.of_attribute(ctx, lookup), ctx.default_attr_type)

    hook.__name__ = f"attribute_{fn.__name__}"
    return hook


def signature_hook(fn: SignatureHook) -> Callable[[Any], FunctionLike]:
    """For a method (``MethodSigContext``) or function (``FunctionSigContext``) signature."""

    def hook(ctx: MethodSigContext | FunctionSigContext) -> FunctionLike:
        try:
            return fn(ctx.default_signature)
        except Exception:
            if _DEBUG:
                raise
            return ctx.default_signature

    hook.__name__ = f"signature_{fn.__name__}"
    return hook
