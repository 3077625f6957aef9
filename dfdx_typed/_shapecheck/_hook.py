"""The whole-package switch, on jaxtyping's import hook.

jaxtyping's hook (``jaxtyping._import_hook``: a meta-path finder, a source loader that rewrites the
AST, a transformer that adds a decorator to every ``def`` and ``class``, and a bytecode cache named
after that decorator) takes an object that supplies the decorator's AST and a hash for the cache
name. We give it one that supplies ``@__import__('dfdx_typed').shapecheck`` instead of
``@jaxtyping.jaxtyped(...)``: same placement (innermost for functions, outermost for classes), same
respect of ``@typing.no_type_check``, and errors that are ``ShapecheckError``s rather than
jaxtyping's ``TypeCheckError``s.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import re
import sys
import types
from collections.abc import Sequence
from importlib.util import decode_source
from typing import Any

# Part of the bytecode cache tag: bump it when the inserted decorator changes.
_VERSION = "1"
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


class _Decorator:
    """What jaxtyping's ``JaxtypingTransformer`` expects of its ``typechecker`` argument."""

    def __init__(self, typechecker: str | None) -> None:
        if typechecker is not None and not _DOTTED.fullmatch(typechecker):
            raise ValueError(
                "shapecheck: typechecker must be a dotted name such as 'beartype.beartype', "
                f"got {typechecker!r}"
            )
        self.expr = "__import__('dfdx_typed').shapecheck"
        if typechecker is not None:
            self.expr += f"(typechecker={typechecker!r})"
        self.hash = "dfdx" + hashlib.md5(f"{_VERSION}:{self.expr}".encode()).hexdigest()[:16]

    def get_hash(self) -> str:
        return self.hash

    def get_ast(self) -> ast.expr:
        node = ast.parse(f"@{self.expr}\ndef _(): ...").body[0]
        assert isinstance(node, ast.FunctionDef)
        return node.decorator_list[0]


def install_import_hook(packages: str | Sequence[str], typechecker: str | None, *, active: bool) -> Any:
    ih: Any = importlib.import_module("jaxtyping._import_hook")
    names = [packages] if isinstance(packages, str) else list(packages)
    already = sorted(n for n in names if n in sys.modules)
    if already:
        raise RuntimeError(
            f"shapecheck: cannot check {', '.join(already)}: already imported; install the hook before "
            "the first import (with pytest: --dfdx-shapecheck)"
        )
    decorator = _Decorator(typechecker)
    if not active:  # DFDX_SHAPECHECK=0: a hook that was never installed
        return ih.ImportHookManager(None)
    finder = next(f for f in sys.meta_path if inspect.isclass(f) and f.__name__ == "PathFinder")
    hook = ih._JaxtypingFinder(names, finder, decorator)
    sys.meta_path.insert(0, hook)
    return ih.ImportHookManager(hook)


def run_path(path: str, run_name: str, *, active: bool) -> dict[str, Any]:
    import runpy

    if not active:
        return runpy.run_path(path, run_name=run_name)
    ih: Any = importlib.import_module("jaxtyping._import_hook")
    with open(path, "rb") as f:
        tree = ast.parse(decode_source(f.read()), filename=path)
    tree = ih.JaxtypingTransformer(typechecker=_Decorator(None)).visit(tree)
    ast.fix_missing_locations(tree)
    code = compile(tree, path, "exec")
    module = types.ModuleType(run_name)
    module.__file__ = path
    # As runpy does: the script's module is sys.modules[run_name] while it runs (dataclasses and
    # string annotations look their globals up there).
    saved = sys.modules.get(run_name)
    sys.modules[run_name] = module
    try:
        exec(code, module.__dict__)
    finally:
        if saved is None:
            del sys.modules[run_name]
        else:
            sys.modules[run_name] = saved
    return dict(module.__dict__)
