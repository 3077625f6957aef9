"""Random programs: mypy with the plugin and the run time must agree on every shape and every error.

Hypothesis draws chains of ops (broadcasting, comparisons, where, matmul, reductions, argmax, the
softmax family, permute/transpose/tril, reshape/flatten/squeeze/unsqueeze, indexing,
concat/stack/split, realize, backward; and, from random_program_ops.py, convolutions, pools, pad,
upscale, gather/take_along_axis/select/roll/one_hot, ``==``/``!=``, einsum, nn layers and Sequential
chains, losses) over inputs whose dims are literal, symbolic (TypeVars of a
generic function) or ``int``. Each program is written to a file, all of a batch are checked by one
in-process mypy run, and each file is then executed with concrete sizes.

- mypy never crashes or prints a traceback, and reports nothing but the library's own error codes;
- every revealed shape equals the run-time shape: literal dims exactly, symbolic dims after putting
  in the concrete sizes, ``int`` dims match anything; revealed tapes equal the run-time tape;
- literal programs: a shape error is reported exactly where the run time raises ShapeError, with the
  same code and message; with symbols or ``int`` dims: every reported error is at a line where the
  run time raises ShapeError (the checker may stay silent, never be wrong; the messages differ, as
  they name symbols, and so may the code, which is counted).

Generation executes each op as it is drawn, so chains stay mostly valid and stop at the first error.
"""

from __future__ import annotations

import contextlib
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mypy import api
from random_program_ops import ModelOps

import dfdx_typed as dt

# --- programs -------------------------------------------------------------------------------------

SYMBOLS = ("B", "C")
HEADER = [
    "from typing import Literal as L, TypeVar",
    "import dfdx_typed as dt",
    "from dfdx_typed import NoneTape, OwnedTape, Tensor",
    *[f'{s} = TypeVar("{s}", bound=int)' for s in SYMBOLS],
]


@dataclass
class Program:
    kind: str  # "literal": every dim literal; "mixed": symbolic and int dims too
    sizes: dict[str, int]  # the concrete size of each symbol
    inputs: list[tuple[tuple[int, ...], bool]]  # (shape, traced) of each argument of prog()
    source: str
    n_ops: int


class Builder:
    """Writes ``prog`` one statement at a time, running each as it goes so the next op is drawn for
    the shape the run time really has. The first statement that raises a ShapeError is the last."""

    def __init__(self, kind: str, sizes: dict[str, int]) -> None:
        self.kind, self.sizes = kind, sizes
        self.params: list[str] = []
        self.inputs: list[tuple[tuple[int, ...], bool]] = []
        self.body: list[str] = []
        self.env: dict[str, Any] = {"dt": dt}
        self.stopped = False
        self.n_ops = 0
        self.current = "v0"

    def start_literal(self, shape: tuple[int, ...], traced: bool) -> None:
        self._assign("v0", f"dt.randn({shape!r}){'.trace()' if traced else ''}")

    def start_param(self, annotation: str, shape: tuple[int, ...], traced: bool) -> None:
        tape = "OwnedTape" if traced else "NoneTape"
        self.params.append(f"v0: Tensor[tuple[{annotation}], {tape}]")
        self.inputs.append((shape, traced))
        self.env["v0"] = dt.randn(shape).trace() if traced else dt.randn(shape)
        self.body.append("reveal_type(v0)")

    def _assign(self, name: str, expr: str) -> bool:
        line = f"{name} = {expr}"
        try:
            with np.errstate(all="ignore"):  # random values: log of negatives and such are expected
                exec(line, self.env)
        except dt.ShapeError:
            self.body.append(line)
            self.stopped = True
            return True
        except Exception:  # a draw the run time rejects for another reason: redraw
            return False
        self.body += [line, f"reveal_type({name})"]
        return True

    def emit(self, statement: str) -> bool:
        """Run ``vK = expr`` (or a bare expression) and keep it if it ran or raised a ShapeError."""
        if self.stopped:
            return False
        name, _, expr = statement.partition(" = ")
        ok = self._assign(name, expr) if expr else self._bare(statement)
        if ok:
            self.n_ops += 1
            if expr and not self.stopped:
                self.current = name
        return ok

    def _bare(self, statement: str) -> bool:
        try:
            exec(statement, self.env)
        except dt.ShapeError:
            self.stopped = True
        except Exception:  # as above
            return False
        self.body.append(statement)
        return True

    @property
    def tensor(self) -> Any:
        return self.env[self.current]

    def program(self) -> Program:
        head = f"def prog({', '.join(self.params)}) -> None:"
        source = "\n".join([*HEADER, "", "", head, *[f"    {b}" for b in self.body]]) + "\n"
        return Program(self.kind, self.sizes, self.inputs, source, self.n_ops)


# --- drawing ops ----------------------------------------------------------------------------------

Draw = Callable[[st.SearchStrategy[Any]], Any]


class Ops(ModelOps):
    """Each method returns the expression of one op on the current tensor, drawn for its shape."""

    def __init__(self, draw: Draw, b: Builder) -> None:
        self.draw, self.b = draw, b

    def pick(self, options: list[Any] | tuple[Any, ...]) -> Any:
        return self.draw(st.sampled_from(list(options)))

    def int_(self, lo: int, hi: int) -> int:
        return int(self.draw(st.integers(lo, hi)))

    def rarely(self) -> bool:
        """True about one time in ten: how often a draw is made to be wrong. (A middle value:
        hypothesis favours the ends of a range.)"""
        return self.int_(0, 9) == 4

    def axis(self, rank: int) -> int:
        """A valid axis (either sign), or rarely one just out of range."""
        if self.rarely() or rank == 0:
            return self.pick([rank, -rank - 1])
        return self.int_(-rank, rank - 1)

    def dim(self, j: int) -> str:
        """Dim ``j`` of the current tensor, written as ``v.shape[j]`` (its static type) or a number."""
        size = self.tensor.shape[j]
        return self.pick([f"{self.b.current}.shape[{j}]", str(size)]) if self.b.kind == "literal" else (
            f"{self.b.current}.shape[{j}]"
        )

    @property
    def tensor(self) -> Any:
        return self.b.tensor

    def tuple_(self, items: list[str]) -> str:
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"

    def companion(self) -> str:
        """Another operand for a broadcasting op: usually compatible, sometimes not."""
        shape, rank = self.tensor.shape, self.tensor.ndim
        if self.rarely():
            how = self.pick(["wrong", "extra1"])
        else:
            how = self.pick(["scalar", "same", "suffix", "ones", "lead1"])
        dims = [self.dim(j) for j in range(rank)]
        if how == "scalar" or (rank == 0 and how != "extra1"):
            return self.pick(["2.0", "3", "0.5"])
        if how == "suffix":
            dims = dims[self.int_(1, rank):]
        elif how == "ones":
            dims = [d if self.draw(st.booleans()) else "1" for d in dims]
        elif how == "extra1":
            dims = [*dims, "1"]
        elif how == "wrong":
            j = self.int_(0, rank - 1)
            dims[j] = str(self.int_(2, 5) if shape[j] != 1 else 3)
        elif how == "lead1":
            dims = ["1", *dims]
        return f"dt.randn({self.tuple_(dims)})" if dims else "dt.randn(())"

    def binary(self) -> str:
        op = self.pick(["+", "-", "*", "/", "maximum", "minimum", "<", ">=", "where"])
        a, other = self.b.current, self.companion()
        if self.draw(st.booleans()):
            a, other = other, a
        if op == "where":
            return f"dt.where({self.b.current} > 0, {a}, {other})"
        if op in ("maximum", "minimum"):
            return f"dt.{op}({a}, {other})" if "dt." in a + other else f"{self.b.current}.{op}({other})"
        return f"{a} {op} {other}"

    def matmul(self) -> str:
        t, cur = self.tensor, self.b.current
        if t.ndim == 0:
            return f"{cur} @ dt.randn((2,))"
        k = str(self.int_(1, 5)) if self.rarely() else self.dim(t.ndim - 1)
        batch = [self.dim(j) for j in range(t.ndim - 2)] or [str(self.int_(1, 3))]
        other = self.pick([f"({k}, {self.int_(1, 4)})", f"({k},)", self.tuple_([*batch, k, "2"])])
        if t.ndim >= 2 and self.int_(0, 3) == 0:
            return f"dt.randn(({self.int_(1, 3)}, {self.dim(t.ndim - 2)})) @ {cur}"
        return f"{cur} @ dt.randn({other})"

    def reduce(self) -> str:
        op = self.pick(["sum", "mean", "max", "min", "var", "std", "logsumexp", "argmax", "argmin"])
        rank = self.tensor.ndim
        if op in ("argmax", "argmin"):
            axis_arg = self.pick(["", f"axis={self.axis(rank)}", f"axis={self.axis(rank)}, keepdims=True"])
            return f"{self.b.current}.{op}({axis_arg})"
        pair = self.draw(st.permutations(list(range(rank))))[:2] if rank >= 2 else [0, 0]
        if self.rarely() or rank < 2:
            pair = [self.axis(rank), self.axis(rank)]
        axis = self.pick(["None", str(self.axis(rank)), f"({pair[0]}, {pair[1] - rank})", "omit"])
        keep = self.pick(["", ", keepdims=True", ", keepdims=False"])
        args = ("" if axis == "omit" else f"axis={axis}") + keep
        args = args.lstrip(", ")
        if self.draw(st.booleans()):
            return f"dt.{op}({self.b.current}{', ' + args if args else ''})"
        return f"{self.b.current}.{op}({args})"

    def same_axis(self) -> str:
        op = self.pick(["softmax", "log_softmax", "normalize"])
        return f"{self.b.current}.{op}(axis={self.axis(self.tensor.ndim)})"

    def rearrange(self) -> str:
        cur, rank = self.b.current, self.tensor.ndim
        kind = self.pick(["permute", "transpose", "T", "mT", "tril", "triu"])
        if kind in ("tril", "triu"):
            return f"{cur}.{kind}({self.int_(-1, 1)})"
        if kind == "permute":
            axes = list(self.draw(st.permutations(list(range(rank)))))
            axes = [a - rank if self.draw(st.booleans()) else a for a in axes]
            if axes and self.rarely():
                axes[0] = axes[-1]  # not a permutation
            return f"{cur}.permute({', '.join(map(str, axes))})"
        if kind == "transpose":
            return f"{cur}.transpose({self.axis(rank)}, {self.axis(rank)})"
        return f"{cur}.{kind}"

    def reshape(self) -> str:
        t, cur = self.tensor, self.b.current
        n, rank = math.prod(t.shape), t.ndim
        divisors = [d for d in range(1, n + 1) if n % d == 0] or [1]
        d = self.pick(divisors)
        options = ["(-1,)", f"({d}, -1)", f"(-1, {d}, 1)", f"({d}, {n // d if d else 0})"]
        if self.rarely():
            options = [f"({n + 1},)", f"({d + 1}, -1)" if n > 1 else "(-1, -1)"]
        if rank >= 1:
            options += [f"({self.dim(0)}, -1)"]
        if rank >= 2:
            options += [f"({self.dim(0)}, {self.dim(1)}, -1)"]
            options += [self.tuple_([self.dim(j) for j in range(rank)])]
        kind = self.pick(["reshape", "flatten", "squeeze", "unsqueeze"])
        if kind == "flatten":
            end = f", {self.axis(rank)}" if self.draw(st.booleans()) else ""
            return f"{cur}.flatten({self.axis(rank)}{end})"
        if kind == "squeeze":
            ones = [j for j, s in enumerate(t.shape) if s == 1]
            axis = self.pick(["", str(self.pick(ones)) if ones else "", str(self.axis(rank))])
            return f"{cur}.squeeze({axis})"
        if kind == "unsqueeze":
            return f"{cur}.unsqueeze({self.axis(rank + 1)})"
        return f"{cur}.reshape({self.pick(options)})"

    def index(self) -> str:
        rank = self.tensor.ndim
        items = []
        for j in range(self.int_(1, rank + 1) if self.rarely() else self.int_(1, max(1, rank))):
            size = self.tensor.shape[j] if j < rank else 2
            kind = self.pick(["int", "slice", "full", "none", "ellipsis" if self.rarely() else "full"])
            if kind == "int" and size:
                bad = self.rarely()
                items.append(str(self.pick([size, -size - 1]) if bad else self.int_(-size, size - 1)))
            elif kind == "int":
                items.append("0")  # out of bounds on an empty axis
            elif kind == "slice":
                lo, hi = self.int_(-size, size), self.int_(-size, size + 2)
                step = self.pick(["", ":2", ":-1", ":0"] if self.int_(0, 6) == 0 else ["", ":2", ":-1"])
                items.append(f"{lo}:{hi}{step}")
            elif kind == "full":
                items.append(":")
            elif kind == "none":
                items.append("None")
            else:
                items.append("...")
        return f"{self.b.current}[{', '.join(items)}]"

    def join(self) -> str:
        t, cur = self.tensor, self.b.current
        rank = t.ndim
        if rank == 0:
            return f"dt.stack([{cur}, {cur}])"
        axis = self.axis(rank)
        kind = self.pick(["concat", "stack", "split"])
        if kind == "split":
            ax = axis % rank if -rank <= axis < rank else 0
            n = t.shape[ax]
            size = self.int_(1, max(1, n))
            sections = self.pick([str(size), f"[{n}]", f"[1, {max(0, n - 1)}]"])
            if self.rarely():
                sections = f"[1, {n}]"
            if sections.startswith("[1,") or n % size:
                # Chunks of different sizes share one list type: its axis dim is int, and a literal
                # program becomes one with an int dim from here on.
                self.b.kind = "mixed"
            return f"dt.split({cur}, {sections}, axis={axis})[0]"
        dims = [self.dim(j) for j in range(rank)]
        if kind == "concat" and -rank <= axis < rank:
            dims[axis] = str(self.int_(1, 3))
        if self.rarely():
            dims[self.int_(0, rank - 1)] = "7"
        return f"dt.{kind}([{cur}, dt.randn({self.tuple_(dims)})], axis={axis})"

    def realize(self) -> str:
        shape = list(self.tensor.shape)
        if shape and self.int_(0, 3) == 0:
            shape[self.int_(0, len(shape) - 1)] += 1
        return f"{self.b.current}.realize({self.tuple_([str(s) for s in shape]) if shape else '()'})"


@st.composite
def draw_program(draw: Draw) -> Program:
    kind = draw(st.sampled_from(["literal", "mixed"]))
    sizes = {s: draw(st.integers(2, 4)) for s in SYMBOLS}
    b = Builder(kind, sizes)
    rank = draw(st.integers(0, 3))
    traced = draw(st.booleans())
    if kind == "literal":
        b.start_literal(tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank))), traced)
    else:
        n_dims = max(rank, 1)
        dims = draw(st.lists(st.sampled_from(["lit", "sym", "int"]), min_size=n_dims, max_size=n_dims))
        annotation, shape = [], []
        for k in dims:
            if k == "sym":
                name = draw(st.sampled_from(SYMBOLS))
                annotation.append(name)
                shape.append(sizes[name])
            else:
                size = draw(st.integers(1, 4))
                annotation.append(f"L[{size}]" if k == "lit" else "int")
                shape.append(size)
        b.start_param(", ".join(annotation), tuple(shape), traced)
    ops = Ops(draw, b)
    makers = [ops.binary, ops.binary, ops.matmul, ops.reduce, ops.same_axis, ops.rearrange, ops.reshape,
              ops.index, ops.join]
    makers += [ops.vision, ops.selecting, ops.layer, ops.loss]
    if kind == "mixed":
        makers.append(ops.realize)
    n_ops = draw(st.integers(4, 8))
    attempts = 0
    while b.n_ops < n_ops and not b.stopped and attempts < 40:
        attempts += 1
        b.emit(f"v{b.n_ops + 1} = {draw(st.sampled_from(makers))()}")
    if not b.stopped and draw(st.integers(0, 9)) in (3, 4, 5):
        b.emit(f"{b.current}.backward()")
    return b.program()


# --- reading revealed types -------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(-?\d+|[A-Za-z_][\w.]*|[\[\](),])")


@dataclass
class Node:
    name: str
    args: list[Node] = field(default_factory=list)


def _parse(text: str) -> Node:
    tokens = [t for t in _TOKEN.findall(text)]
    pos = 0

    def node() -> Node:
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "(":  # tuple[()]
            pos += 1
            return Node("()")
        n = Node(tok.rsplit(".", 1)[-1])
        if pos < len(tokens) and tokens[pos] == "[":
            pos += 1
            while tokens[pos] != "]":
                n.args.append(node())
                if tokens[pos] == ",":
                    pos += 1
            pos += 1
        return n

    return node()


@dataclass
class Revealed:
    kind: str  # "any" (no shape), "exact" (every dim known), "partial" (some dims int)
    dims: list[int | None]
    traced: bool | None

    def matches(self, shape: tuple[int, ...], exact: bool) -> bool:
        if len(self.dims) != len(shape):
            return False
        return all(d == s or (d is None and not exact) for d, s in zip(self.dims, shape))


def _dim(n: Node, sizes: dict[str, int]) -> int | None:
    if n.name == "Literal":
        return int(n.args[0].name)
    if n.name in sizes:
        return sizes[n.name]
    if n.name in ("Mul", "Add"):
        parts = [_dim(a, sizes) for a in n.args]
        if any(p is None for p in parts):
            return None
        return math.prod(p for p in parts if p is not None) if n.name == "Mul" else sum(
            p for p in parts if p is not None
        )
    assert n.name == "int", f"unexpected dim type {n.name}"
    return None


def parse_revealed(note: str, sizes: dict[str, int]) -> Revealed:
    m = re.fullmatch(r'Revealed type is "(.*)"', note)
    assert m, note
    t = _parse(m.group(1))
    if t.name != "Tensor":
        return Revealed("any", [], None)
    shape, tape = t.args
    traced = {"OwnedTape": True, "NoneTape": False}.get(tape.name)
    if shape.name != "tuple":
        return Revealed("any", [], traced)
    dims = [] if shape.args and shape.args[0].name == "()" else [_dim(a, sizes) for a in shape.args]
    return Revealed("partial" if None in dims else "exact", dims, traced)


CONFIG = Path(__file__).resolve().parent / "mypy_plugin.ini"
PROGRAMS_PER_BATCH = 16
BATCHES = 3
OWN_CODES = {"shape", "broadcast", "tape"}
STATS: Counter[str] = Counter()

_LINE = re.compile(r"^(?P<path>[^:]+\.py):(?P<line>\d+): (?P<kind>error|note): (?P<msg>.*)$")
_CODE = re.compile(r"  \[(?P<code>[a-z-]+)\]$")


def _mypy(paths: list[Path], cache_dir: Path) -> dict[str, list[tuple[int, str, str]]]:
    """One in-process mypy run over a batch, from the batch's folder (from the repository root,
    mypy would read the ``dfdx_typed`` sources instead of the stubs)."""
    with contextlib.chdir(paths[0].parent):
        stdout, stderr, status = api.run(
            ["--config-file", str(CONFIG), "--cache-dir", str(cache_dir), "--no-error-summary",
             "--show-traceback", *[str(p) for p in paths]]
        )
    text = stdout + stderr
    assert status in (0, 1), f"mypy exited with {status}:\n{text}"
    assert "Traceback" not in text and "INTERNAL ERROR" not in text, text
    out: dict[str, list[tuple[int, str, str]]] = {p.name: [] for p in paths}
    for line in stdout.splitlines():
        m = _LINE.match(line)
        assert m and Path(m.group("path")).name in out, f"unexpected mypy output line: {line}"
        out[Path(m.group("path")).name].append((int(m.group("line")), m.group("kind"), m.group("msg")))
    return out


def _run(program: Program, path: Path) -> tuple[dict[int, tuple[tuple[int, ...], bool]], Any]:
    """Execute the program file: shapes and tapes per reveal line, and the ShapeError raised (if any)."""
    revealed: dict[int, tuple[tuple[int, ...], bool]] = {}

    def reveal_type(t: Any) -> Any:
        revealed[sys._getframe(1).f_lineno] = (tuple(t.shape), t.is_traced)
        return t

    namespace: dict[str, Any] = {"__name__": "random_program", "reveal_type": reveal_type}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    inputs = [dt.randn(shape).trace() if traced else dt.randn(shape) for shape, traced in program.inputs]
    error = None
    try:
        with np.errstate(all="ignore"):
            namespace["prog"](*inputs)
    except dt.ShapeError as e:
        tb = e.__traceback__
        line = -1
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == str(path):
                line = tb.tb_lineno
            tb = tb.tb_next
        error = (line, e.code, e.message)
    return revealed, error


def _check(program: Program, path: Path, reported: list[tuple[int, str, str]]) -> None:
    revealed, rt_error = _run(program, path)
    where = f"\n--- program ({program.kind}, sizes {program.sizes}) ---\n{path.read_text()}"
    stop = rt_error[0] if rt_error else 10**9
    notes = {line: msg for line, kind, msg in reported if kind == "note"}
    errors = []
    for line, kind, msg in reported:
        if kind != "error":
            continue
        m = _CODE.search(msg)
        code = m.group("code") if m else "?"
        assert code in OWN_CODES, f"mypy reported a non-plugin error: {line}: {msg}{where}"
        errors.append((line, code, msg[: m.start()] if m else msg))
    # Every revealed shape before the run-time failure matches the run time.
    for line, (shape, traced) in revealed.items():
        assert line in notes, f"no reveal_type note on line {line}{where}"
        got = parse_revealed(notes[line], program.sizes)
        STATS[f"reveal:{got.kind}"] += 1
        if got.kind == "any":
            assert program.kind != "literal", (
                f"line {line}: shape not inferred in a literal program: {notes[line]}{where}"
            )
            continue
        assert got.matches(shape, exact=program.kind == "literal"), (
            f"line {line}: revealed {notes[line]} but the run time has shape {shape}{where}"
        )
        if got.traced is not None:
            assert got.traced == traced, f"line {line}: revealed tape {notes[line]}, traced={traced}{where}"
    if program.kind == "literal":
        expected = [rt_error] if rt_error else []
        assert errors == expected, f"mypy errors {errors} != run-time errors {expected}{where}"
    else:
        for line, code, msg in errors:
            assert line <= stop, f"false error at line {line} (run time passed it): {msg}{where}"
            if line == stop:
                assert rt_error is not None, where
                # With symbols the code can differ where the rule assumes a symbol fits: (2, C, 1)
                # vs (2, C) is a two-sided broadcast if C is 1 or 2, and "3 != 2" otherwise. The
                # line fails at run time either way; counted, not failed.
                STATS["symbolic_code_differs"] += code != rt_error[1]
    STATS["programs"] += 1
    STATS[f"programs:{program.kind}"] += 1
    STATS["runtime_errors"] += rt_error is not None
    if rt_error:
        STATS[f"error:{rt_error[1]}:{rt_error[2].split(':')[0]}"] += 1
    STATS["mypy_errors"] += len(errors)
    STATS["lines"] += program.n_ops


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's shared mypy cache (the same folder test_plugin_cases.py uses): the numpy stubs
    are the slow part of a cold run."""
    return tmp_path_factory.getbasetemp() / "mypy-cache-shared"


@pytest.fixture(scope="module", autouse=True)
def _print_stats() -> Any:
    yield
    print("\nrandom-program statistics:", dict(sorted(STATS.items())))


# mypy raises the recursion limit while it runs; hypothesis notices and says it will not reset it.
@pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
@settings(
    max_examples=BATCHES,
    deadline=None,
    phases=(Phase.generate,),  # a shrink would re-run mypy hundreds of times; the program is printed
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(batch=st.lists(draw_program(), min_size=PROGRAMS_PER_BATCH, max_size=PROGRAMS_PER_BATCH))
def test_random_programs_agree_with_the_run_time(
    batch: list[Program], tmp_path_factory: pytest.TempPathFactory, cache_dir: Path
) -> None:
    folder = tmp_path_factory.mktemp("programs")
    paths = []
    STATS["batches"] += 1
    for i, program in enumerate(batch):
        # Module names unique over the session: mypy's cache is keyed by module name.
        path = folder / f"prog_{STATS['batches']}_{i}.py"
        path.write_text(program.source)
        paths.append(path)
    reported = _mypy(paths, cache_dir)
    for program, path in zip(batch, paths):
        _check(program, path, reported[path.name])


def test_builder_stops_at_the_first_error() -> None:
    """The generator's own contract: no line after one whose run time raised."""
    b = Builder(kind="literal", sizes={})
    b.start_literal((2, 3), traced=False)
    b.emit("v1 = v0 + dt.zeros((4,))")
    assert b.stopped and b.n_ops == 1
    b.emit("v2 = v1.sum()")
    assert b.n_ops == 1
