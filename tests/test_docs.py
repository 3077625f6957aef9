"""The documentation: ``mkdocs build --strict`` passes, and the code in docs/ and README.md does what
the text says.

Conventions for a fenced ````python`` block (the first line of the block decides):

- no marker: the block is executed; the blocks of one page run in order in one namespace;
- ``# Raises <Error>: <message>``: executing the block must raise ``<Error>`` (or a subclass) with
  exactly that message (the marker line is not part of the code a reader copies);
- ``# Not run: <reason>``: the block is only compiled (it would change global state).

Every block that runs is also type-checked with mypy and the plugin (examples/mypy.ini) and must be
clean, unless a ````text`` block of mypy output (``example.py:LINE: error: ...``) follows it: then mypy's
output for the block (without its marker line) must be exactly those lines.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
# Pages written by other helpers whose blocks are illustrations of other packages (``import mypkg``):
# their blocks are compiled, not run.
COMPILE_ONLY = {"shapecheck.md"}

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)
_RAISES = re.compile(r"^# Raises (\w+): (.*)$")
_MYPY_LINE = re.compile(r"^example\.py:\d+: (error|note): ")


@dataclass
class Block:
    page: Path
    index: int
    code: str
    raises: tuple[str, str] | None
    run: bool
    mypy_output: list[str] | None  # the ```text block after it, when that is mypy output

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}#{self.index}"


def blocks_of(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    fences = list(_FENCE.finditer(text))
    out: list[Block] = []
    for i, fence in enumerate(fences):
        if fence.group(1) != "python":
            continue
        code = fence.group(2)
        first, _, rest = code.partition("\n")
        raises = _RAISES.match(first)
        not_run = first.startswith("# Not run:")
        following = fences[i + 1] if i + 1 < len(fences) else None
        mypy_output = None
        if (following is not None and following.group(1) == "text"
                and text[fence.end():following.start()].strip() == ""):
            lines = following.group(2).strip().splitlines()
            if lines and all(_MYPY_LINE.match(line) for line in lines):
                mypy_output = lines
        out.append(Block(
            page, len(out), rest if raises else code,
            (raises.group(1), raises.group(2)) if raises else None,
            not not_run and page.name not in COMPILE_ONLY, mypy_output,
        ))
    return out


ALL_BLOCKS = [b for page in PAGES for b in blocks_of(page)]
RUN_PAGES = sorted({b.page for b in ALL_BLOCKS if b.run})


def test_conventions_are_used() -> None:
    # Guard the parser: the pages do contain blocks of each kind.
    assert len([b for b in ALL_BLOCKS if b.run]) >= 15
    assert len([b for b in ALL_BLOCKS if b.raises]) >= 4
    assert len([b for b in ALL_BLOCKS if b.mypy_output]) >= 4
    assert any(not b.run for b in ALL_BLOCKS)


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "reference" / "nn" / "index.html").exists()
    nn_page = (tmp_path / "site" / "reference" / "nn" / "index.html").read_text(encoding="utf-8")
    assert "torch.nn.Linear" in nn_page  # the reference is generated from the docstrings


def test_blocks_compile() -> None:
    for block in ALL_BLOCKS:
        compile(block.code, block.name, "exec")


@pytest.mark.parametrize("page", RUN_PAGES, ids=[str(p.relative_to(ROOT)) for p in RUN_PAGES])
def test_page_code_runs(page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in (b for b in ALL_BLOCKS if b.page == page and b.run):
        code = compile(block.code, block.name, "exec")
        if block.raises is None:
            exec(code, namespace)
            continue
        expected_type, expected_message = block.raises
        with pytest.raises(Exception) as caught:  # noqa: B017 (the type is checked by name below)
            exec(code, namespace)
        names = [cls.__name__ for cls in type(caught.value).__mro__]
        assert expected_type in names, f"{block.name}: raised {type(caught.value).__name__}"
        assert str(caught.value) == expected_message, block.name


@pytest.mark.slow
def test_blocks_type_check(tmp_path: Path) -> None:
    # One mypy run over every block that runs (each its own module), from a folder outside the
    # repository so that mypy reads the stub package.
    checked = [b for b in ALL_BLOCKS if b.run and "import torch" not in b.code]
    files = []
    for i, block in enumerate(checked):
        path = tmp_path / f"example_{i}.py"
        path.write_text(block.code, encoding="utf-8")
        files.append(path)
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "examples" / "mypy.ini"),
         "--cache-dir", str(tmp_path / ".mypy_cache"), "--no-error-summary", "--no-pretty",
         "--no-color-output", *[f.name for f in files]],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.stderr == "", proc.stderr
    got: dict[int, list[str]] = {i: [] for i in range(len(checked))}
    for line in proc.stdout.splitlines():
        m = re.match(r"^example_(\d+)\.py:(.*)$", line)
        assert m, line
        got[int(m.group(1))].append("example.py:" + m.group(2))
    problems = []
    for i, block in enumerate(checked):
        expected = block.mypy_output or []
        if got[i] != expected:
            problems.append(f"{block.name}: expected {expected}, mypy said {got[i]}")
    assert problems == [], "\n".join(problems)
