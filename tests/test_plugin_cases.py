"""The mypy case files: mypy with the plugin must report exactly the expected lines.

Each file in ``tests/mypy_cases/`` covers one rule family, with lines that must be accepted and lines
that must be rejected, in mypy's inline format::

    y = x @ w  # E: matmul: inner dims differ: (2, 3) @ (4, 5) — 3 != 4  [shape]
    reveal_type(y)  # N: Revealed type is "..."

The whole set of errors and notes mypy prints for a file must equal the set its comments expect: a
missing error fails, and so does an extra one (a false error). All files are checked in one mypy run
(in-process, cache in a per-session temporary directory).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from pathlib import Path

import pytest
from mypy import api

TESTS = Path(__file__).resolve().parent
CASES_DIR = TESTS / "mypy_cases"
CONFIG = TESTS / "mypy_plugin.ini"
CASE_FILES = sorted(CASES_DIR.glob("*.py"))

_MARK = re.compile(r"#\s*([EN]):\s")
_OUTPUT = re.compile(r"^(?P<path>[^:]+\.py):(?P<line>\d+): (?P<kind>error|note): (?P<msg>.*)$")


def expected_lines(path: Path) -> Counter[str]:
    """``LINE: error: MSG`` / ``LINE: note: MSG`` for every ``# E:``/``# N:`` comment in the file."""
    out: Counter[str] = Counter()
    for lineno, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        marks = list(_MARK.finditer(text))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            kind = "error" if m.group(1) == "E" else "note"
            out[f"{lineno}: {kind}: {text[m.end():end].strip()}"] += 1
    return out


def parse_output(
    stdout: str, files: list[Path], cwd: Path | None = None
) -> tuple[dict[Path, Counter[str]], list[str]]:
    """mypy's lines per case file, and any line that is not about a case file (never expected).

    ``cwd`` is the folder mypy ran in (paths it prints may be relative to it)."""
    by_path = {f.resolve(): f for f in files}
    per_file: dict[Path, Counter[str]] = {f: Counter() for f in files}
    stray: list[str] = []
    for line in stdout.splitlines():
        m = _OUTPUT.match(line)
        # mypy prints paths relative to the working directory when it can.
        path = ((cwd or Path.cwd()) / m.group("path")).resolve() if m else None
        if m and path in by_path:
            per_file[by_path[path]][f"{m.group('line')}: {m.group('kind')}: {m.group('msg')}"] += 1
        elif line.strip():
            stray.append(line)
    return per_file, stray


def mypy_args(files: list[Path], cache_dir: Path) -> list[str]:
    return [
        "--config-file", str(CONFIG),
        "--cache-dir", str(cache_dir),
        "--no-error-summary",
        "--no-pretty",
        "--show-traceback",
        *[str(f) for f in files],
    ]


def diff_message(path: Path, expected: Counter[str], actual: Counter[str]) -> str:
    missing = sorted((expected - actual).elements(), key=lambda s: int(s.split(":")[0]))
    extra = sorted((actual - expected).elements(), key=lambda s: int(s.split(":")[0]))
    lines = [f"{path.name}: mypy output differs from the expected comments"]
    lines += [f"  missing  {m}" for m in missing]
    lines += [f"  extra    {e}" for e in extra]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the session (per xdist worker): the stubs of numpy are the slow part of a
    cold run, and every run here reads the same ones."""
    return tmp_path_factory.getbasetemp() / "mypy-cache-shared"


def run_mypy(files: list[Path], workdir: Path, cache: Path) -> tuple[dict[Path, Counter[str]], list[str]]:
    """One in-process mypy run over ``files``, from ``workdir``: mypy puts its working directory
    first on the module search path, so run from the repository root it would check the
    ``dfdx_typed`` sources instead of the stubs a user's mypy sees."""
    with contextlib.chdir(workdir):
        stdout, stderr, _status = api.run(mypy_args(files, cache))
        assert "Traceback" not in stdout + stderr, stdout + stderr
        assert stderr == "", stderr
        return parse_output(stdout, files)


@pytest.fixture(scope="session")
def case_output(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> dict[Path, Counter[str]]:
    per_file, stray = run_mypy(CASE_FILES, tmp_path_factory.mktemp("mypy-cases"), shared_cache)
    assert stray == [], "mypy reported lines outside the case files:\n" + "\n".join(stray)
    return per_file


def test_there_are_case_files() -> None:
    assert len(CASE_FILES) >= 8, [f.name for f in CASE_FILES]


@pytest.mark.parametrize("path", CASE_FILES, ids=[f.stem for f in CASE_FILES])
def test_case_file(path: Path, case_output: dict[Path, Counter[str]]) -> None:
    expected = expected_lines(path)
    assert any("error" in e for e in expected) and any("note" in e for e in expected), (
        f"{path.name} must have both rejected (# E:) and revealed (# N:) lines"
    )
    actual = case_output[path]
    assert actual == expected, diff_message(path, expected, actual)


def test_codes_can_be_disabled_in_the_config(shared_cache: Path, tmp_path: Path) -> None:
    """``disable_error_code`` in a user's config silences the plugin's codes it names, and only them."""
    program = tmp_path / "disable_codes.py"
    program.write_text(
        "import dfdx_typed as dt\n"
        "dt.zeros((2,)) + dt.zeros((3,))\n"
        "dt.zeros((4,)) - dt.zeros((4, 1))\n"
        "dt.zeros((3,)).sum().backward()\n"
    )
    # The test config plus a section for this module, so the rest of the shared cache stays valid.
    config = tmp_path / "mypy.ini"
    config.write_text(
        CONFIG.read_text() + "\n[mypy-disable_codes]\ndisable_error_code = broadcast, tape\n"
    )
    with contextlib.chdir(tmp_path):
        stdout, stderr, _ = api.run(
            ["--config-file", str(config), "--cache-dir", str(shared_cache), str(program)]
        )
    assert stderr == "", stderr
    errors = re.findall(r"^[^:]+:(\d+): error: .*\[([a-z-]+)\]$", stdout, flags=re.M)
    assert errors == [("2", "shape")], stdout
