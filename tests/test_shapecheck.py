"""``@dt.shapecheck``: one test per rule, with the message text pinned.

The whole-package switch (import hook, pytest plugin, ``run_path``) is tested in subprocesses at the
end; jaxtyping annotations under jaxtyping's own decorator are in ``test_jaxtyping_interop.py``.
"""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import pytest
from jaxtyping import Float, Shaped
from typing_extensions import TypeVarTuple, Unpack

import dfdx_typed as dt
from dfdx_typed import Add, Mul, NoneTape, OwnedTape, ShapecheckError, ShapeError, Tensor, shapecheck

L = Literal
B = TypeVar("B", bound=int)
C = TypeVar("C", bound=int)
S = TypeVar("S", bound=tuple[Any, ...])
T = TypeVar("T")
TC = TypeVar("TC", NoneTape, OwnedTape)
TB = TypeVar("TB", bound=OwnedTape)
Ts = TypeVarTuple("Ts")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BIAS = dt.zeros((3,))


def z(*shape: int) -> Tensor[Any, NoneTape]:
    return dt.zeros(shape)


def raises(fn: Any, *args: Any, **kwargs: Any) -> ShapecheckError:
    with pytest.raises(ShapecheckError) as info:
        fn(*args, **kwargs)
    return info.value


# --- literal dims, ranks, symbols -------------------------------------------------------------------


@shapecheck
def head(x: Tensor[tuple[B, L[784]]], w: Tensor[tuple[L[784], L[10]]]) -> Tensor[tuple[B, L[10]]]:
    return x @ w


def test_matching_call_returns_the_function_result() -> None:
    x, w = z(3, 784), z(784, 10)
    out = head(x, w)
    assert out.shape == (3, 10)
    np.testing.assert_array_equal(out.numpy(), (x @ w).numpy())


def test_literal_dim_mismatch() -> None:
    err = raises(head, z(3, 783), z(784, 10))
    assert str(err) == "head: argument x: axis 1 is 783 but declared 784 — shape (3, 783), declared (B, 784)"
    assert (err.code, err.function, err.argument) == ("shape", "head", "argument x")


def test_rank_mismatch() -> None:
    assert str(raises(head, z(784), z(784, 10))) == (
        "head: argument x: rank 1 but declared rank 2 — shape (784,), declared (B, 784)"
    )


@shapecheck
def pair(x: Tensor[tuple[B, L[3]]], y: Tensor[tuple[B]]) -> Tensor[tuple[B]]:
    return y


def test_symbol_bound_across_arguments() -> None:
    assert pair(z(4, 3), z(4)).shape == (4,)
    assert str(raises(pair, z(8, 3), z(7))) == (
        "pair: argument y: dim B is 7 here but 8 from argument x — shape (7,), declared (B,)"
    )


def test_symbol_bound_between_arguments_and_return() -> None:
    @shapecheck
    def drop_last(x: Tensor[tuple[B]]) -> Tensor[tuple[B]]:
        return x[:-1]

    assert str(raises(drop_last, z(5))) == (
        "drop_last: return value: dim B is 4 here but 5 from argument x — shape (4,), declared (B,)"
    )


def test_symbol_repeated_within_one_argument() -> None:
    @shapecheck
    def square(m: Tensor[tuple[B, B]]) -> None: ...

    square(z(3, 3))
    assert str(raises(square, z(3, 4))) == (
        "square: argument m: dim B is 4 here but 3 from axis 0 of argument m — shape (3, 4), declared (B, B)"
    )


def test_int_dims_and_unknown_rank_accept_any_size() -> None:
    @shapecheck
    def f(x: Tensor[tuple[int, L[2]]], y: Tensor[tuple[int, ...]], w: Tensor[Any]) -> None: ...

    f(z(5, 2), z(), w=z(1, 2, 3))
    f(z(9, 2), z(4, 4, 4), w=z())
    assert "axis 1 is 3 but declared 2" in str(raises(f, z(5, 3), z(), z()))


def test_variadic_dims_bind_as_a_whole() -> None:
    @shapecheck
    def f(x: Tensor[tuple[*Ts, L[3]]], y: Tensor[tuple[Unpack[Ts]]]) -> None: ...  # noqa: UP044 (both spellings)

    f(z(2, 4, 3), z(2, 4))
    f(z(3), z())
    assert str(raises(f, z(2, 4, 3), z(2, 5))) == (
        "f: argument y: dims *Ts are (2, 5) here but (2, 4) from argument x — shape (2, 5), declared (*Ts,)"
    )
    assert str(raises(f, z(), z())) == (
        "f: argument x: rank 0 but declared rank at least 1 — shape (), declared (*Ts, 3)"
    )


def test_whole_shape_typevar() -> None:
    @shapecheck
    def same(x: Tensor[S], y: Tensor[S]) -> Tensor[S]:
        return x + y

    assert same(z(2, 3), z(2, 3)).shape == (2, 3)
    assert "dims *S are (3, 2) here but (2, 3) from argument x" in str(raises(same, z(2, 3), z(3, 2)))


# --- Mul / Add ---------------------------------------------------------------------------------------


@shapecheck
def flatten(x: Tensor[tuple[B, L[28], L[28]]]) -> Tensor[tuple[Mul[B, L[784]]]]:
    return x.reshape((-1,))


def test_mul_dim_evaluates_with_the_bound_symbol() -> None:
    assert flatten(z(3, 28, 28)).shape == (2352,)

    @shapecheck
    def short(x: Tensor[tuple[B, L[28], L[28]]]) -> Tensor[tuple[Mul[B, L[784]]]]:
        return x.reshape((-1,))[1:]

    assert str(raises(short, z(3, 28, 28))) == (
        "short: return value: dim 784·B is 2351 here but 2352 from B = 3 (argument x) — shape (2351,), "
        "declared (784·B,)"
    )


def test_mul_and_add_dims_solve_a_free_symbol() -> None:
    @shapecheck
    def f(x: Tensor[tuple[Mul[B, L[4]]]], y: Tensor[tuple[Add[B, L[1]]]]) -> Tensor[tuple[B]]:
        return x[: x.shape[0] // 4]

    assert f(z(8), z(3)).shape == (2,)
    assert str(raises(f, z(8), z(4))) == (
        "f: argument y: dim B + 1 is 4 here but 3 from B = 2 (argument x) — shape (4,), declared (B + 1,)"
    )
    assert str(raises(f, z(9), z(4))) == (
        "f: argument x: dim 4·B is 9 here, and no positive size of B gives 9 — shape (9,), declared (4·B,)"
    )


def test_plain_dims_bind_before_mul_dims() -> None:
    # y binds B even though x comes first: the message blames x's product, not y's plain B.
    @shapecheck
    def f(x: Tensor[tuple[Mul[L[2], B]]], y: Tensor[tuple[B]]) -> None: ...

    assert str(raises(f, z(6), z(4))) == (
        "f: argument x: dim 2·B is 6 here but 8 from B = 4 (argument y) — shape (6,), declared (2·B,)"
    )


def test_a_product_left_open_by_the_arguments_is_checked_against_the_return_value() -> None:
    @shapecheck
    def f(x: Tensor[tuple[Mul[B, C]]], keep: int) -> Tensor[tuple[B, C]]:
        return x[:keep].reshape((3, -1))

    assert f(z(12), 12).shape == (3, 4)
    assert str(raises(f, z(12), 6)) == (
        "f: argument x: dim B·C is 12 here but 6 from B = 3 (return value), C = 2 (return value) — "
        "shape (12,), declared (B·C,)"
    )


def test_literal_products_are_literals_and_undetermined_products_pass() -> None:
    @shapecheck
    def f(x: Tensor[tuple[Mul[L[28], L[28]]]], y: Tensor[tuple[Mul[B, C]]]) -> None: ...

    f(z(784), z(12))
    assert str(raises(f, z(783), z(12))) == (
        "f: argument x: axis 0 is 783 but declared 784 — shape (783,), declared (784,)"
    )


# --- tapes ---------------------------------------------------------------------------------------------


def test_tensor_without_tape_argument_means_nonetape() -> None:
    # The static checker reads Tensor[S] as Tensor[S, NoneTape] and rejects an OwnedTape tensor.
    err = raises(pair, z(2, 3).trace(), z(2))
    assert err.code == "tape"
    assert str(err) == (
        "pair: argument x: tape is OwnedTape but declared NoneTape (Tensor[S] means Tensor[S, NoneTape], "
        "as for the type checker; declare OwnedTape, Any or a tape TypeVar to accept traced tensors) — "
        "shape (2, 3), declared (B, 3)"
    )

    @shapecheck
    def bare(x: Tensor) -> None: ...  # type: ignore[type-arg]  # mypy: Tensor[Any, NoneTape]

    bare(z(2, 3))
    assert raises(bare, z(2, 3).trace()).code == "tape"


def test_owned_any_and_union_tapes() -> None:
    @shapecheck
    def f(
        a: Tensor[tuple[B], OwnedTape], b: Tensor[tuple[B], Any], c: Tensor[tuple[B], NoneTape | OwnedTape]
    ) -> None: ...

    f(z(2).trace(), z(2), z(2).trace())
    f(z(2).trace(), z(2).trace(), z(2))
    assert str(raises(f, z(2), z(2), z(2))).startswith(
        "f: argument a: tape is NoneTape but declared OwnedTape — shape (2,)"
    )


def test_tape_typevar_solves_to_the_arguments_tape() -> None:
    @shapecheck
    def f(x: Tensor[tuple[B], T], y: Tensor[tuple[B], T], traced: bool) -> Tensor[tuple[B], T]:
        return x.trace() if traced else x.detach()

    f(z(2), z(2), False)
    f(z(2).trace(), z(2).trace(), True)
    f(z(2).trace(), z(2), True)  # mixed arguments: T is their join, any tape comes back
    f(z(2).trace(), z(2), False)
    assert str(raises(f, z(2), z(2), True)) == (
        "f: return value: tape T is OwnedTape here but NoneTape from argument x — shape (2,), declared (B,)"
    )


def test_constrained_and_bounded_tape_typevars() -> None:
    @shapecheck
    def same(x: Tensor[tuple[B], TC], y: Tensor[tuple[B], TC]) -> None: ...

    @shapecheck
    def traced_only(x: Tensor[tuple[B], TB]) -> None: ...

    same(z(2), z(2))
    same(z(2).trace(), z(2).trace())
    traced_only(z(2).trace())
    assert str(raises(same, z(2).trace(), z(2))) == (
        "same: argument y: tape TC is NoneTape here but OwnedTape from argument x — shape (2,), declared (B,)"
    )
    assert str(raises(traced_only, z(2))) == (
        "traced_only: argument x: tape TB is NoneTape here but its bound is OwnedTape — shape (2,), "
        "declared (B,)"
    )


# --- scopes: nested calls, the body ------------------------------------------------------------------


@shapecheck
def inner(y: Tensor[tuple[B]]) -> Tensor[tuple[B]]:
    return y


def test_nested_calls_have_their_own_dims_and_restore_the_outer_ones() -> None:
    @shapecheck
    def outer(x: Tensor[tuple[B]], cut: int) -> Tensor[tuple[B]]:
        inner(z(7))  # B is 7 in this call of inner, whatever it is in outer
        return inner(x[:cut])

    assert outer(z(3), 3).shape == (3,)
    # The inner call passes (its B is 2); outer's return is then checked against outer's B = 3.
    assert str(raises(outer, z(3), 2)) == (
        "outer: return value: dim B is 2 here but 3 from argument x — shape (2,), declared (B,)"
    )


def test_error_in_a_nested_call_names_that_function() -> None:
    @shapecheck
    def outer(x: Tensor[tuple[B, L[3]]]) -> None:
        pair(x, z(x.shape[0] + 1))

    assert str(raises(outer, z(2, 3))).startswith("pair: argument y: dim B is 3 here but 2 from argument x")


def test_checks_in_the_body_share_the_call_dims() -> None:
    @shapecheck
    def f(x: Tensor[tuple[B, L[3]]], h_rows: int) -> None:
        assert isinstance(z(x.shape[0]), Float[Tensor, "B"])  # jaxtyping sees our B
        assert not isinstance(z(x.shape[0] + 1), Float[Tensor, "B"])
        shapecheck.check(z(h_rows, 3), Tensor[tuple[B, L[3]]], "h")

    f(z(2, 3), 2)
    assert str(raises(f, z(2, 3), 5)) == (
        "f: h: dim B is 5 here but 2 from argument x — shape (5, 3), declared (B, 3)"
    )
    shapecheck.check(z(4, 3), Tensor[tuple[B, L[3]]])  # outside any call: fresh dims
    assert "axis 1 is 2" in str(raises(shapecheck.check, z(4, 2), Tensor[tuple[B, L[3]]]))


# --- what is and is not checked ------------------------------------------------------------------------


def test_non_tensor_values_and_unannotated_arguments_are_left_alone() -> None:
    @shapecheck
    def f(
        x: Tensor[tuple[L[2]]], k: int, note: Any, y: Tensor[tuple[L[3]]] | None = None
    ) -> Tensor[tuple[L[2]]]:
        return x

    assert isinstance(f(np.zeros(5), "not an int", object()), np.ndarray)  # type: ignore[arg-type]
    assert f([1, 2, 3], 0, None) == [1, 2, 3]  # type: ignore[arg-type]
    f(z(2), 0, None)
    f(z(2), 0, None, y=z(3))
    assert "axis 0 is 4 but declared 3" in str(raises(f, z(2), 0, None, z(4)))


def test_defaults_are_checked_when_used() -> None:
    @shapecheck
    def f(x: Tensor[tuple[B]], bias: Tensor[tuple[B]] = DEFAULT_BIAS) -> None: ...

    f(z(3))
    f(z(5), z(5))
    assert str(raises(f, z(4))) == (
        "f: argument bias: dim B is 3 here but 4 from argument x — shape (3,), declared (B,)"
    )


def test_star_args_and_star_kwargs() -> None:
    @shapecheck
    def f(x: Tensor[tuple[B]], *rest: Tensor[tuple[B]], **named: Tensor[tuple[B]]) -> None: ...

    f(z(2), z(2), z(2), a=z(2))
    assert str(raises(f, z(2), z(2), z(3))) == (
        "f: argument rest[1]: dim B is 3 here but 2 from argument x — shape (3,), declared (B,)"
    )
    assert str(raises(f, z(2), a=z(3))) == (
        "f: argument named['a']: dim B is 3 here but 2 from argument x — shape (3,), declared (B,)"
    )
    assert str(raises(f, x=z(2), a=z(3))).startswith("f: argument named['a']: dim B is 3")


def test_tuples_lists_and_unions() -> None:
    @shapecheck
    def split(xs: list[Tensor[tuple[B, L[2]]]]) -> tuple[Tensor[tuple[B]], Tensor[tuple[B]]]:
        return xs[0][:, 0], xs[-1][:-1, 1]

    assert str(raises(split, [z(3, 2), z(4, 2)])) == (
        "split: argument xs[1]: dim B is 4 here but 3 from argument xs[0] — shape (4, 2), declared (B, 2)"
    )
    assert str(raises(split, [z(3, 2)])) == (
        "split: return value[1]: dim B is 2 here but 3 from argument xs[0] — shape (2,), declared (B,)"
    )

    @shapecheck
    def either(x: Tensor[tuple[B]] | Tensor[tuple[B, B]], n: Tensor[tuple[B]]) -> None: ...

    either(z(2), z(2))
    either(z(3, 3), z(3))  # the first member fails and is rolled back; the second binds B = 3
    assert str(raises(either, z(3, 4), z(3))).endswith("(and no other member of the union fits)")


# --- functions, methods, modules, dataclasses ---------------------------------------------------------


def test_nothing_to_check_returns_the_function_itself_and_decorating_twice_is_once() -> None:
    def plain(a: int, b: str) -> str:
        return b * a

    assert shapecheck(plain) is plain
    assert shapecheck(head) is head


def test_methods_static_class_and_property() -> None:
    class Box:
        def __init__(self, n: int) -> None:
            self.n = n

        @shapecheck
        def take(self, x: Tensor[tuple[B, L[3]]]) -> Tensor[tuple[B]]:
            return x[:, 0][: self.n]

        @shapecheck
        @staticmethod
        def static(x: Tensor[tuple[L[3]]]) -> None: ...

        @shapecheck
        @classmethod
        def make(cls, x: Tensor[tuple[L[1]]]) -> Box:
            return cls(1)

        @shapecheck
        @property
        def row(self) -> Tensor[tuple[L[3]]]:
            return z(self.n)

    assert Box(2).take(z(2, 3)).shape == (2,)
    assert str(raises(Box(1).take, z(2, 3))).startswith("Box.take: return value: dim B is 1 here but 2")
    assert str(raises(Box.static, z(2))).startswith("Box.static: argument x: axis 0 is 2 but declared 3")
    assert isinstance(Box.make(z(1)), Box)
    assert str(raises(lambda: Box(2).row)).startswith("Box.row: return value: axis 0 is 2 but declared 3")


class Later:
    @shapecheck
    def twice(self, other: Later, x: Tensor[tuple[B]]) -> Later:  # 'Later' is not defined yet here
        return other


def test_names_defined_after_decoration_resolve_on_the_first_call() -> None:
    obj = Later()
    assert obj.twice(obj, z(2)) is obj
    assert str(raises(Later().twice, obj, z(2, 2))) == (
        "Later.twice: argument x: rank 2 but declared rank 1 — shape (2, 2), declared (B,)"
    )


def test_typevars_local_to_the_defining_function_resolve() -> None:
    N = TypeVar("N", bound=int)  # this module has string annotations: N is found in the caller's locals

    @shapecheck
    def f(x: Tensor[tuple[N]], y: Tensor[tuple[N]]) -> None: ...

    assert str(raises(f, z(2), z(3))) == (
        "f: argument y: dim N is 3 here but 2 from argument x — shape (3,), declared (N,)"
    )


def test_a_def_run_again_keeps_its_plan_only_while_its_names_are_the_same() -> None:
    def make(n: int) -> Any:
        Row = Tensor[tuple[L[n]]]  # a local alias, a different object on each call

        @shapecheck
        def f(x: Row) -> None: ...

        return f

    make(3)(z(3))
    make(4)(z(4))
    assert str(raises(make(4), z(3))) == (
        "f: argument x: axis 0 is 3 but declared 4 — shape (3,), declared (4,)"
    )


def test_module_forward() -> None:
    class Head(dt.nn.Module):
        def __init__(self) -> None:
            self.fc = dt.nn.Linear(784, 10)

        @shapecheck
        def forward(self, x: Tensor[tuple[B, L[784]], T]) -> Tensor[tuple[B, L[10]], T]:
            return self.fc(x)

    model = Head()
    assert model(z(5, 784)).shape == (5, 10)
    assert model(z(5, 784).trace()).is_traced
    assert str(raises(model, z(5, 783))) == (
        "Head.forward: argument x: axis 1 is 783 but declared 784 — shape (5, 783), declared (B, 784)"
    )


def test_decorating_a_class_checks_its_methods() -> None:
    @shapecheck
    class Head(dt.nn.Module):
        def __init__(self) -> None:
            self.fc = dt.nn.Linear(3, 2)

        def __init_subclass__(cls, **kwargs: Any) -> None:  # stays an implicit classmethod
            super().__init_subclass__(**kwargs)

        def forward(self, x: Tensor[tuple[B, L[3]]]) -> Tensor[tuple[B, L[2]]]:
            return self.fc(x)

    class Sub(Head):
        pass

    assert Sub()(z(4, 3)).shape == (4, 2)
    assert str(raises(Head(), z(4, 3).trace())).startswith("Head.forward: argument x: tape is OwnedTape")


def test_dataclass_fields_are_checked_at_construction() -> None:
    @shapecheck
    @dataclasses.dataclass
    class Batch:
        images: Tensor[tuple[B, L[784]]]
        labels: Tensor[tuple[B]]

    Batch(z(4, 784), z(4))
    assert str(raises(Batch, z(4, 784), z(5))).startswith("Batch.__init__: argument labels: dim B is 5")


# --- errors and switches ---------------------------------------------------------------------------------


def test_error_is_a_shape_error_and_pickles() -> None:
    err = raises(pair, z(2, 3), z(3))
    assert isinstance(err, ShapeError) and isinstance(err, ValueError)
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), str(back), back.code, back.function, back.argument) == (
        ShapecheckError, str(err), "shape", "pair", "argument y"
    )


def test_enabled_flag_turns_checks_off_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapecheck, "enabled", False)
    assert pair(z(2, 3), z(5)).shape == (5,)


def test_the_checks_use_a_jaxtyping_array_type_equal_to_the_string_spelling() -> None:
    from dfdx_typed._shapecheck._compile import compile_annotation

    check: Any = compile_annotation(Tensor[tuple[B, L[10], int, *Ts]])
    same = Shaped[Tensor, "B 10 _ *Ts"]
    assert (check.jt.dims, check.jt.index_variadic, check.jt.array_type) == (
        same.dims, same.index_variadic, same.array_type
    )


# --- the whole-package switch (subprocesses) -------------------------------------------------------------

PACKAGE = '''
from typing import Literal as L, TypeVar
import dfdx_typed as dt
from dfdx_typed import Tensor

B = TypeVar("B", bound=int)


def pair(x: Tensor[tuple[B, L[3]]], y: Tensor[tuple[B]]) -> Tensor[tuple[B]]:
    return y


class Head(dt.nn.Module):
    def __init__(self) -> None:
        self.fc = dt.nn.Linear(3, 2)

    def forward(self, x: Tensor[tuple[B, L[3]]]) -> Tensor[tuple[B, L[2]]]:
        return self.fc(x)
'''

CALLER = """
import dfdx_typed as dt
from scpkg.mod import pair


def test_pair():
    pair(dt.zeros((2, 3)), dt.zeros((5,)))
"""


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    full = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    (tmp_path / "scpkg").mkdir()
    (tmp_path / "scpkg" / "__init__.py").write_text("")
    (tmp_path / "scpkg" / "mod.py").write_text(PACKAGE)
    (tmp_path / "test_caller.py").write_text(CALLER)
    return tmp_path


MESSAGE = "pair: argument y: dim B is 5 here but 2 from argument x — shape (5,), declared (B,)"


def test_pytest_plugin_switches_a_package_on_and_off(package: Path) -> None:
    base = ["-m", "pytest", "-p", "no:cacheprovider", "-p", "dfdx_typed.pytest_plugin", "test_caller.py"]
    quiet = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # only our plugin: a faster start
    on = _run([*base, "--dfdx-shapecheck=scpkg"], package, **quiet)
    assert on.returncode == 1, on.stdout + on.stderr
    assert MESSAGE in on.stdout
    assert "dfdx_typed shapecheck: on for scpkg" in on.stdout
    off = _run(base, package, **quiet)
    assert off.returncode == 0, off.stdout + off.stderr


def test_import_hook_and_environment_switch(package: Path) -> None:
    script = (
        "import dfdx_typed as dt\n"
        "with dt.shapecheck.install_import_hook('scpkg'):\n"
        "    from scpkg.mod import Head, pair\n"
        "for call in (lambda: pair(dt.zeros((2, 3)), dt.zeros((5,))), lambda: Head()(dt.zeros((2, 4)))):\n"
        "    try:\n"
        "        call()\n"
        "        print('unchecked')\n"
        "    except dt.ShapeError as e:\n"
        "        print('boundary' if isinstance(e, dt.ShapecheckError) else 'engine', e)\n"
        "def g(x: dt.Tensor[tuple[int]]) -> None: ...\n"
        "print('identity' if dt.shapecheck(g) is g else 'wrapped')\n"
    )
    on = _run(["-c", script], package)
    assert on.stdout.splitlines() == [
        f"boundary {MESSAGE}",
        "boundary Head.forward: argument x: axis 1 is 4 but declared 3 — shape (2, 4), declared (B, 3)",
        "wrapped",
    ], on.stderr
    off = _run(["-c", script], package, DFDX_SHAPECHECK="0")
    lines = off.stdout.splitlines()
    # Off: pair runs unchecked; Linear's own shape rule still catches the bad input (as a ShapeError).
    assert lines[0] == "unchecked" and lines[1].startswith("engine ") and lines[2] == "identity", off


def test_run_path_checks_a_script_and_runs_the_examples(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text(PACKAGE + "\nimport dfdx_typed as dt\npair(dt.zeros((2, 3)), dt.zeros((5,)))\n")
    with pytest.raises(ShapecheckError, match="pair: argument y: dim B is 5 here but 2"):
        shapecheck.run_path(str(script))
    namespace = shapecheck.run_path(str(ROOT / "examples" / "main_job.py"), run_name="example")
    assert namespace["main"](["--small", "--out", str(tmp_path / "run")]) == 0
