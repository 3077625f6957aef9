"""The plugin on the oldest and the newest mypy it supports.

The newest is the test extra's pin, installed in the project's own venv, where test_plugin_cases.py
runs every case file. The oldest, 1.19 (the first whose config accepts a plugin's error codes in
``disable_error_code``), gets a venv of its own, cached in the repository root as ``.venv-mypy-1.19/``
(git-ignored), with the project installed editable; the same case files must give the same lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import mypy.version
import pytest
from test_plugin_cases import CASE_FILES, CONFIG, diff_message, expected_lines, parse_output

ROOT = Path(__file__).resolve().parents[1]
OLDEST = "1.19.1"
NEWEST = "2.4.1"
OLD_VENV = ROOT / ".venv-mypy-1.19"


_PROBE = "import mypy.version, dfdx_typed.mypy_plugin; print(mypy.version.__version__)"
_TYPEVAR_ID = re.compile(r"`-?\d+")


def _normalise(lines: Counter[str]) -> Counter[str]:
    """mypy 1.x prints revealed types with ``builtins.`` prefixes and TypeVar ids (``T`-3``); 2.x
    without. Only the spelling differs, so it is made the same before comparing."""
    return Counter(_TYPEVAR_ID.sub("", line.replace("builtins.", "")) for line in lines.elements())


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _has_oldest(venv: Path) -> bool:
    if not _python(venv).exists():
        return False
    probe = subprocess.run(
        [str(_python(venv)), "-c", _PROBE],
        capture_output=True,
        text=True,
        cwd=venv,
    )
    return probe.returncode == 0 and probe.stdout.strip() == OLDEST


def _build_oldest() -> None:
    """Create the venv next to its final place and move it there once complete."""
    staging = OLD_VENV.with_name(OLD_VENV.name + f".building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(staging)], check=True)
    pip = [str(_python(staging)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, f"mypy=={OLDEST}", "numpy", "typing_extensions"], check=True, timeout=900)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True, timeout=900)
    shutil.rmtree(OLD_VENV, ignore_errors=True)
    staging.rename(OLD_VENV)


@pytest.fixture(scope="module")
def oldest_python() -> Path:
    if not _has_oldest(OLD_VENV):
        _build_oldest()
    assert _has_oldest(OLD_VENV), f"{OLD_VENV} does not import mypy {OLDEST} and the plugin"
    return _python(OLD_VENV)


def test_the_newest_is_the_pinned_one() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"mypy=={NEWEST}"' in pyproject
    assert mypy.version.__version__ == NEWEST


@pytest.mark.slow
def test_case_files_on_the_oldest_mypy(oldest_python: Path, tmp_path: Path) -> None:
    # One run: the case files, and a module whose config section disables two of the plugin's codes
    # (what a user's config may do from mypy 1.19 on).
    disabled = tmp_path / "disable_codes.py"
    disabled.write_text(
        "import dfdx_typed as dt\n"
        "dt.zeros((2,)) + dt.zeros((3,))\n"
        "dt.zeros((4,)) - dt.zeros((4, 1))\n"
        "dt.zeros((3,)).sum().backward()\n"
    )
    config = tmp_path / "mypy.ini"
    config.write_text(CONFIG.read_text() + "\n[mypy-disable_codes]\ndisable_error_code = broadcast, tape\n")
    # From a folder outside the repository: there, mypy reads the stubs, as a user's mypy does.
    done = subprocess.run(
        [str(oldest_python), "-m", "mypy", "--config-file", str(config), "--cache-dir",
         str(tmp_path / ".mypy_cache"), "--no-error-summary", "--no-pretty", "--show-traceback",
         *[str(f) for f in [*CASE_FILES, disabled]]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert done.stderr == "", done.stderr
    per_file, stray = parse_output(done.stdout, [*CASE_FILES, disabled], cwd=tmp_path)
    assert stray == [], "mypy reported lines outside the case files:\n" + "\n".join(stray)
    differences = [
        diff_message(f, _normalise(expected_lines(f)), _normalise(per_file[f]))
        for f in CASE_FILES
        if _normalise(per_file[f]) != _normalise(expected_lines(f))
    ]
    assert differences == [], "\n".join(differences)
    left = [line for line in per_file[disabled] if ": error: " in line]
    assert len(left) == 1 and left[0].startswith("2: error: add: ") and left[0].endswith("[shape]"), left
