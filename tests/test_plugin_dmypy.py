"""The plugin under the mypy daemon, and mypy's cache invalidated when the plugin changes.

- ``dmypy run`` with the plugin checks a file, and re-checks it correctly after each edit: a shape bug
  introduced is reported (with the rule's message and code), and disappears once fixed.
- ``report_config_data``: a module cached under one plugin version/rules digest is re-checked when
  the plugin reports another (mypy logs "plugin configuration differs"), and only then.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mypy import api

import dfdx_typed.mypy_plugin as plugin_module

CONFIG = Path(__file__).resolve().parent / "mypy_plugin.ini"
DMYPY = Path(sys.executable).parent / "dmypy"

GOOD = """\
import dfdx_typed as dt

x = dt.zeros((4, 784))
w = dt.zeros((784, 10))
y = x @ w
reveal_type(y)
"""
BAD = GOOD.replace("(784, 10)", "(512, 10)")
BAD_ERROR = "prog.py:5: error: matmul: inner dims differ: (4, 784) @ (512, 10) — 784 != 512  [shape]"
REVEALED = 'prog.py:6: note: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[10]], '


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A working folder and the dmypy command prefix for a daemon of its own (stopped afterwards)."""
    status = tmp_path / "dmypy.json"
    prefix = [str(DMYPY), "--status-file", str(status)]
    try:
        yield tmp_path, prefix
    finally:
        if status.exists():
            subprocess.run([*prefix, "kill"], cwd=tmp_path, capture_output=True, timeout=60)


def _dmypy_run(cwd: Path, prefix: list[str]) -> tuple[int, str]:
    # Run from the folder of the checked file: from the repository root mypy would read the
    # dfdx_typed sources rather than the stubs.
    done = subprocess.run(
        [*prefix, "run", "--", "--config-file", str(CONFIG), "--no-error-summary", "prog.py"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


def _edit(path: Path, text: str) -> None:
    """Write a new version whose mtime is a later whole second: the daemon's file watcher rounds
    mtimes down to seconds and skips a file whose size and second are unchanged (GOOD and BAD have
    the same size), as a save by an editor a moment later would not be."""
    before = path.stat().st_mtime if path.exists() else 0.0
    path.write_text(text)
    later = max(path.stat().st_mtime, before + 1.0)
    os.utime(path, (later, later))


@pytest.mark.slow
def test_dmypy_rechecks_after_edits(daemon: tuple[Path, list[str]]) -> None:
    cwd, prefix = daemon
    prog = cwd / "prog.py"

    _edit(prog, GOOD)
    code, out = _dmypy_run(cwd, prefix)
    assert "Traceback" not in out, out
    assert code == 0 and REVEALED in out and "error" not in out, out

    _edit(prog, BAD)
    code, out = _dmypy_run(cwd, prefix)
    assert code == 1 and BAD_ERROR in out.splitlines(), out

    _edit(prog, GOOD)
    code, out = _dmypy_run(cwd, prefix)
    # No exit-code check here: after an incremental update the daemon exits 1 on any message, the
    # reveal_type note included (mypy's dmypy_server.increment_output), unlike its first run.
    assert REVEALED in out and "error:" not in out, out


def _verbose_run(workdir: Path, cache: Path) -> str:
    with contextlib.chdir(workdir):
        stdout, stderr, status = api.run(
            ["--config-file", str(CONFIG), "--cache-dir", str(cache), "-v", "prog.py"]
        )
    assert status == 0, stdout + stderr
    return stderr


def test_cache_is_invalidated_when_the_plugin_reports_another_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A module that does not import the library still gets the plugin's config in its cache entry
    # (and this one checks fast: builtins only).
    (tmp_path / "prog.py").write_text("size: int = 4\n")
    cache = tmp_path / ".mypy_cache"
    abandoned = "Metadata abandoned for prog: plugin configuration differs"

    _verbose_run(tmp_path, cache)
    assert abandoned not in _verbose_run(tmp_path, cache)

    changed = dict(plugin_module._CONFIG, sources="a-different-rules-digest")
    monkeypatch.setattr(plugin_module, "_CONFIG", changed)
    assert abandoned in _verbose_run(tmp_path, cache)


def test_reported_config_names_the_version_and_the_sources() -> None:
    data = plugin_module._CONFIG
    assert data["dfdx_typed_plugin"] == plugin_module.PLUGIN_VERSION
    assert len(data["sources"]) == 16 and data["sources"] == plugin_module._source_digest()
