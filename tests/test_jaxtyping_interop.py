"""``dt.Tensor`` as the array type of jaxtyping annotations, under beartype and typeguard.

Each case runs on numpy arrays and on dfdx_typed tensors of the same shape and dtype, and requires
the same verdict: jaxtyping reads ``.shape`` and ``.dtype`` (``dtype.type.__name__``) and our tensors
answer as numpy does. typeguard is 2.x: jaxtyping's ``jaxtyped`` cannot drive typeguard 3+ (see the
pin in pyproject.toml).
"""

# ruff: noqa: F722  (jaxtyping's dim strings such as "b 784" are not Python expressions)

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import numpy as np
import pytest
import typeguard
from beartype import beartype
from beartype.roar import BeartypeCallHintParamViolation
from jaxtyping import (
    Bool,
    Float,
    Float32,
    Float64,
    Int,
    Int32,
    Int64,
    Integer,
    Num,
    Shaped,
    TypeCheckError,
    jaxtyped,
)

import dfdx_typed as dt
from dfdx_typed import OwnedTape, ShapecheckError, Tensor, shapecheck

B = TypeVar("B", bound=int)
CHECKERS = {"beartype": beartype, "typeguard": typeguard.typechecked}
TYPE_ERRORS = {"beartype": BeartypeCallHintParamViolation, "typeguard": TypeError}
DTYPES = ["float32", "float64", "int32", "int64", "bool"]
ANNOTATIONS = [Float, Float32, Float64, Int, Int32, Int64, Integer, Num, Bool, Shaped]


def arrays(kind: str, *parts: tuple[tuple[int, ...], str]) -> list[Any]:
    out: list[Any] = []
    for shape, dtype in parts:
        a = (np.arange(int(np.prod(shape))) % 2).reshape(shape).astype(dtype)
        out.append(a if kind == "numpy" else dt.from_numpy(a))
    return out


def make_step(array_type: Any, checker: Callable[[Any], Any]) -> Callable[..., Any]:
    @jaxtyped(typechecker=checker)
    def step(
        x: Float[array_type, "b 784"], labels: Int[array_type, " b"], mask: Bool[array_type, " b"]
    ) -> Float[array_type, " b"]:
        return x[:, 0]

    return step


CASES = [
    # (name, inputs as (shape, dtype), whether the call is accepted)
    ("match", [((3, 784), "float32"), ((3,), "int64"), ((3,), "bool")], True),
    ("float64 is a Float", [((3, 784), "float64"), ((3,), "int32"), ((3,), "bool")], True),
    ("b differs", [((3, 784), "float32"), ((4,), "int64"), ((3,), "bool")], False),
    ("literal dim differs", [((3, 783), "float32"), ((3,), "int64"), ((3,), "bool")], False),
    ("rank differs", [((3, 784, 1), "float32"), ((3,), "int64"), ((3,), "bool")], False),
    ("int where Float", [((3, 784), "int64"), ((3,), "int64"), ((3,), "bool")], False),
    ("float where Int", [((3, 784), "float32"), ((3,), "float32"), ((3,), "bool")], False),
    ("int where Bool", [((3, 784), "float32"), ((3,), "int64"), ((3,), "int64")], False),
]


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("name,inputs,accepted", CASES, ids=[c[0] for c in CASES])
def test_tensor_is_checked_exactly_as_a_numpy_array(
    checker: str, name: str, inputs: Any, accepted: bool
) -> None:
    for kind, array_type in (("numpy", np.ndarray), ("tensor", Tensor)):
        step = make_step(array_type, CHECKERS[checker])
        args = arrays(kind, *inputs)
        if accepted:
            assert step(*args).shape == (inputs[0][0][0],)
        else:
            with pytest.raises(TypeCheckError):
                step(*args)


@pytest.mark.parametrize("checker", CHECKERS)
def test_return_value_and_traced_tensors(checker: str) -> None:
    @jaxtyped(typechecker=CHECKERS[checker])
    def last(x: Float[Tensor, "b n"]) -> Float[Tensor, " n"]:
        return x[0] if x.shape[0] > 1 else x[0, :-1]

    assert last(dt.ones((2, 5)).trace()).shape == (5,)  # the tape is no concern of jaxtyping's
    with pytest.raises(TypeCheckError, match="return value"):
        last(dt.ones((1, 5)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_matches_the_same_annotations_as_numpy(dtype: str) -> None:
    a = np.zeros((2, 3), dtype=dtype)
    t = dt.from_numpy(a)
    assert t.dtype.type.__name__ == a.dtype.type.__name__
    for ann in ANNOTATIONS:
        assert isinstance(t, ann[Tensor, "2 3"]) == isinstance(a, ann[np.ndarray, "2 3"]), ann


@pytest.mark.parametrize("checker", CHECKERS)
def test_shapecheck_with_a_typechecker_shares_the_dims(checker: str) -> None:
    # One jaxtyping memo for both: our Tensor[...] binds B, the type checker's jaxtyping check reads it,
    # and the type checker still checks the plain types.
    @shapecheck(typechecker=CHECKERS[checker])
    def f(x: Tensor[tuple[B, Literal[3]], OwnedTape], y: Float[Tensor, "B"], k: int) -> Float[Tensor, "B"]:
        assert isinstance(dt.zeros((x.shape[0],)), Float[Tensor, "B"])
        return y

    x = dt.zeros((2, 3)).trace()
    assert f(x, dt.zeros((2,)), 1).shape == (2,)
    with pytest.raises(ShapecheckError, match="f: argument y: dim B is 4 here but 2 from argument x"):
        f(x, dt.zeros((4,)), 1)
    with pytest.raises(TYPE_ERRORS[checker], match='"?k"?'):
        f(x, dt.zeros((2,)), "one")


def test_jaxtyping_annotations_under_shapecheck_alone() -> None:
    # Without a type checker, @shapecheck still runs jaxtyping's isinstance on jaxtyping annotations,
    # with our messages where the dims allow.
    @shapecheck
    def f(x: Tensor[tuple[B, Literal[3]]], y: Float[Tensor, "B"], n: Int[Tensor, "B"]) -> None: ...

    f(dt.zeros((2, 3)), dt.zeros((2,)), dt.tensor([1, 2]))
    with pytest.raises(ShapecheckError) as info:
        f(dt.zeros((2, 3)), dt.zeros((2,)), dt.zeros((2,)))
    assert str(info.value) == (
        "f: argument n: this array has dtype float32, not any of ('int2', 'int4', 'int8', 'int16', "
        "'int32', 'int64') as expected by the type hint — shape (2,), declared Int[Tensor, 'B']"
    )
