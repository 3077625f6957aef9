"""A real editor session: python-lsp-server with pylsp-mypy over stdio, the plugin's shape error shown
as a diagnostic on the right line, and gone once the file is fixed.

The client (``lsp_client.py``) speaks LSP as an editor does: ``initialize``, ``initialized``, the
editor's settings, ``didOpen``/``didChange``/``didSave``, ``shutdown``/``exit``. The project the
server opens is a temporary folder outside the repository (from the repository root mypy would read
``dfdx_typed/*.py`` instead of the stub package), whose ``pyproject.toml``, program and editor
settings are the blocks of ``docs/editors.md``: the page shows exactly what is tested here.

Two modes of pylsp-mypy: live (every buffer change is checked, saved or not) and on save through
dmypy (an unsaved change keeps the last diagnostics; the save clears them; shutting the server down
stops the daemon).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from lsp_client import LspClient, Message, editor_doc_block, save_like_an_editor

import dfdx_typed.shapes as shapes

# Every wait for the server is bounded by this (a cold mypy run over the numpy stubs takes ~3 s here).
WAIT_S = 60.0
VENV_BIN = Path(sys.executable).parent
PROGRAM_BAD = editor_doc_block("program-bad")
PROGRAM_FIXED = editor_doc_block("program-fixed")
EXPECTED = json.loads(editor_doc_block("diagnostic"))
SETTINGS = json.loads(editor_doc_block("pylsp-settings"))


def test_the_documented_diagnostic_is_the_rules_message() -> None:
    """The page's diagnostic carries the message the shape rule raises, on the line of ``x @ w``."""
    with pytest.raises(shapes.ShapeError) as caught:
        shapes.matmul("matmul", (4, 784), (512, 10))
    assert caught.value.code == EXPECTED["code"] == "shape"
    assert str(caught.value) == EXPECTED["message"]
    start, end = EXPECTED["range"]["start"], EXPECTED["range"]["end"]
    line = PROGRAM_BAD.splitlines()[start["line"]]
    assert start["line"] == end["line"] and line[start["character"]:end["character"]] == "x @ w"


def _project(root: Path, pylsp_block: str) -> Path:
    project = root / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(editor_doc_block("pyproject-mypy") + "\n" + pylsp_block)
    (project / "prog.py").write_text(PROGRAM_BAD)
    return project


def _server_env() -> dict[str, str]:
    # pylsp-mypy runs the `mypy`/`dmypy` it finds on PATH: the ones of the environment that has
    # dfdx_typed (as in an activated virtual environment).
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    env.pop("PYTHONPATH", None)
    return env


def _start(client: LspClient, project: Path) -> str:
    """initialize / initialized / the settings / didOpen of prog.py (as on disk); its URI."""
    result = client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": project.as_uri(),
            "workspaceFolders": [{"uri": project.as_uri(), "name": project.name}],
            "capabilities": {
                "textDocument": {"publishDiagnostics": {}, "synchronization": {"didSave": True}}
            },
        },
        timeout=WAIT_S,
    )
    assert result["serverInfo"]["name"] == "pylsp", result
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
    uri = (project / "prog.py").as_uri()
    text = (project / "prog.py").read_text()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
    )
    return uri


def _diagnostics(client: LspClient, uri: str) -> tuple[list[dict[str, Any]], Message, float]:
    """The next publishDiagnostics for ``uri``: its diagnostics, the whole message, seconds waited."""
    began = time.monotonic()
    message = client.wait_for(
        lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
        WAIT_S,
    )
    return message["params"]["diagnostics"], message, time.monotonic() - began


def _change(client: LspClient, uri: str, version: int, text: str) -> None:
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
    )


@pytest.mark.slow
def test_live_mode_shows_the_shape_error_and_clears_it_as_you_type(tmp_path: Path) -> None:
    project = _project(tmp_path, editor_doc_block("pyproject-pylsp-live"))
    with LspClient(
        [sys.executable, "-m", "pylsp"], cwd=project, env=_server_env(), log=tmp_path / "pylsp.log"
    ) as client:
        uri = _start(client, project)
        opened, _, opened_s = _diagnostics(client, uri)
        # Exactly the documented diagnostic: the plugin's error, and nothing else (strict mypy).
        assert opened == [EXPECTED], (opened, client.log_tail())

        _change(client, uri, 2, PROGRAM_FIXED)
        fixed, message, fixed_s = _diagnostics(client, uri)
        assert message["params"].get("version") == 2 and fixed == [], message

        _change(client, uri, 3, PROGRAM_BAD)
        broken, message, broken_s = _diagnostics(client, uri)
        assert message["params"].get("version") == 3 and broken == [EXPECTED], message

        # The buffer was checked, never the file: it still holds the text of the first open.
        assert (project / "prog.py").read_text() == PROGRAM_BAD
    print(f"live mode: open {opened_s:.1f} s, fix {fixed_s:.1f} s, re-break {broken_s:.1f} s")


def _daemon_pid(status_file: Path) -> int:
    pid = json.loads(status_file.read_text())["pid"]
    assert isinstance(pid, int)
    return pid


def _alive(pid: int, wait_s: float = 0.0) -> bool:
    """Whether process ``pid`` exists (after waiting up to ``wait_s`` seconds for it to end)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.1)


@pytest.mark.slow
def test_on_save_through_dmypy_clears_the_error_when_the_fix_is_saved(tmp_path: Path) -> None:
    project = _project(tmp_path, editor_doc_block("pyproject-pylsp-dmypy"))
    status_file = project / ".dmypy.json"  # pylsp-mypy's default, in the server's folder
    daemon_pid = None
    try:
        with LspClient(
            [sys.executable, "-m", "pylsp"], cwd=project, env=_server_env(), log=tmp_path / "pylsp.log"
        ) as client:
            uri = _start(client, project)
            opened, _, opened_s = _diagnostics(client, uri)
            assert opened == [EXPECTED], (opened, client.log_tail())
            daemon_pid = _daemon_pid(status_file)
            assert _alive(daemon_pid)

            # Typed but not saved: on-save mode republishes the last result.
            _change(client, uri, 2, PROGRAM_FIXED)
            unsaved, _, _ = _diagnostics(client, uri)
            assert unsaved == [EXPECTED], unsaved

            save_like_an_editor(project / "prog.py", PROGRAM_FIXED)
            client.notify("textDocument/didSave", {"textDocument": {"uri": uri}, "text": PROGRAM_FIXED})
            saved, _, saved_s = _diagnostics(client, uri)
            assert saved == [], (saved, client.log_tail())
            exit_code = client.close()
        assert exit_code == 0
        # Shutting the server down stopped the daemon it started.
        assert not status_file.exists() and not _alive(daemon_pid, wait_s=10.0)
    finally:
        if status_file.exists():  # only if the test failed before the server stopped it
            subprocess.run(
                [str(VENV_BIN / "dmypy"), "--status-file", str(status_file), "kill"],
                cwd=project, capture_output=True, timeout=WAIT_S,
            )
    print(f"on save via dmypy: open {opened_s:.1f} s, save {saved_s:.1f} s")


@pytest.mark.slow
def test_why_live_mode_turns_the_cache_off(tmp_path: Path) -> None:
    """mypy's incremental cache answers a ``--shadow-file`` check of same-size text from the saved
    file's entry (``build.validate_meta`` stats the shadow but hashes the real file), so the fixed
    buffer still shows the old error. This is why the page's live-mode settings pass
    ``--no-incremental``. When this test fails, mypy (or the plugin, by putting the shadow's hash in
    ``report_config_data``) has fixed it: drop the override from docs/editors.md, and this test."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(editor_doc_block("pyproject-mypy"))
    (project / "prog.py").write_text(PROGRAM_BAD)
    buffer = tmp_path / "buffer.py"
    # pylsp-mypy's live-mode command line, with the cache on (its default).
    argv = [sys.executable, "-m", "mypy", "--show-error-end", "--no-error-summary", "--no-pretty",
            "--incremental", "--follow-imports", "silent",
            "--shadow-file", str(project / "prog.py"), str(buffer), str(project / "prog.py")]
    outputs = []
    for text in (PROGRAM_BAD, PROGRAM_FIXED):
        buffer.write_text(text)
        done = subprocess.run(argv, cwd=project, capture_output=True, text=True, timeout=WAIT_S)
        assert done.stderr == "", done.stderr
        outputs.append(done.stdout)
    assert EXPECTED["message"] in outputs[0]
    assert outputs[1] == outputs[0], "mypy no longer reuses the stale entry: see the docstring"
