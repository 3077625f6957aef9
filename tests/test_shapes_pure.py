"""``dfdx_typed.shapes`` is standard library only: it imports neither numpy nor mypy.

The mypy plugin imports these rules inside mypy, so they must not drag numpy (or the engine) in.
Two independent checks: every import statement in the package's source names the standard library or
the package itself, and a fresh interpreter that loads the package directory by path (so
``dfdx_typed/__init__.py``, which does import numpy, never runs) ends with no numpy, mypy or engine
module in ``sys.modules``, also when site-packages is switched off entirely.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SHAPES_DIR = Path(__file__).resolve().parents[1] / "dfdx_typed" / "shapes"
MODULES = sorted(SHAPES_DIR.glob("*.py"))
FORBIDDEN = ("numpy", "mypy", "torch", "dfdx_typed")


def imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each import: an absolute module name, or "." * level for relative ones."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ("__import__", "import_module"):
                found.append((node.lineno, f"<dynamic import via {name}>"))
    return found


def test_package_has_modules() -> None:
    assert SHAPES_DIR / "__init__.py" in MODULES and len(MODULES) >= 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_import_is_stdlib_or_within_the_package(path: Path) -> None:
    bad = []
    for line, name in imported_names(ast.parse(path.read_text(), filename=str(path))):
        if name.startswith(".."):
            bad.append((line, name))  # would reach dfdx_typed/__init__.py and the engine
        elif name.startswith(".") or name.startswith("dfdx_typed.shapes"):
            continue
        elif name.split(".")[0] not in sys.stdlib_module_names:
            bad.append((line, name))
    assert not bad, f"{path.name}: imports outside the standard library and dfdx_typed.shapes: {bad}"


# Loads dfdx_typed/shapes as a top-level package from its directory, imports every module in it by
# name (also those __init__.py does not import), uses every rule once, and prints what ended up in
# sys.modules.
PROBE = """
import importlib, importlib.util, json, pathlib, sys
directory = sys.argv[1]
spec = importlib.util.spec_from_file_location(
    "shapes_probe", directory + "/__init__.py", submodule_search_locations=[directory]
)
shapes = importlib.util.module_from_spec(spec)
sys.modules["shapes_probe"] = shapes
spec.loader.exec_module(shapes)
for path in sorted(pathlib.Path(directory).glob("*.py")):
    if path.stem != "__init__":
        importlib.import_module("shapes_probe." + path.stem)
B = shapes.sym("B")
shapes.broadcast("add", (B, 3), (3,))
shapes.broadcast_to("broadcast_to", (1, 3), (B, 3))
shapes.reduce("sum", (B, 3), 1)
shapes.same_axis("softmax", (B, 3), -1)
shapes.permute("permute", (B, 3), (1, 0))
shapes.matmul("matmul", (B, 784), (784, 10))
shapes.reshape("reshape", (B, 784), (B, 28, -1))
shapes.flatten("flatten", (B, 3, 4), 1)
shapes.squeeze("squeeze", (B, 1), 1)
shapes.unsqueeze("unsqueeze", (B,), 0)
shapes.realize("realize", (shapes.UNKNOWN, 3), (4, 3))
shapes.concat("concat", [(B, 3), (B, 4)], 1)
shapes.stack("stack", [(B, 3), (B, 3)])
shapes.split("split", (B, 6), [2, 4], 1)
shapes.getitem("getitem", (B, 5), (slice(None), 2, None))
shapes.nested_shape("tensor", [[1.0, 2.0]])
shapes.arange("arange", 5)
shapes.eye("eye", 3)
shapes.new_shape("zeros", (B, 2))
try:
    shapes.check_backward((B,), True)
except shapes.ShapeError:
    pass
print(json.dumps({
    "loaded": sorted(m for m in sys.modules if m.startswith("shapes_probe.")),
    "forbidden": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(",")),
}))
"""


@pytest.mark.parametrize(
    "flags",
    [["-I"], ["-I", "-S"]],
    ids=["isolated", "isolated-no-site-packages"],
)
def test_fresh_interpreter_loads_no_numpy_mypy_or_engine(flags: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, *flags, "-c", PROBE, str(SHAPES_DIR), ",".join(FORBIDDEN)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["forbidden"] == []
    # Every module of the package was imported from this directory.
    expected = sorted(f"shapes_probe.{p.stem}" for p in MODULES if p.stem != "__init__")
    assert report["loaded"] == expected
