"""Every name the plugin hooks is a real run-time name (the op name is the join key).

mypy asks the plugin for hooks by full name; a hook registered under a name that no longer exists
(a module renamed, a layer moved) would never fire, silently. So each hooked function, method,
layer class and marker must resolve to an object of the library, and every layer kind the plugin
builds a spec for must have a shape rule or a rule of its own.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

import dfdx_typed.mypy_plugin as plugin
from dfdx_typed.mypy_plugin import layer_types, markers, modules, sequence
from dfdx_typed.shapes.modules import LAYER_RULES


def _resolve(fullname: str) -> Any:
    """The object a dotted full name names: the longest importable module prefix, then attributes."""
    parts = fullname.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(fullname)


def _hooked_names() -> list[str]:
    names: set[str] = set()
    for kind, prefix in (
        ("METHODS", plugin.TENSOR), ("FUNCTIONS", plugin._FUNCTIONS_MODULE),
        ("METHOD_SIGNATURES", plugin.TENSOR), ("FUNCTION_SIGNATURES", plugin._FUNCTIONS_MODULE),
        ("CONTEXT_METHOD_SIGNATURES", plugin.TENSOR), ("ATTRIBUTES", plugin.TENSOR),
    ):
        names.update(plugin._table(kind, prefix))
    names.update(markers.TYPE_ANALYZE)
    return sorted(names)


@pytest.mark.parametrize("fullname", _hooked_names())
def test_hooked_name_exists(fullname: str) -> None:
    assert _resolve(fullname) is not None


def test_every_layer_kind_has_a_rule() -> None:
    typed_by_rules = set(LAYER_RULES) | set(sequence.CALLS)
    assert set(layer_types.CLASSES) <= typed_by_rules
    assert set(modules.CONSTRUCTORS) <= set(layer_types.CLASSES)
