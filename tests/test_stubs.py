"""The stub package (stubs/dfdx_typed-stubs): equal to the runtime, error-free for valid code in pyright
and in mypy without the plugin, erroring where plain typing can tell, and what checkers see both from
the editable install and from a built wheel.

Every checker runs in a subprocess whose working directory is a temporary directory: both mypy and
pyright put the working directory ahead of installed packages, so run from the repository root they
would read dfdx_typed/*.py itself and never the stubs (see stubs/README-stubs.md).
"""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import dfdx_typed as dt

ROOT = Path(__file__).resolve().parents[1]
STUBS = ROOT / "stubs" / "dfdx_typed-stubs"
ALLOWLIST = ROOT / "stubs" / "stubtest-allowlist.txt"
ACCEPT = sorted((ROOT / "tests" / "typing_accept").glob("*.py"))
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
PY = sys.executable
TIMEOUT = 300  # seconds, per subprocess (a cold mypy takes ~10 s; a wheel venv ~30 s)

_MYPY_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<msg>.*)$")


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def run_mypy(files: list[Path], cwd: Path, python: str = PY) -> list[tuple[str, int, str, str]]:
    """(file name, line, kind, message) for every line mypy (no plugin, --strict) prints."""
    config = cwd / "mypy-no-plugin.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    proc = run(
        [python, "-m", "mypy", "--config-file", str(config), "--strict", "--no-error-summary",
         "--no-pretty", "--show-traceback", "--cache-dir", str(cwd / ".mypy_cache"),
         *[str(f) for f in files]],
        cwd,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert proc.stderr == "", proc.stderr
    out = []
    for line in proc.stdout.splitlines():
        m = _MYPY_LINE.match(line)
        assert m, f"unexpected mypy output line: {line!r}"
        out.append((Path(m["path"]).name, int(m["line"]), m["kind"], m["msg"]))
    return out


def run_pyright(files: list[Path], cwd: Path, mode: str, python: str = PY) -> list[dict[str, object]]:
    """pyright's diagnostics (JSON) for ``files``, checked against ``python``'s environment."""
    (cwd / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": mode}), encoding="utf-8")
    proc = run([PY, "-m", "pyright", "--outputjson", "--pythonpath", python, *[str(f) for f in files]], cwd)
    report = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == len(files), proc.stdout[-2000:]
    diagnostics: list[dict[str, object]] = report["generalDiagnostics"]
    return diagnostics


def pyright_line(diag: dict[str, object]) -> int:
    rng = diag["range"]
    assert isinstance(rng, dict)
    return int(rng["start"]["line"]) + 1


def show(diags: list[dict[str, object]]) -> str:
    return "\n".join(f"{Path(str(d['file'])).name}:{pyright_line(d)}: {d['severity']}: {d['message']}"
                     for d in diags)


# --- (a) the stubs equal the runtime ------------------------------------------------------------------


def stubbed_modules() -> set[str]:
    out = set()
    for pyi in STUBS.rglob("*.pyi"):
        parts = list(pyi.relative_to(STUBS).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.add(".".join(["dfdx_typed", *parts]))
    return out


def runtime_modules() -> set[str]:
    package = ROOT / "dfdx_typed"
    out = set()
    for py in package.rglob("*.py"):
        parts = list(py.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.add(".".join(["dfdx_typed", *parts]))
    return out


def owning_module(name: str, modules: set[str]) -> str:
    """The module an object path such as ``dfdx_typed._tensor.Tensor.sum`` belongs to."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in modules:
            return ".".join(parts[:n])
    return name


@pytest.mark.slow
def test_stubtest(tmp_path: Path) -> None:
    cmd = [PY, "-m", "mypy.stubtest", "--concise", "--allowlist", str(ALLOWLIST), "dfdx_typed"]
    proc = run(cmd, tmp_path)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and "not checking stubs" not in output, output
    stubbed = stubbed_modules()
    modules = runtime_modules() | stubbed
    failures: list[str] = []
    inline_only: list[str] = []
    for line in output.splitlines():
        if line.startswith("note: unused allowlist entry"):
            failures.append(line)  # an entry nothing needs any more: delete it
        elif line.startswith("dfdx_typed"):
            module = owning_module(line.split(" ", 1)[0], modules)
            (failures if module in stubbed else inline_only).append(line)
        elif line.strip():
            failures.append(line)
    # Modules without a stub are typed inline: stubtest compares their source with itself, and what
    # it says there (e.g. "failed to find stubs" for the mypy plugin) is about stubtest, not stubs.
    print("not held to stubtest (no stub):", *inline_only, sep="\n  ")
    assert failures == [], "\n".join(failures)


def test_allowlist_entries_have_reasons() -> None:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    entries = [i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    assert entries, "the allowlist is expected to hold the typing-only entries"
    for i in entries:
        above = i - 1
        while above >= 0 and lines[above].strip() and not lines[above].startswith("#"):
            above -= 1  # consecutive entries share one reason
        assert above >= 0 and lines[above].startswith("#"), f"no reason above allowlist entry {lines[i]!r}"


def test_stub_package_is_partial_and_leaves_shapes_inline() -> None:
    # "partial": a checker falls back to dfdx_typed/ for every module the stubs do not cover.
    assert (STUBS / "py.typed").read_text(encoding="utf-8") == "partial\n"
    assert not (STUBS / "shapes").exists() and not (STUBS / "shapes.pyi").exists()
    assert stubbed_modules() <= runtime_modules(), stubbed_modules() - runtime_modules()


# --- (b), (c) valid code: zero errors in pyright and in mypy without the plugin -----------------------


@pytest.mark.slow
def test_pyright_accepts_cases_and_examples(tmp_path: Path) -> None:
    # The case files are held to strict mode, so an `Unknown` leaking out of a stub fails too.
    strict = run_pyright(ACCEPT, tmp_path, "strict")
    assert strict == [], show(strict)
    standard = run_pyright(EXAMPLES, tmp_path, "standard")
    assert [d for d in standard if d["severity"] == "error"] == [], show(standard)


@pytest.mark.slow
def test_mypy_without_plugin_accepts_cases_and_examples(tmp_path: Path) -> None:
    lines = run_mypy(ACCEPT + EXAMPLES, tmp_path)
    assert lines == [], "\n".join(f"{f}:{n}: {k}: {m}" for f, n, k, m in lines)


@pytest.mark.parametrize("path", ACCEPT, ids=[p.stem for p in ACCEPT])
def test_accept_cases_run(path: Path) -> None:
    # A must-accept case is only evidence if it is also correct at run time.
    runpy.run_path(str(path), run_name="__main__")


def test_accept_cases_cover_every_exported_name() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in ACCEPT)
    used = set(re.findall(r"\bdt\.(\w+)", text))
    used |= {n.strip() for m in re.findall(r"from dfdx_typed import ([\w, ]+)", text) for n in m.split(",")}
    missing = sorted(set(dt.__all__) - used)
    assert missing == [], f"names exported by dfdx_typed that no must-accept case uses: {missing}"
    members = {n for n in dir(dt.Tensor) if not n.startswith("_")}
    missing_members = sorted(n for n in members if not re.search(rf"\.{n}\b", text))
    assert missing_members == [], f"Tensor members no must-accept case uses: {missing_members}"


# --- (d) what plain typing can reject, both checkers reject -------------------------------------------

REJECT = '''\
from typing import Literal as L, TypeVar

import dfdx_typed as dt
from dfdx_typed import NoneTape, OwnedTape, Tensor

B = TypeVar("B", bound=int)
T = TypeVar("T")


def cases(
    a: Tensor[tuple[L[4], L[3]]],
    c: Tensor[tuple[L[4], L[3]], OwnedTape],
    w_bad: Tensor[tuple[L[4], L[5]]],
    w: Tensor[tuple[L[3], L[5]]],
    s: Tensor[tuple[B, L[3]]],
) -> None:
    a.sum().backward()  # reject: backward on an untraced tensor
    c.backward()  # reject: backward on a traced tensor that is not 0-d
    dt.zeros((2, 3)).sum().backward()  # reject: a constructor's tensor is untraced
    _ = a @ w_bad  # reject: 2-D inner dims 3 and 4 differ
    _ = c @ w_bad  # reject: the same, traced
    _ = s @ w_bad  # reject: the same, with a symbolic batch
    wrong_shape: Tensor[tuple[L[3], L[4]]] = a.exp()  # reject: unary ops keep the shape
    wrong_tape: Tensor[tuple[L[4], L[3]], NoneTape] = c * 2.0  # reject: a traced result
    wrong_matmul: Tensor[tuple[L[4], L[3]]] = a @ w  # reject: (4, 3) @ (3, 5) is (4, 5)
    wrong_sum: Tensor[tuple[L[1]]] = a.sum()  # reject: sum() is 0-d
    grads = c.sum().backward()
    wrong_grad: Tensor[tuple[L[3], L[4]]] = grads[c]  # reject: a gradient has the tensor's shape
    _ = grads[0]  # reject: gradients are indexed by tensor
    _ = a + "x"  # reject: not a tensor or a number
    _ = dt.exp([1.0])  # reject: not a tensor


def generic_tape(loss: Tensor[tuple[()], T]) -> None:
    loss.backward()  # reject: a tape that may be untraced


def symbolic(x: Tensor[tuple[B, L[3]]]) -> Tensor[tuple[B, L[4]]]:
    return x.exp()  # reject: (B, 3) is not (B, 4)


# Modules: a call is typed by the module's forward (layers over batch prefixes, user modules).
class Net(dt.nn.Module):
    def __init__(self) -> None:
        self.hidden: dt.nn.Linear[L[6], L[8]] = dt.nn.Linear(6, 8)
        self.out: dt.nn.Linear[L[8], L[3]] = dt.nn.Linear(8, 3)

    def forward(self, x: Tensor[tuple[B, L[6]], T]) -> Tensor[tuple[B, L[3]], T]:
        return self.out(x)  # reject: a layer inside forward is checked (Linear[8, 3] on (B, 6))


def nn_cases(
    lin: dt.nn.Linear[L[784], L[512]],
    x: Tensor[tuple[B, L[784]]],
    bad: Tensor[tuple[B, L[100]]],
    emb: dt.nn.Embedding[L[10], L[8]],
    tokens: Tensor[tuple[B, L[5]]],
    net: Net,
    x6: Tensor[tuple[B, L[6]]],
) -> None:
    lin(bad)  # reject: Linear[784, 512] on (B, 100)
    lin(dt.zeros((2, 784)).sum())  # reject: a 0-d tensor has no feature axis
    wrong_out: Tensor[tuple[B, L[256]]] = lin(x)  # reject: (B, 784) -> (B, 512), not (B, 256)
    wrong_tape: Tensor[tuple[B, L[512]], NoneTape] = lin(x.trace())  # reject: a layer keeps the tape
    net(bad)  # reject: a module's call is typed by its forward
    wrong_net: Tensor[tuple[B, L[3]], OwnedTape] = net(x6)  # reject: untraced in, untraced out
    wrong_emb: Tensor[tuple[B, L[5], L[4]]] = emb(tokens)  # reject: Embedding[10, 8] gives (..., 8)
    wrong_relu: Tensor[tuple[B, L[6]]] = dt.nn.ReLU()(x)  # reject: activations keep the shape
    dt.nn.Sequential(dt.nn.Linear(784, 10))(x).sum().backward()  # reject: an untraced input
    dt.losses.mse_loss(x, x).backward()  # reject: a loss of untraced tensors is untraced
    dt.losses.cross_entropy(lin(x), tokens.trace()).backward()  # reject: class indices do not trace
    dt.optim.Sgd(lin, lr="0.1")  # reject: lr is a float
    dt.optim.Adam(lin, betas=0.9)  # reject: betas is a pair
    dt.optim.Sgd(lin).update(lin, [1.0])  # reject: gradients are Gradients or a name-keyed mapping
    dt.save(lin)  # reject: save needs a path


def vision_cases(x: Tensor[tuple[L[4], L[3]]], w: Tensor[tuple[L[2], L[4], L[1], L[1]]]) -> None:
    dt.where(x > 0, 1.0, 2.0)  # reject: at least one branch must be a tensor
    dt.lt(1.0, 2.0)  # reject: comparing two numbers is not a tensor op
    untraced: Tensor[tuple[L[4]], NoneTape] = dt.where(x[:, 0] > 0, x[:, 0].trace(), 0.0)  # reject: traced
    dt.conv2d(x, w).sum().backward()  # reject: input and weight are untraced
    dt.max_pool2d(x, 2).sum().backward()  # reject: pooling keeps the input's (untraced) tape
'''


def rejected_lines() -> set[int]:
    return {i for i, line in enumerate(REJECT.splitlines(), start=1) if "# reject:" in line}


@pytest.mark.slow
def test_pyright_rejects(tmp_path: Path) -> None:
    case = tmp_path / "reject_cases.py"
    case.write_text(REJECT, encoding="utf-8")
    errors = [d for d in run_pyright([case], tmp_path, "standard") if d["severity"] == "error"]
    assert {pyright_line(d) for d in errors} == rejected_lines(), show(errors)


@pytest.mark.slow
def test_mypy_without_plugin_rejects(tmp_path: Path) -> None:
    case = tmp_path / "reject_cases.py"
    case.write_text(REJECT, encoding="utf-8")
    errors = {n for _, n, kind, _ in run_mypy([case], tmp_path) if kind == "error"}
    assert errors == rejected_lines()


# --- (e) the checkers see the stubs: editable install and built wheel ---------------------------------

PROBE = '''\
import dfdx_typed as dt
reveal_type(dt.zeros((2, 3)).exp())
reveal_type(dt.zeros((2, 3)).backward)
reveal_type(dt.shapes.broadcast)
'''
# What only the stubs say: the runtime annotates these as `Tensor[Any, Any]` and a plain `backward`.
STUB_ONLY = ["Tensor[Any, NoneTape]", "backward_needs_a_traced_0d_tensor: Never"]


def assert_probe_sees_stubs(cwd: Path, python: str) -> None:
    probe = cwd / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    notes = [m for _, _, kind, m in run_mypy([probe], cwd, python=python) if kind == "note"]
    mypy_text = " ".join(notes).replace("dfdx_typed._tensor.", "").replace("dfdx_typed._tape.", "")
    shown = [str(d["message"]) for d in run_pyright([probe], cwd, "standard", python=python)]
    pyright_text = " ".join(shown)
    for text in STUB_ONLY:
        assert text in mypy_text, notes
        assert text in pyright_text, shown
    # The partial stub package falls back to the inline-typed dfdx_typed.shapes.
    assert "dims.Poly" in mypy_text and "Poly" in pyright_text, (notes, shown)


@pytest.mark.slow
def test_editable_install_checkers_see_stubs(tmp_path: Path) -> None:
    assert_probe_sees_stubs(tmp_path, PY)


def pinned_requirements(names: list[str]) -> list[str]:
    """``name==installed version`` for ``names`` and everything they require, from this venv."""
    seen: dict[str, str] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = metadata.version(name)
        for req in metadata.requires(name) or []:
            if "extra ==" in req:
                continue
            dep = re.split(r"[<>=!~;\[ (]", req, maxsplit=1)[0]
            marker = req.split(";", 1)[1] if ";" in req else ""
            if "python_version <" in marker:
                continue  # backports this interpreter does not need
            todo.append(dep)
    return [f"{k}=={v}" for k, v in sorted(seen.items())]


@pytest.mark.slow
def test_wheel_in_fresh_venv_checkers_see_stubs(tmp_path: Path) -> None:
    dist, venv, work = tmp_path / "dist", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    # hatchling (the build backend) is in the test extra, so no build environment is downloaded.
    wheel_cmd = [PY, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist)]
    wheel_cmd.append(str(ROOT))
    built = run(wheel_cmd, tmp_path)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheel = next(dist.glob("dfdx_typed-*.whl"))
    made = run([PY, "-m", "venv", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    vpy = str(venv / "bin" / "python")
    reqs = pinned_requirements(["numpy", "typing_extensions", "mypy"])
    installed = run([vpy, "-m", "pip", "install", "-q", "--no-deps", str(wheel), *reqs], tmp_path)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    where = run([vpy, "-c", "import dfdx_typed, os; print(os.path.dirname(dfdx_typed.__file__))"], work)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # the wheel, not this checkout
    assert (Path(where.stdout.strip()).parent / "dfdx_typed-stubs" / "_tensor.pyi").is_file()
    assert_probe_sees_stubs(work, vpy)
