"""The mypy plugin: enable with ``plugins = ["dfdx_typed.mypy_plugin"]``.

Glue only. Each hook reads dims from mypy types, calls the same rule in :mod:`dfdx_typed.shapes` that
the run time calls, and writes the result back as a type or reports the rule's own error (codes
``shape``, ``broadcast``, ``tape``). This module is the dispatcher: the hooks live one module per
concern, each with tables keyed by the names the stubs define (``Tensor`` methods and attributes by
name; functions by ``module.name`` under ``dfdx_typed.ops``; ``dt.nn`` layers and ``dt.losses`` by
full name), plus the type-analyze hook that normalises ``Mul``/``Add`` in annotations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from mypy.options import Options
from mypy.plugin import (
    AnalyzeTypeContext,
    AttributeContext,
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import FunctionLike, Type

from . import (
    constructors,
    einsum,
    elementwise,
    indexing,
    join,
    layout,
    losses,
    markers,
    modules,
    reductions,
    select,
    tape,
    vision,
)
from .convert import TENSOR
from .hooks import attribute_hook, function_hook, method_hook, signature_hook

PLUGIN_VERSION: Final = "2"
"""Bump when the plugin's behaviour changes in a way the source digest below would not show."""

_FAMILIES: Final = (
    constructors, elementwise, reductions, layout, indexing, join, tape, vision, select, einsum
)
_FULLNAME_FAMILIES: Final = (losses, modules, select)
"""Families whose tables are keyed by full names (``dfdx_typed.nn.linear.Linear.__call__``)."""
_FUNCTIONS_MODULE: Final = "dfdx_typed.ops"


def _source_digest() -> str:
    """A hash of the rules' and the plugin's sources: a change to either invalidates mypy's cache."""
    import dfdx_typed.shapes as rules

    h = hashlib.sha256()
    for folder in (Path(rules.__file__).parent, Path(__file__).parent):
        for path in sorted(folder.glob("*.py")):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _table(kind: str, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for family in _FAMILIES:
        for name, fn in getattr(family, kind, {}).items():
            out[f"{prefix}.{name}"] = fn
    for family in _FULLNAME_FAMILIES:
        out.update(getattr(family, f"FULLNAME_{kind}", {}))
    return out


_CONFIG: Final = {"dfdx_typed_plugin": PLUGIN_VERSION, "sources": _source_digest()}


class DfdxTypedPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        lookup = self.lookup_fully_qualified
        self._methods = {k: method_hook(f, lookup) for k, f in _table("METHODS", TENSOR).items()}
        self._attributes = {k: attribute_hook(f, lookup) for k, f in _table("ATTRIBUTES", TENSOR).items()}
        self._functions = {
            k: function_hook(f, lookup) for k, f in _table("FUNCTIONS", _FUNCTIONS_MODULE).items()
        }
        self._method_signatures = {
            k: signature_hook(f) for k, f in _table("METHOD_SIGNATURES", TENSOR).items()
        }
        self._function_signatures = {
            k: signature_hook(f) for k, f in _table("FUNCTION_SIGNATURES", _FUNCTIONS_MODULE).items()
        }
        # Signature hooks that read the call's context (the receiver, the other operand); each
        # guards itself against raising.
        self._method_signatures.update(_table("CONTEXT_METHOD_SIGNATURES", TENSOR))
        self._type_analyze = {name: markers.marker_hook(name, lookup) for name in markers.TYPE_ANALYZE}

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return self._methods.get(fullname)

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return self._functions.get(fullname)

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        return self._attributes.get(fullname)

    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], FunctionLike] | None:
        return self._method_signatures.get(fullname)

    def get_function_signature_hook(
        self, fullname: str
    ) -> Callable[[FunctionSigContext], FunctionLike] | None:
        return self._function_signatures.get(fullname)

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        return self._type_analyze.get(fullname)

    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        """Stored with every module's cache entry: a new plugin version or a change to the rules'
        or the plugin's sources re-checks the module (the plugin has no options of its own)."""
        return _CONFIG


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point. ``version`` is mypy's; the plugin supports mypy 1.19 and later (from
    1.19, a config's ``disable_error_code`` accepts the plugin's codes)."""
    return DfdxTypedPlugin
