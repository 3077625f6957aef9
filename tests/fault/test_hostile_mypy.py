"""mypy with the plugin over hypothesis-generated hostile source: odd annotations (``Tensor[int]``,
``Tensor[tuple[str]]``, negative, zero and huge literals, bare ``Tensor``, ``Tensor[Any]``, a tensor
in a tensor, ``tuple[int, ...]``, unpacked TypeVarTuples), recursive aliases, ``Any`` everywhere,
calls with the wrong number or kind of arguments, star-args and keyword splats, methods on unions
and optionals, and syntax the plugin does not model (lambdas, comprehensions, walrus, match).

- mypy never crashes: exit status 0 or 1 (never 2), no ``INTERNAL ERROR``, no traceback, nothing on
  stderr; the same with the plugin's debug switch on (a plugin bug then raises instead of falling
  back silently);
- no false errors: every program that runs without an exception gets no ``shape``, ``broadcast``
  or ``tape`` error (each program is executed with a real (2, 3) tensor).

Programs are batched: one mypy run per batch, from a folder outside the repository (from its root,
mypy would read the ``dfdx_typed`` sources instead of the stub package users get).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mypy import api

from .conftest import tried

CONFIG = Path(__file__).resolve().parents[1] / "mypy_plugin.ini"
OWN_CODES = ("shape", "broadcast", "tape")
PROGRAMS_PER_BATCH = 30  # half meant to run, half with odd annotations and failing calls
BATCHES = 3

HEADER = """\
from typing import Annotated, Any, Literal as L, Optional, TypeAlias, TypeVar, Union
from typing_extensions import TypeVarTuple, Unpack
import dfdx_typed as dt
from dfdx_typed import Add, Mul, NoneTape, OwnedTape, Tensor

B = TypeVar("B", bound=int)
Ts = TypeVarTuple("Ts")
Nested: TypeAlias = "Tensor[tuple[L[2], L[3]]] | list[Nested]"
Deep: TypeAlias = "dict[str, Deep] | Tensor[Any] | None"
"""

# Annotations the run-time value (a (2, 3) float32 tensor, untraced) satisfies, however oddly put.
FITTING = [
    "Tensor[tuple[L[2], L[3]]]", "Tensor[tuple[int, int]]", "Tensor[tuple[int, ...]]", "Tensor[Any]",
    "Tensor", "Any", "Tensor[tuple[L[2], int]]", "Tensor[tuple[Any, L[3]]]", "Tensor[tuple[B, L[3]]]",
    "Tensor[tuple[Unpack[Ts]]]", "Tensor[tuple[L[2], Unpack[Ts]]]",
    "Tensor[tuple[Mul[L[1], L[2]], Add[L[1], L[2]]]]",
    "'Tensor[tuple[L[2], L[3]]]'", "Annotated[Tensor[tuple[L[2], L[3]]], 'meta']", "Nested", "Deep",
    "Optional[Tensor[tuple[L[2], L[3]]]]", "Union[Tensor[tuple[L[2], L[3]]], Tensor[tuple[int, int]]]",
    "Tensor[tuple[L[2], L[3]], NoneTape]", "Tensor[tuple[int, L[3]], Any]", "object",
]
# Annotations no tensor satisfies, or that are not valid types at all: mypy must still not crash.
ODD = [
    "Tensor[int]", "Tensor[tuple[str]]", "Tensor[tuple[L[-1]]]", "Tensor[tuple[L[0]]]",
    "Tensor[tuple[L[99999999999999999999999999999], L[3]]]", "Tensor[tuple[L[10**30]]]",
    "Tensor[tuple[Tensor[tuple[L[2]]]]]", "Tensor[tuple[()]]", "Tensor[tuple[L[2], L[3]], int]",
    "Tensor[tuple[L['a'], L[3]]]", "Tensor[tuple[L[True], L[3]]]", "Tensor[tuple[L[2.5]]]",
    "Tensor[tuple[Unpack[tuple[int, ...]]]]", "Tensor[list[int]]", "Tensor[tuple[L[2]] | None]",
    "Tensor[Nested]", "Tensor[tuple[Mul[B, L[-3]], Add[()]]]", "Tensor[tuple[Mul, Add]]",
    "Tensor[tuple[Mul[L[2], Mul[L[3], Add[L[1], B]]]]]", "Tensor[tuple[Unpack[Ts], Unpack[Ts]]]",
    "Tensor[tuple[L[2], L[3]], OwnedTape, int]", "Tensor[[]]", "Tensor[...]", "Tensor[None, None]",
]
# Expressions that run on x: (2, 3).
VALID_EXPRS = [
    "x + dt.zeros((3,))", "x.sum(axis=0)", "x.mean(axis=-1, keepdims=True)", "x.T", "x.reshape((3, 2))",
    "x.reshape((-1,))", "x @ dt.zeros((3, 4))", "x[0]", "x[:, 1:]", "x[None]", "x[..., None]",
    "dt.concat([x, x], axis=0)", "dt.stack([x, x])", "x.permute(1, 0)", "x.softmax(-1)", "x.unsqueeze(0)",
    "x.flatten()", "dt.where(x > 0, x, 0.0)", "x.max(axis=1)", "x.argmax(axis=0)", "x.transpose(0, 1)",
    "dt.split(x, 1, axis=0)", "dt.einsum('ij->ji', x)", "x.broadcast_to((4, 2, 3))", "-x * 2.0 - 1",
    "x.realize((2, 3))", "x.var(axis=(0, 1))", "dt.zeros(x.shape) + x", "x.reshape((x.shape[0], -1))",
    "x.trace().sum().backward()", "dt.nn.Linear(3, 4)(x)",
    "dt.nn.Sequential(dt.nn.Linear(3, 2), dt.nn.ReLU())(x)",
    "dt.zeros(*[(2, 3)]) + x", "x.sum(**{'axis': 0})", "x.permute(*[1, 0])", "dt.concat(*[[x, x]])",
    "x.reshape(*[(6,)])", "dt.stack(**{'tensors': [x, x], 'axis': 1})", "sum(x.sum(axis=0).numpy())",
]
# Expressions that fail at run time (wrong number or kind of arguments, impossible shapes).
INVALID_EXPRS = [
    "x.sum(0, 1, 2, 3)", "x.reshape()", "dt.zeros()", "x.permute(axis=1)", "dt.concat(x)",
    "x[1, 2, 3, 4]", "x.sum(axis='a')", "x.reshape(((2,),))", "x + dt.zeros((4,))", "x @ x",
    "x.sum(axis=5)", "x.reshape((4, 2))", "x.backward()", "dt.zeros((2,) * 70)",
    "dt.tensor([[1.0], [2.0, 3.0]])",
    "x.permute(0, 0)", "x[::0]", "dt.zeros((-1, 2))", "x.reshape((-1, -1))", "dt.concat([x, x.T])",
    "dt.nn.Linear(4, 2)(x)", "x.softmax(axis=2)", "x.sum(axis=True, keepdims='no')", "dt.zeros((10**100,))",
    "x.shape[5]", "dt.zeros(x.shape[::-1]) + x", "x.reshape((x.shape[0] * 2, -1))", "x.sum(axis=x.shape[0])",
    "dt.tensor([[x]])", "dt.tensor(1j)", "dt.arange(x)", "x[x]", "x[x > 0]", "dt.concat([x, 1])",
    "dt.concat([])", "dt.stack([])", "dt.einsum('...', x)", "dt.einsum('ij,jk', x)", "dt.conv2d(x, x)",
    "dt.max_pool2d(x, 0)", "dt.one_hot(x, 3)", "x.backward(x)", "x.trace().trace().backward()",
    "x.reshape((1,) * 70)", "x.permute(*range(2))", "x.sum(axis=(0, 1, 0))", "x.sum(axis=())",
    "x[(0,) * 10]", "x[None] @ x[None]", "dt.gather(x, 5, x)", "dt.pad(x, (1,) * 10)", "Tensor.sum(x, 7)",
    "x.reshape((2.0, 3))", "dt.zeros((True, 2))", "x.reshape(x)", "dt.split(x, [1, 1, 1])", "x @ 3",
    "dt.nn.Sequential(dt.nn.Linear(2, 3), dt.nn.Linear(4, 5))(x)", "dt.losses.mse_loss(x, x.T)",
]

WRAPPERS = [
    "r = {e}",
    "r = (lambda x: {e})(x)",
    "r = [{e} for _ in range(1)]",
    "r = {{i: {e} for i in range(1)}}",
    "if (r := {e}) is not None:\n        pass",
    "match x.shape:\n        case (2, n):\n            r = {e}\n        case _:\n            pass",
    "r = {e} if x.ndim == 2 else x",
    "try:\n        r = {e}\n    finally:\n        pass",
    "def g() -> Any:\n        return {e}\n    r = g()",
    "class K:\n        attr = staticmethod(lambda x: {e})\n    r = K.attr(x)",
    "a: Any = x\n    r = (lambda x: {e})(a)",
    "for _ in [x]:\n        r = {e}",
    "with contextlib.nullcontext(x) as x:\n        r = {e}",
    "r = [(lambda y: y)(v) for v in [{e}]][0]",
    "def h(x: Optional[Tensor[tuple[L[2], L[3]]]]) -> Any:\n        return {e}\n    r = h(x)",
    "def h(x: Union[Tensor[tuple[L[2], L[3]]], Tensor[tuple[int, L[3]]]]) -> Any:\n"
    "        return {e}\n    r = h(x)",
    "def h(x: Any) -> Any:\n        return {e}\n    r = h(x)",
    "def h(*xs: Tensor[tuple[L[2], L[3]]], **kw: Any) -> Any:\n        x = xs[0]\n"
    "        return {e}\n    r = h(x, k=1)",
    "r = (yield_ := [{e}]) and None",
    "async def h() -> Any:\n        return {e}\n    del h",
]


@dataclass
class Program:
    source: str
    runnable: bool  # every annotation fits and every statement is meant to run


@st.composite
def programs(draw: Any, runnable: bool) -> Program:
    annotation = draw(st.sampled_from(FITTING if runnable else FITTING + ODD))
    exprs = st.sampled_from(VALID_EXPRS if runnable else VALID_EXPRS + INVALID_EXPRS)
    body = []
    if annotation in ("Nested", "Deep", "Optional[Tensor[tuple[L[2], L[3]]]]", "object"):
        body.append("assert isinstance(x, Tensor)")  # narrowing, as a user would write it
    for _ in range(draw(st.integers(1, 5))):
        body.append(draw(st.sampled_from(WRAPPERS)).format(e=draw(exprs)))
    if draw(st.booleans()):
        body.append("reveal_type(x)")
    lines = [
        "import contextlib",
        HEADER,
        f"def f(x: {annotation}) -> None:",  # a TypeVar in it makes f generic (Python 3.11 style)
        *[f"    {statement}" for statement in body],
        "",
        "f(dt.randn((2, 3)))",
    ]
    source = "\n".join(lines) + "\n"
    compile(source, "<program>", "exec")  # valid Python 3.11: a syntax error would stop the whole batch
    return Program(source, runnable)


def _runs(path: Path) -> bool:
    """Execute the program as a script; ``reveal_type`` is a builtin only for mypy."""
    try:
        namespace = {"__name__": "__main__", "reveal_type": lambda v: v}
        exec(compile(path.read_text(), str(path), "exec"), namespace)
    except Exception:
        return False
    return True


_LINE = re.compile(r"^(?P<path>[^:\n]+\.py):(?P<line>\d+): (?P<kind>error|note): (?P<msg>.*)$")


@contextlib.contextmanager
def _plugin_debug(on: bool) -> Iterator[None]:
    """The plugin's debug switch (``DFDX_TYPED_PLUGIN_DEBUG=1``, read at import) for this process."""
    from dfdx_typed.mypy_plugin import hooks

    before = hooks._DEBUG
    hooks._DEBUG = on
    try:
        yield
    finally:
        hooks._DEBUG = before


def _mypy(paths: list[Path], cache: Path) -> tuple[int, str, str]:
    with contextlib.chdir(paths[0].parent):
        stdout, stderr, status = api.run(
            ["--config-file", str(CONFIG), "--cache-dir", str(cache), "--no-error-summary",
             "--show-traceback", "--python-version", "3.11", *[p.name for p in paths]]
        )
    return status, stdout, stderr


def _check_no_crash(status: int, stdout: str, stderr: str) -> None:
    text = stdout + stderr
    assert status in (0, 1), f"mypy exited with {status}:\n{text[-3000:]}"
    assert "INTERNAL ERROR" not in text and "Traceback" not in text, text[-3000:]
    assert stderr == "", stderr


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's shared mypy cache (as in test_plugin_cases.py): numpy's stubs are the slow part."""
    return tmp_path_factory.getbasetemp() / "mypy-cache-shared"


BATCH_COUNT = iter(range(10**6))


def _distinct(runnable: bool) -> st.SearchStrategy[list[Program]]:
    # Distinct sources: hypothesis's first example would otherwise be one program repeated.
    n = PROGRAMS_PER_BATCH // 2
    return st.lists(programs(runnable), min_size=n, max_size=n, unique_by=lambda p: p.source)


# mypy raises the recursion limit while it runs; hypothesis notices and says it will not reset it.
@pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
@settings(
    max_examples=BATCHES,
    deadline=None,
    phases=(Phase.generate,),  # a shrink would re-run mypy many times; failures print the program
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(halves=st.tuples(_distinct(True), _distinct(False)))
def test_mypy_never_crashes_and_reports_no_false_shape_errors(
    halves: tuple[list[Program], list[Program]],
    tmp_path_factory: pytest.TempPathFactory,
    cache_dir: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    batch = [*halves[0], *halves[1]]
    n = next(BATCH_COUNT)
    debug = n % 2 == 1  # every other batch with the plugin's debug switch on
    folder = tmp_path_factory.mktemp("hostile")
    paths = []
    for i, program in enumerate(batch):
        path = folder / f"hostile_{n}_{i}.py"  # unique module names: mypy's cache is keyed by them
        path.write_text(program.source)
        paths.append(path)
    capfd.readouterr()
    with _plugin_debug(debug):
        status, stdout, stderr = _mypy(paths, cache_dir)
    # A crash's report and traceback go to the process's own stderr, not to api.run's strings.
    leaked = capfd.readouterr()
    tried("mypy: hostile programs", len(batch))
    _check_no_crash(status, stdout + leaked.out, stderr + leaked.err)
    reported: dict[str, list[str]] = {p.name: [] for p in paths}
    for line in stdout.splitlines():
        m = _LINE.match(line)
        assert m and Path(m.group("path")).name in reported, f"unexpected mypy output: {line}"
        reported[Path(m.group("path")).name].append(f"{m.group('line')}: {m.group('kind')}: {m.group('msg')}")
    for program, path in zip(batch, paths):
        # Only a program whose annotation fits the value it is called with can be held to "no
        # false errors": a lying annotation (Tensor[tuple[L[0]]] for a (2, 3) tensor) is the user's.
        ran = program.runnable and _runs(path)
        tried("mypy: programs that run" if ran else "mypy: other programs")
        if not ran:
            continue
        false = [r for r in reported[path.name] if r.endswith(tuple(f"[{c}]" for c in OWN_CODES))]
        assert false == [], (
            f"false errors on a program that runs:\n{false}\n--- {path.name} ---\n{program.source}"
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=programs(runnable=True))
def test_programs_meant_to_run_do_run(program: Program, tmp_path: Path) -> None:
    """The generator's contract: the no-false-error check covers every program marked runnable."""
    path = tmp_path / "probe.py"
    path.write_text(program.source)
    assert _runs(path), program.source


def test_a_negative_literal_dim_under_a_slice(
    tmp_path: Path, cache_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Found by the debug runs: ``Tensor[tuple[L[-1]]]`` sliced made the getitem rule raise
    ``ValueError: length should not be negative`` inside the plugin (silently absorbed without the
    debug switch); the rule now treats a negative dim as no size."""
    path = tmp_path / "negative_dim.py"
    body = "def f(x: Tensor[tuple[L[-1]]]) -> None:\n    x[1:]\n    x[None]\n    x[..., None]\n"
    path.write_text(HEADER + body)
    with _plugin_debug(True):
        status, stdout, stderr = _mypy([path], cache_dir)
    leaked = capfd.readouterr()
    _check_no_crash(status, stdout + leaked.out, stderr + leaked.err)
