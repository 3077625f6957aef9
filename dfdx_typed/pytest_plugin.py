"""pytest plugin: ``--dfdx-shapecheck=PKG[,PKG...]`` checks every function of those packages.

Load it with ``pytest -p dfdx_typed.pytest_plugin --dfdx-shapecheck=mypkg`` (or list
``-p dfdx_typed.pytest_plugin`` in ``addopts``). The packages get ``@dfdx_typed.shapecheck`` on every
function, through jaxtyping's import hook, before any conftest or test module imports them.
``--dfdx-shapecheck-typechecker=beartype.beartype`` also runs that type checker in the same dims.
Without the option the plugin does nothing.
"""

from __future__ import annotations

from typing import Any

_installed: list[str] = []


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("dfdx_typed")
    group.addoption(
        "--dfdx-shapecheck",
        action="store",
        default=None,
        metavar="PKG[,PKG...]",
        help="check the Tensor[...] and jaxtyping annotations of every function in these packages "
        "(comma-separated) on every call, as if each were decorated with @dfdx_typed.shapecheck",
    )
    group.addoption(
        "--dfdx-shapecheck-typechecker",
        action="store",
        default=None,
        metavar="DOTTED.NAME",
        help="with --dfdx-shapecheck: also apply this type checker (e.g. beartype.beartype)",
    )


def pytest_load_initial_conftests(early_config: Any, parser: Any, args: list[str]) -> None:
    # Runs before conftest.py files are imported, so the hook sees the packages' first import.
    del early_config
    options = parser.parse_known_args(args)
    value = options.dfdx_shapecheck
    if not value:
        return
    packages = [p.strip() for p in value.split(",") if p.strip()]
    from . import shapecheck

    shapecheck.install_import_hook(packages, typechecker=options.dfdx_shapecheck_typechecker)
    _installed[:] = packages


def pytest_report_header(config: Any) -> str | None:
    if _installed:
        return f"dfdx_typed shapecheck: on for {', '.join(_installed)}"
    return None
