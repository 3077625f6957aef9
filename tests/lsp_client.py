"""A small Language Server Protocol client over stdio, standard library only (for the editor tests).

It speaks what an editor speaks to a language server: JSON-RPC 2.0 messages framed by a
``Content-Length`` header, requests with ids, notifications without. A reader thread parses what the
server writes and queues it; the test thread sends, and waits (always with a timeout) for a response
or for a notification matching a predicate. Requests the server sends to the client (capability
registration, progress tokens) are answered with ``null``, as a minimal editor would.

Usage::

    with LspClient([sys.executable, "-m", "pylsp"], cwd=project, env=env, log=log_path) as client:
        client.request("initialize", {...})
        client.notify("initialized", {})
        message = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics", 60)

Leaving the ``with`` block sends ``shutdown``/``exit`` and kills the server if it has not exited.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

Message = dict[str, Any]

# --- shared by the two editor tests (test_editor_lsp.py, test_editor_dmypy.py) ----------------------

EDITOR_PAGE = Path(__file__).resolve().parents[1] / "docs" / "editors.md"


def editor_doc_block(name: str) -> str:
    """The code block of ``docs/editors.md`` marked ``<!-- editors-test: NAME -->`` (the line right
    before its fence), without a ``# Raises`` marker line. Both editor tests build their projects
    from these blocks, so the page shows exactly what is tested."""
    text = EDITOR_PAGE.read_text(encoding="utf-8")
    pattern = rf"^<!-- editors-test: {re.escape(name)} -->\n```\w*\n(.*?)^```\s*$"
    found = re.findall(pattern, text, flags=re.S | re.M)
    assert len(found) == 1, f"docs/editors.md must have one block marked {name!r}, found {len(found)}"
    block: str = found[0]
    if block.startswith("# Raises "):
        block = block.partition("\n")[2]
    return block


def save_like_an_editor(path: Path, text: str) -> None:
    """Write ``text`` with a later whole-second mtime than the file had, as an editor's save a moment
    later would give: mypy (daemon and cache) treats a file whose size and mtime rounded to seconds
    are unchanged as unchanged, and the edits in these tests keep the size."""
    before = path.stat().st_mtime if path.exists() else 0.0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime, before + 1.0)
    os.utime(path, (later, later))


_CLOSED = object()  # queued by the reader thread when the server's stdout ends


class LspError(AssertionError):
    """The server answered with an error, ended, or did not answer in time. The message carries the
    tail of the server's log, which is where pylsp writes why."""


class LspClient:
    """A language server started as a subprocess and spoken to over its stdin/stdout."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        log: Path,
    ) -> None:
        self._log_path = log
        self._log_file = log.open("wb")
        self._process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # A file, not a pipe: a server that logs a lot would block on a full stderr pipe.
            stderr=self._log_file,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin: IO[bytes] = self._process.stdin
        self._write_lock = threading.Lock()
        self._inbox: queue.Queue[object] = queue.Queue()
        self._next_id = 1
        #: Every message received from the server, in order (for failure messages).
        self.received: list[Message] = []
        self._reader = threading.Thread(target=self._read_loop, args=(self._process.stdout,), daemon=True)
        self._reader.start()

    # --- the wire -----------------------------------------------------------------------------------

    def _send(self, message: Message) -> None:
        body = json.dumps(message).encode("utf-8")
        with self._write_lock:
            self._stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
            self._stdin.flush()

    def _read_loop(self, stdout: IO[bytes]) -> None:
        try:
            while True:
                length = None
                while True:  # headers, up to the blank line
                    line = stdout.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                message = json.loads(stdout.read(length).decode("utf-8"))
                if "method" in message and "id" in message:
                    # A request from the server: answer it as an editor with no such feature would.
                    self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                self._inbox.put(message)
        except (OSError, ValueError):
            return
        finally:
            self._inbox.put(_CLOSED)

    # --- what a test calls --------------------------------------------------------------------------

    def notify(self, method: str, params: Mapping[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": dict(params)})

    def request(self, method: str, params: Mapping[str, Any] | None, timeout: float = 60.0) -> Any:
        """Send a request and wait for its response; return its ``result`` (raise on ``error``)."""
        request_id = self._next_id
        self._next_id += 1
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        response = self.wait_for(lambda m: m.get("id") == request_id and "method" not in m, timeout)
        if "error" in response:
            raise LspError(f"{method} failed: {response['error']}\n{self.log_tail()}")
        return response.get("result")

    def wait_for(self, matches: Callable[[Message], bool], timeout: float) -> Message:
        """The first message not yet consumed that ``matches``; earlier ones are dropped (they stay in
        ``received``). Raises :class:`LspError` after ``timeout`` seconds or if the server ends."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError(f"no matching message within {timeout} s\n{self.log_tail()}")
            try:
                item = self._inbox.get(timeout=left)
            except queue.Empty:
                continue
            if item is _CLOSED:
                self._inbox.put(_CLOSED)  # later waits fail at once too
                raise LspError(f"the server ended (exit code {self._process.poll()})\n{self.log_tail()}")
            assert isinstance(item, dict)
            self.received.append(item)
            if matches(item):
                return item

    def log_tail(self, lines: int = 40) -> str:
        self._log_file.flush()
        text = self._log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "server log (last lines):\n" + "\n".join(text[-lines:])

    # --- shutting down ------------------------------------------------------------------------------

    def close(self, timeout: float = 15.0) -> int | None:
        """``shutdown`` then ``exit``, as an editor closing does; kill the server if it is still
        running after ``timeout`` seconds. Returns the exit code (``None`` only if even the kill
        could not be waited for)."""
        try:
            if self._process.poll() is None:
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit", {})
                self._process.wait(timeout=timeout)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self._process.poll() is None:
                self._process.kill()
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            for stream in (self._stdin, self._process.stdout, self._log_file):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass
        return self._process.poll()

    def __enter__(self) -> LspClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
