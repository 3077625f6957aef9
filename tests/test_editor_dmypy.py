"""The mypy daemon as editors drive it, with the plugin, in a project folder outside the repository.

``tests/test_plugin_dmypy.py`` already runs ``dmypy run`` through one file's edit cycle (clean, bug,
fixed). This file covers what it does not, each with the configuration blocks of
``docs/editors.md``:

- the exact command line the VS Code mypy extension runs (``python -m mypy.dmypy ... run --`` with its
  flags: absolute paths, columns, error ends), from the workspace folder, through an edit cycle and a
  configuration change (silencing ``shape`` for the module restarts the daemon and hides the error;
  undoing it brings the error back);
- a global ``disable_error_code = ["shape"]`` crashing ``dmypy run`` (a mypy bug the page warns
  about; this test notices when it is fixed);
- two modules under ``start``/``check``/``recheck``: an edit in the imported module changes a shape
  the other module uses, and the error appears there and goes away; ``status`` and ``stop`` (the
  daemon process is gone afterwards).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsp_client import editor_doc_block, save_like_an_editor

import dfdx_typed.shapes as shapes

TIMEOUT_S = 120.0  # per daemon command; a cold start is ~3 s of CPU here
PROGRAM_BAD = editor_doc_block("program-bad")
PROGRAM_FIXED = editor_doc_block("program-fixed")
PYPROJECT = editor_doc_block("pyproject-mypy")
# The flags the VS Code extension (ms-python.mypy-type-checker, bundled/tool/lsp_server.py) passes
# to mypy, plus --show-error-end, which it adds for mypy >= 0.991.
VSCODE_FLAGS = [
    "--no-color-output", "--no-error-summary", "--show-absolute-path", "--show-column-numbers",
    "--show-error-codes", "--no-pretty", "--show-error-end",
]


def _matmul_message(a: tuple[int, ...], b: tuple[int, ...]) -> str:
    with pytest.raises(shapes.ShapeError) as caught:
        shapes.matmul("matmul", a, b)
    assert caught.value.code == "shape"
    return str(caught.value)


class Daemon:
    """``python -m mypy.dmypy --status-file <file>`` run from a project folder."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.status_file = project / "dmypy-status.json"

    def __call__(self, *args: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "mypy.dmypy", "--status-file", str(self.status_file), *args],
            cwd=self.project, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
        return done.returncode, done.stdout + done.stderr

    def pid(self) -> int:
        pid = json.loads(self.status_file.read_text())["pid"]
        assert isinstance(pid, int)
        return pid


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    """A project folder with the page's pyproject.toml, and a daemon of its own, killed afterwards
    if a test left it running."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT)
    d = Daemon(project)
    try:
        yield d
    finally:
        if d.status_file.exists():
            d("kill")


def _gone(pid: int, wait_s: float) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


@pytest.mark.slow
def test_the_vscode_command_line_through_edits_and_a_config_change(daemon: Daemon) -> None:
    prog = daemon.project / "prog.py"
    pyproject = daemon.project / "pyproject.toml"
    # What the extension runs for an opened or saved file (preferDaemon, reportingScope "file").
    run = ("run", "--", *VSCODE_FLAGS, str(prog.resolve()))
    error = f"{prog.resolve()}:5:5:5:9: error: {_matmul_message((4, 784), (512, 10))}  [shape]"
    timings = {}

    def check(step: str) -> tuple[int, str]:
        began = time.monotonic()
        code, out = daemon(*run)
        timings[step] = time.monotonic() - began
        assert "Traceback" not in out and "crashed" not in out, out
        return code, out

    save_like_an_editor(prog, PROGRAM_FIXED)
    code, out = check("first run, clean")
    assert code == 0 and "error" not in out, out

    save_like_an_editor(prog, PROGRAM_BAD)
    code, out = check("edit in a bug")
    assert code == 1 and error in out.splitlines(), out

    # Silencing the code for this module: `run` restarts the daemon on the new config.
    pyproject.write_text(PYPROJECT + "\n" + editor_doc_block("silence-per-module"))
    code, out = check("config: silence shape")
    assert "Restarting: configuration changed" in out and "error" not in out, out

    pyproject.write_text(PYPROJECT)
    code, out = check("config: undone")
    assert "Restarting: configuration changed" in out and error in out.splitlines(), out

    save_like_an_editor(prog, PROGRAM_FIXED)
    code, out = check("edit in the fix")
    # After an incremental update the daemon exits 1 on any output; here there is none.
    assert code == 0 and out.strip() == "", out
    print("VS Code's dmypy command line:", {k: round(v, 1) for k, v in timings.items()})


@pytest.mark.slow
def test_a_global_disable_of_a_plugin_code_crashes_dmypy_run(daemon: Daemon) -> None:
    """mypy 2.4.1: a fresh daemon compares the options before loading plugins, and looking up a
    plugin's code then fails. docs/editors.md tells users to silence per module instead. When this
    test fails, mypy has fixed it: update the page, and this test."""
    (daemon.project / "prog.py").write_text(PROGRAM_BAD)
    (daemon.project / "pyproject.toml").write_text(PYPROJECT + 'disable_error_code = ["shape"]\n')

    code, out = daemon("run", "--", "prog.py")
    assert code != 0 and "Daemon crashed!" in out and "KeyError: 'shape'" in out, out

    # The setting itself is valid: plain mypy accepts it and silences the error.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--no-error-summary", "prog.py"],
        cwd=daemon.project, capture_output=True, text=True, timeout=TIMEOUT_S,
    )
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done.stdout + done.stderr


LAYERS = """\
import dfdx_typed as dt

FEATURES = dt.zeros((4, 784))
"""
MODEL = """\
import dfdx_typed as dt
from layers import FEATURES

w = dt.zeros((784, 10))
y = FEATURES @ w
"""


@pytest.mark.slow
def test_an_edit_in_an_imported_module_reaches_the_module_that_uses_it(daemon: Daemon) -> None:
    layers, model = daemon.project / "layers.py", daemon.project / "model.py"
    save_like_an_editor(layers, LAYERS)
    save_like_an_editor(model, MODEL)

    code, out = daemon("start")
    assert code == 0 and "Daemon started" in out, out
    code, out = daemon("status")
    assert code == 0 and "Daemon is up and running" in out, out
    pid = daemon.pid()

    began = time.monotonic()
    code, out = daemon("check", "layers.py", "model.py")
    first_check_s = time.monotonic() - began
    assert code == 0 and "Success: no issues found in 2 source files" in out, out

    # Only the imported module changes; the plugin's inferred type of FEATURES changes with it.
    save_like_an_editor(layers, LAYERS.replace("(4, 784)", "(4, 512)"))
    began = time.monotonic()
    code, out = daemon("recheck")
    recheck_s = time.monotonic() - began
    error = f"model.py:5: error: {_matmul_message((4, 512), (784, 10))}  [shape]"
    assert code == 1 and error in out.splitlines() and "layers.py" not in out, out

    save_like_an_editor(layers, LAYERS)
    code, out = daemon("recheck")
    assert code == 0 and "error" not in out, out

    code, out = daemon("stop")
    assert code == 0 and "Daemon stopped" in out, out
    assert not daemon.status_file.exists() and _gone(pid, wait_s=10.0)
    code, out = daemon("status")
    assert code != 0 and "No status file found" in out, out
    print(f"two modules: first check {first_check_s:.1f} s, recheck after the edit {recheck_s:.1f} s")
