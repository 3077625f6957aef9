"""A layer's sizes travel with its type, so they survive mypy's cache and the daemon.

The plugin records what a layer's rule needs on the layer's type (type arguments, or the instance
type's ``extra_attrs`` for the layers without type parameters; see mypy_plugin/layer_types.py), never
in its own memory. A module that builds layers and a module that calls them are checked together,
then the second alone is edited and re-checked against the first's cache entry (and under ``dmypy``,
which re-reads it from its own state): the calls must give the same types and errors every time.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mypy import api

CONFIG = Path(__file__).resolve().parent / "mypy_plugin.ini"
DMYPY = Path(sys.executable).parent / "dmypy"

LAYERS = """\
import dfdx_typed as dt
from dfdx_typed import nn

mlp = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
conv = nn.Conv2d(3, 8, 3, stride=2)
pool = nn.MaxPool2d(2)


class Net(nn.Module):
    def __init__(self) -> None:
        self.body = nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(4 * 26 * 26, 10))
        self.norm = nn.LayerNorm(10)
"""

USE = """\
import dfdx_typed as dt
from layers import Net, conv, mlp, pool

reveal_type(mlp(dt.zeros((4, 784))))
reveal_type(conv(dt.zeros((2, 3, 9, 9))))
reveal_type(pool(dt.zeros((2, 3, 9, 9))))
reveal_type(Net().body(dt.zeros((5, 1, 28, 28))))
mlp(dt.zeros((4, 783)))
Net().norm(dt.zeros((5, 9)))
"""

EXPECTED = [
    'use.py:4: note: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[10]], '
    'dfdx_typed._tensor.NoneTape]"',
    'use.py:5: note: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[8], Literal[4], '
    'Literal[4]], dfdx_typed._tensor.NoneTape]"',
    'use.py:6: note: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[3], Literal[4], '
    'Literal[4]], dfdx_typed._tensor.NoneTape]"',
    'use.py:7: note: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[10]], '
    'dfdx_typed._tensor.NoneTape]"',
    "use.py:8: error: Sequential layer 0 (Linear[784, 512]) expects (..., 784), got (4, 783)  [shape]",
    "use.py:9: error: LayerNorm[10] expects (..., 10), got (5, 9)  [shape]",
]


def _lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("use.py:")]


def _mypy(workdir: Path, *files: str) -> str:
    # From the folder of the checked files: from the repository root mypy would read the sources.
    with contextlib.chdir(workdir):
        stdout, stderr, _ = api.run(
            ["--config-file", str(CONFIG), "--cache-dir", str(workdir / ".mypy_cache"),
             "--no-error-summary", "-v", *files]
        )
    assert "Traceback" not in stdout + stderr, stdout + stderr
    return stdout + "\n" + stderr


def _edit(path: Path, text: str) -> None:
    """A new version with a later whole-second mtime (what the daemon's watcher compares)."""
    before = path.stat().st_mtime if path.exists() else 0.0
    path.write_text(text)
    later = max(path.stat().st_mtime, before + 1.0)
    os.utime(path, (later, later))


def test_layer_sizes_survive_the_cache(tmp_path: Path) -> None:
    (tmp_path / "layers.py").write_text(LAYERS)
    (tmp_path / "use.py").write_text(USE)
    assert _lines(_mypy(tmp_path, "layers.py", "use.py")) == EXPECTED

    # Only use.py changes: layers is read back from the cache, not checked again.
    _edit(tmp_path / "use.py", USE + "# edited\n")
    out = _mypy(tmp_path, "use.py")
    assert "Parsing layers.py" not in out and "Parsing use.py" in out, out
    assert _lines(out) == EXPECTED


@pytest.mark.slow
def test_layer_sizes_survive_the_daemon(tmp_path: Path) -> None:
    (tmp_path / "layers.py").write_text(LAYERS)
    (tmp_path / "use.py").write_text(USE)
    status = tmp_path / "dmypy.json"
    prefix = [str(DMYPY), "--status-file", str(status)]

    def run() -> str:
        done = subprocess.run(
            [*prefix, "run", "--", "--config-file", str(CONFIG), "--no-error-summary", "layers.py", "use.py"],
            cwd=tmp_path, capture_output=True, text=True, timeout=300,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
        return done.stdout

    try:
        assert _lines(run()) == EXPECTED
        _edit(tmp_path / "use.py", USE + "# edited\n")
        assert _lines(run()) == EXPECTED
    finally:
        if status.exists():
            subprocess.run([*prefix, "kill"], cwd=tmp_path, capture_output=True, timeout=60)
