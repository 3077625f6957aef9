"""The mypy plugin: enable with ``plugins = ["dfdx_typed.mypy_plugin"]``."""

from __future__ import annotations

from mypy.plugin import Plugin


class DfdxTypedPlugin(Plugin):
    pass


def plugin(version: str) -> type[Plugin]:
    return DfdxTypedPlugin
