"""Hostile inputs to layers and optimizers: inputs of every rank and size (PyTorch is the oracle for
which fit), sizes that are not ints, non-tensors, gradients that are missing, misshapen, non-numeric
or NaN, state dicts of the wrong kind. A failed call leaves the model unchanged, bit for bit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import dfdx_typed as dt
from dfdx_typed import nn, optim

from .conftest import assert_clear, clear_error, outcome, snapshot, tried


def _pair(name: str) -> tuple[nn.Module, torch.nn.Module]:
    """The same layer in both libraries, with our weights copied into PyTorch's."""
    dt.manual_seed(0)
    ours, theirs = {
        "Linear": (nn.Linear(3, 2), torch.nn.Linear(3, 2)),
        "Conv1d": (nn.Conv1d(2, 3, 2), torch.nn.Conv1d(2, 3, 2)),
        "Conv2d": (nn.Conv2d(2, 3, 2, padding=1), torch.nn.Conv2d(2, 3, 2, padding=1)),
        "ConvTranspose2d": (
            nn.ConvTranspose2d(2, 3, 2, stride=2), torch.nn.ConvTranspose2d(2, 3, 2, stride=2)
        ),
        "MaxPool2d": (nn.MaxPool2d(2), torch.nn.MaxPool2d(2)),
        "AvgPool2d": (nn.AvgPool2d(2), torch.nn.AvgPool2d(2)),
        "BatchNorm1d": (nn.BatchNorm1d(3), torch.nn.BatchNorm1d(3)),
        "BatchNorm2d": (nn.BatchNorm2d(3), torch.nn.BatchNorm2d(3)),
        "LayerNorm": (nn.LayerNorm(3), torch.nn.LayerNorm(3)),
        "Flatten": (nn.Flatten(), torch.nn.Flatten()),
        "Softmax": (nn.Softmax(1), torch.nn.Softmax(1)),
        "LSTM": (nn.LSTM(3, 2), torch.nn.LSTM(3, 2)),
        "GRU": (nn.GRU(3, 2, batch_first=True), torch.nn.GRU(3, 2, batch_first=True)),
        "Sequential": (
            nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)),
            torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2)),
        ),
    }[name]
    theirs.load_state_dict({k: torch.from_numpy(v.numpy()) for k, v in ours.state_dict().items()})
    return ours, theirs.eval()  # an untraced input: our layers infer, as PyTorch's eval mode


LAYERS = ["Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "BatchNorm1d",
          "BatchNorm2d", "LayerNorm", "Flatten", "Softmax", "LSTM", "GRU", "Sequential"]
PAIRS = {name: _pair(name) for name in LAYERS}


@settings(max_examples=250, deadline=None)
@given(name=st.sampled_from(LAYERS), shape=st.lists(st.integers(0, 4), max_size=5))
def test_layers_take_what_pytorch_takes_and_name_themselves_otherwise(name: str, shape: list[int]) -> None:
    """Any input shape: where PyTorch's layer runs, ours gives the same values; where it refuses,
    ours raises an error that starts with the layer's label (``Linear[3, 2] expects ...``)."""
    if name.startswith("Conv") and 0 in shape:
        # An empty batch: test_zero_size.py::test_convolution_of_an_empty_batch. An empty
        # image: PyTorch refuses it, ours convolves the padding (test_convolving_an_empty_image).
        assume(False)
    tried("modules: input shapes")
    ours, theirs = PAIRS[name]
    data = np.random.default_rng(len(shape)).standard_normal(shape).astype(np.float32)
    with torch.no_grad():
        want_kind, want = outcome(lambda: theirs(torch.from_numpy(data)))
    kind, got = outcome(lambda: ours(dt.from_numpy(data)))
    if want_kind == "error":
        if kind == "ok" and data.size == 0 == got.size:
            return  # PyTorch refuses some empty inputs ((0, 2, 2) unbatched to a pool); ours is empty
        assert kind == "error", f"{name} took {tuple(shape)} (PyTorch refuses: {want}); gave {got!r}"
        assert_clear(got, name)
        return
    if kind == "error" and data.size == 0:
        # PyTorch skips its size checks on an empty tensor (BatchNorm2d(3) takes (0, 0, 0, 0)); ours
        # does not. Fair only if PyTorch refuses the same shape with its zeros made ones.
        filled = [d or 1 for d in shape]
        with torch.no_grad():
            if outcome(lambda: theirs(torch.zeros(filled)))[0] == "error":
                assert_clear(got, name)
                return
    assert kind == "ok", f"{name} refused {tuple(shape)}, which PyTorch takes: {got!r}"
    if isinstance(want, tuple):
        want, got = want[0], got[0]
    # float32 through a few ops; LayerNorm over 3 values divides by a std that can be ~0.1 (10x).
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-5)


def test_convolving_an_empty_image() -> None:
    """A 0x0 image padded by 1 is a 2x2 image of zeros: its convolution is the bias everywhere
    (PyTorch refuses the empty input instead)."""
    tried("modules: input shapes")
    layer = PAIRS["Conv2d"][0]
    out = layer(dt.zeros((2, 0, 0)))
    assert layer.bias is not None
    np.testing.assert_array_equal(out.numpy(), np.broadcast_to(layer.bias.numpy()[:, None, None], (3, 1, 1)))


CONSTRUCTORS: list[tuple[str, Any]] = [
    ("Linear", lambda: nn.Linear(3.0, 2)),
    ("Linear", lambda: nn.Linear(True, 2)),
    ("Linear", lambda: nn.Linear(-3, 2)),
    ("Linear", lambda: nn.Linear("3", 2)),
    ("Linear", lambda: nn.Linear(dt.tensor(3), 2)),
    ("Linear", lambda: nn.Linear(3, None)),
    ("Embedding", lambda: nn.Embedding(-1, 2)),
    ("Embedding", lambda: nn.Embedding(4, 2.5)),
    ("Embedding", lambda: nn.Embedding(4, 2, padding_idx=4)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 0)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, -1)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 2.5)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, (2.5, 2))),
    ("Conv2d", lambda: nn.Conv2d(3, 2, (3, 3, 3))),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 3, stride=0)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 3, stride=-2)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 3, padding=-1)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 3, dilation=0)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 3, groups=0)),
    ("Conv2d", lambda: nn.Conv2d(3, 2, 3, groups=2)),
    ("Conv2d", lambda: nn.Conv2d(3.0, 2, 3)),
    ("Conv1d", lambda: nn.Conv1d(3, 2, "3")),
    ("ConvTranspose2d", lambda: nn.ConvTranspose2d(3, 2, 3, stride=0)),
    ("BatchNorm1d", lambda: nn.BatchNorm1d(2.0)),
    ("BatchNorm2d", lambda: nn.BatchNorm2d(-1)),
    ("LayerNorm", lambda: nn.LayerNorm((2, 2.0))),
    ("LayerNorm", lambda: nn.LayerNorm(-2)),
    ("Dropout", lambda: nn.Dropout(1.5)),
    ("Dropout", lambda: nn.Dropout(math.nan)),
    ("Dropout", lambda: nn.Dropout("0.1")),
    ("MultiheadAttention", lambda: nn.MultiheadAttention(4, 3)),
    ("RNN", lambda: nn.RNN(3, 4, nonlinearity="sigmoid")),
    ("Sequential", lambda: nn.Sequential(nn.Linear(2, 2), lambda x: x)),
]


@pytest.mark.parametrize("layer,make", CONSTRUCTORS, ids=[f"{i}-{c[0]}" for i, c in enumerate(CONSTRUCTORS)])
def test_layer_sizes_that_are_not_sizes(layer: str, make: Any) -> None:
    """Floats, bools, strings, tensors and out-of-range ints as sizes: an error naming the layer
    (never numpy's "negative dimensions are not allowed", nor a silently truncated 2.5)."""
    tried("modules: constructor arguments")
    with clear_error(layer):
        make()


def test_modules_fed_what_is_not_a_tensor() -> None:
    layer = nn.Linear(3, 2)
    for value in ([[1.0, 2.0, 3.0]], np.ones((1, 3)), torch.ones(1, 3), None, 3.0):
        tried("modules: non-tensor inputs")
        with clear_error("Tensor"):
            layer(value)
    with clear_error("LSTM[3, 4]", "at least 1 step"):
        nn.LSTM(3, 4)(dt.zeros((0, 1, 3)))  # an empty sequence (PyTorch refuses it too)


# --- optimizers ---------------------------------------------------------------------------------------------


def _model() -> nn.Module:
    dt.manual_seed(1)
    return nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))


GOOD = {"0.weight": np.ones((2, 3)), "0.bias": np.ones(2), "1.weight": np.ones(2), "1.bias": np.ones(2)}

BAD_GRADIENTS: list[tuple[str, Any, type[BaseException], str]] = [
    ("missing", {k: v for k, v in GOOD.items() if k != "0.bias"}, KeyError,
     "no gradient for parameter '0.bias'"),
    ("wrong shape", {**GOOD, "0.weight": np.ones((3, 2))}, ValueError, "'0.weight' has shape (3, 2)"),
    ("broadcastable shape", {**GOOD, "0.weight": np.ones((1, 3))}, ValueError, "'0.weight' has shape (1, 3)"),
    ("stray key", {**GOOD, "2.weight": np.ones(2)}, KeyError, "'2.weight'"),
    ("strings", {**GOOD, "0.bias": np.array(["1.5", "2"])}, TypeError, "'0.bias' has dtype <U3"),
    ("complex", {**GOOD, "0.bias": np.ones(2) * 1j}, TypeError, "'0.bias' has dtype complex128"),
    ("objects", {**GOOD, "0.bias": np.array([None, 1.0])}, TypeError, "'0.bias' has dtype object"),
    ("bools", {**GOOD, "0.bias": np.ones(2, dtype=bool)}, TypeError, "'0.bias' has dtype bool"),
    ("ragged list", {**GOOD, "0.weight": [[1.0], [1.0, 2.0]]}, ValueError, "inhomogeneous"),
    ("not a mapping", [1, 2], TypeError, "grads must be the Gradients"),
    ("None", None, TypeError, "grads must be the Gradients"),
]
OPTIMIZERS = {
    "Sgd": lambda m: optim.Sgd(m, lr=0.1, momentum=0.9),
    "Adam": lambda m: optim.Adam(m, lr=0.1),
    "AdamW": lambda m: optim.AdamW(m, lr=0.1),
    "RMSprop": lambda m: optim.RMSprop(m, lr=0.1, centered=True),
}


@pytest.mark.parametrize("opt_name", list(OPTIMIZERS))
def test_optimizers_refuse_bad_gradients_and_change_nothing(opt_name: str) -> None:
    model = _model()
    opt = OPTIMIZERS[opt_name](model)
    opt.update(model, GOOD)  # some state to keep
    for label, grads, error, words in BAD_GRADIENTS:
        tried("optimizers: bad gradients")
        before, state = snapshot(model), repr(opt.state)
        with pytest.raises(error) as info:
            opt.update(model, grads)
        assert_clear(info.value, f"{opt_name}.update" if label != "ragged list" else "", words)
        assert snapshot(model) == before and repr(opt.state) == state, label
    # A model the optimizer's state does not fit: refused before anything changes.
    other = nn.Sequential(nn.Linear(4, 2), nn.BatchNorm1d(2))
    before = snapshot(other)
    with clear_error(f"{opt_name}.update", "was the optimizer built for another model"):
        opt.update(other, {**GOOD, "0.weight": np.ones((2, 4))})
    assert snapshot(other) == before


def test_non_finite_gradients_apply_as_in_pytorch_and_anomaly_mode_refuses_them() -> None:
    model = _model()
    nan_grads = {**GOOD, "0.bias": np.array([math.nan, 1.0])}
    param = torch.nn.Parameter(torch.from_numpy(model.state_dict()["0.bias"].numpy().copy()))
    torch_opt = torch.optim.SGD([param], lr=0.1)
    param.grad = torch.tensor([math.nan, 1.0])
    torch_opt.step()
    with dt.detect_anomaly():
        before = snapshot(model)
        tried("optimizers: NaN gradients")
        with clear_error("anomaly", "Sgd.update", "'0.bias'", "1 non-finite value"):
            optim.Sgd(model, lr=0.1).update(model, nan_grads)
        assert snapshot(model) == before
    optim.Sgd(model, lr=0.1).update(model, nan_grads)  # without the mode: applied, as PyTorch does
    np.testing.assert_array_equal(model.state_dict()["0.bias"].numpy(), param.detach().numpy())


def test_optimizer_arguments() -> None:
    model = _model()
    for name, make in [
        ("Sgd", lambda: optim.Sgd(model, lr=math.nan)),
        ("Sgd", lambda: optim.Sgd(model, lr=-0.1)),
        ("Sgd", lambda: optim.Sgd(model, lr="0.1")),
        ("Sgd", lambda: optim.Sgd([model.parameters()], lr=0.1)),
        ("Sgd", lambda: optim.Sgd(model, lr=0.1, momentum=-1)),
        ("Sgd", lambda: optim.Sgd(model, lr=0.1, nesterov=True)),
        ("Adam", lambda: optim.Adam(model, betas=(0.9,))),
        ("Adam", lambda: optim.Adam(model, betas=(1.0, 0.9))),
        ("Adam", lambda: optim.Adam(model, eps=-1)),
        ("AdamW", lambda: optim.AdamW(model, weight_decay=-0.1)),
        ("RMSprop", lambda: optim.RMSprop(model, alpha=-1)),
    ]:
        tried("optimizers: arguments")
        with clear_error(name):
            make()


# --- state dicts --------------------------------------------------------------------------------------------


def test_load_state_dict_with_values_of_the_wrong_kind() -> None:
    model = _model()
    good = {k: v.numpy() for k, v in model.state_dict().items()}
    for key, value, words in [
        ("0.weight", None, "shape ()"),
        ("0.weight", "weights", "shape ()"),
        ("0.bias", [1.0, "x"], "dtype <U32"),
        ("0.bias", torch.ones(2, dtype=torch.float64), "dtype float64"),
        ("0.bias", np.ones(2, dtype=np.float16), "dtype float16"),
        ("1.running_var", np.array([1.0, math.inf], dtype=np.float32), "1 non-finite value"),
        ("1.num_batches_tracked", np.array(1.5), "dtype float64"),
    ]:
        tried("state dicts: wrong values")
        before = snapshot(model)
        with clear_error("load_state_dict", f"'{key}'", words, "left unchanged"):
            model.load_state_dict({**good, key: value})
        assert snapshot(model) == before


# --- the other entry points: gradcheck and shapecheck ----------------------------------------------------


def test_gradcheck_arguments() -> None:
    x = dt.randn((3,), dtype="float64")
    square_sum = lambda a: (a * a).sum()  # noqa: E731
    for words, call in [
        ("fn must be callable", lambda: dt.gradcheck(3, [x])),  # type: ignore[arg-type]
        ("inputs must be a list", lambda: dt.gradcheck(square_sum, x)),  # type: ignore[arg-type]
        ("inputs[0] must be a Tensor", lambda: dt.gradcheck(square_sum, [1.0])),  # type: ignore[list-item]
        ("no float input", lambda: dt.gradcheck(lambda a: a.sum(), [dt.tensor([1, 2])])),
        ("no float input", lambda: dt.gradcheck(lambda: dt.zeros(()), [])),
        ("eps must be positive", lambda: dt.gradcheck(square_sum, [x], eps=0)),
        ("eps must be a finite number", lambda: dt.gradcheck(square_sum, [x], eps=math.nan)),
        ("fn returned float", lambda: dt.gradcheck(lambda a: 1.0, [x])),  # type: ignore[arg-type,return-value]
        ("need float64", lambda: dt.gradcheck(square_sum, [dt.randn((3,)) * 100])),
    ]:
        tried("gradcheck: arguments")
        with clear_error("gradcheck", words):
            call()


SHAPECHECK_ANNOTATIONS = [
    "Tensor[int]", "Tensor[tuple[str]]", "Tensor[tuple[L[-1]]]", "Tensor[tuple[L[0]]]",
    "Tensor[tuple[L[10**30]]]", "Tensor", "Tensor[Any]", "Tensor[tuple[Tensor[tuple[L[2]]]]]",
    "Tensor[tuple[int, ...]]", "Tensor[tuple[B, L[3]]]", "Tensor[tuple[L[2], L[3]], OwnedTape]",
    "Optional[Tensor[tuple[L[2], L[3]]]]", "'Tensor[tuple[L[2], L[3]]]'", "Tensor[tuple[L[2], L[3]], int]",
    "Tensor[tuple[L[2], L[3]]]", "'not a type'", "Tensor[tuple[L[2], L[3]]] | list[int]",
]


@pytest.mark.parametrize("annotation", SHAPECHECK_ANNOTATIONS)
def test_shapecheck_with_odd_annotations(annotation: str) -> None:
    """Decorating never fails unclearly; a call passes the value through or raises ShapecheckError
    naming the function and the argument. Values that are not tensors are a type checker's
    business (the decorator's documented choice): they pass through to the function."""
    from typing import Literal, Optional, TypeVar

    namespace = {"Tensor": dt.Tensor, "L": Literal, "Any": Any, "B": TypeVar("B", bound=int),
                 "OwnedTape": dt.OwnedTape, "Optional": Optional}
    exec(f"def f(x: {annotation}) -> {annotation}:\n    return x\n", namespace)
    kind, checked = outcome(dt.shapecheck, namespace["f"])
    if kind == "error":
        assert_clear(checked, "f")
        return
    for value in (dt.zeros((2, 3)), dt.zeros((2, 3)).trace(), [1.0], None):
        tried("shapecheck: odd annotations")
        kind, got = outcome(checked, value)
        if kind == "error":
            assert isinstance(got, dt.ShapecheckError), repr(got)
            assert_clear(got, "f: argument x")
        else:
            assert got is value
