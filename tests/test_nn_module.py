"""The Module base (walking attributes, PyTorch key names, state dicts) and the shape rules of
containers: the run-time messages, and the same rules on symbolic dims as the checker will call them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import dfdx_typed as dt
from dfdx_typed import nn
from dfdx_typed.shapes import Undetermined, sym
from dfdx_typed.shapes import modules as rules


class Block(nn.Module):
    """Sub-modules in a list, a tuple and a dict, a bare parameter, a buffer and a private cache."""

    def __init__(self) -> None:
        self.scale = dt.ones((3,))
        self.layers = [nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 3)]
        self.pair = (nn.LayerNorm(3), nn.Linear(3, 3, bias=False))
        self.heads = {"a": nn.Linear(3, 2), "b": nn.Linear(3, 1)}
        self.norm = nn.BatchNorm1d(3)
        self.register_buffer("offset", dt.zeros((3,)))
        self._cache = dt.ones((100,))  # private: never walked

    def forward(self, x: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
        h = x * self.scale + self.offset
        for layer in self.layers:
            h = layer(h)
        h = self.pair[1](self.pair[0](h))
        return self.heads["a"](self.norm(h)).sum(axis=-1) + self.heads["b"](h)[..., 0]


class TorchBlock(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.scale = torch.nn.Parameter(torch.ones(3))
        self.layers = torch.nn.ModuleList([torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3)])
        self.pair = torch.nn.ModuleList([torch.nn.LayerNorm(3), torch.nn.Linear(3, 3, bias=False)])
        self.heads = torch.nn.ModuleDict({"a": torch.nn.Linear(3, 2), "b": torch.nn.Linear(3, 1)})
        self.norm = torch.nn.BatchNorm1d(3)
        self.register_buffer("offset", torch.zeros(3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x * self.scale + self.offset
        for layer in self.layers:
            h = layer(h)
        h = self.pair[1](self.pair[0](h))
        return self.heads["a"](self.norm(h)).sum(-1) + self.heads["b"](h)[..., 0]


def test_names_order_and_counts_match_torch() -> None:
    m, tm = Block(), TorchBlock()
    assert [k for k, _ in m.named_parameters()] == [k for k, _ in tm.named_parameters()]
    assert list(m.state_dict()) == list(tm.state_dict())
    assert [k for k, _ in m.named_buffers()] == [k for k, _ in tm.named_buffers()]
    assert m.num_parameters() == sum(p.numel() for p in tm.parameters())
    # Lists and dicts are plain Python containers here, not modules (ModuleList/ModuleDict in torch).
    torch_modules = [
        k for k, mod in tm.named_modules() if not isinstance(mod, (torch.nn.ModuleList, torch.nn.ModuleDict))
    ]
    assert [k for k, _ in m.named_modules()] == torch_modules
    assert len(m.parameters()) == len(list(tm.parameters()))


def test_a_custom_module_matches_torch_after_loading_its_state_dict() -> None:
    from nn_reference import compare, load_from_torch, random

    torch.manual_seed(0)
    tm = TorchBlock().double()
    m = Block().astype(np.float64)
    load_from_torch(m, tm)
    compare(m, tm, [random((5, 3))])


def test_load_state_dict_checks_everything_first_and_changes_nothing_on_error() -> None:
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    before = {k: (v, v.numpy()) for k, v in m.state_dict().items()}
    good = {k: v.numpy() + 1 for k, v in m.state_dict().items()}
    bad_cases = {
        "missing": ({k: v for k, v in good.items() if k != "0.bias"}, r"'0\.bias': missing"),
        "unexpected": ({**good, "2.weight": np.ones(3)}, r"'2\.weight': unexpected key"),
        "shape": (
            {**good, "0.weight": np.ones((4, 2), np.float32)},
            r"'0\.weight': shape \(4, 2\) != the module's \(4, 3\)",
        ),
        "dtype": (
            {**good, "0.weight": good["0.weight"].astype(np.float64)},
            r"'0\.weight': dtype float64 != the module's float32",
        ),
        "nan": (
            {**good, "1.running_var": np.array([1, np.nan, 1, np.inf], np.float32)},
            r"'1\.running_var': 2 non-finite values",
        ),
    }
    for name, (state, pattern) in bad_cases.items():
        with pytest.raises(nn.StateDictError, match=pattern):
            m.load_state_dict(state)
        after = m.state_dict()
        assert all(after[k] is before[k][0] for k in before), f"{name}: the module changed"
    # Several problems are reported together.
    with pytest.raises(nn.StateDictError, match=r"2 problems.*'0\.bias': missing.*'0\.weight': shape"):
        m.load_state_dict(
            {**{k: v for k, v in good.items() if k != "0.bias"}, "0.weight": np.ones((1, 1), np.float32)}
        )
    # strict=False skips missing/unexpected keys (and says which) but still checks the rest.
    result = m.load_state_dict({"0.weight": good["0.weight"], "extra": np.ones(1)}, strict=False)
    assert "0.bias" in result.missing_keys and result.unexpected_keys == ["extra"]
    np.testing.assert_array_equal(m[0].weight.numpy(), good["0.weight"])
    m.load_state_dict(good)
    assert all(np.array_equal(v.numpy(), good[k]) for k, v in m.state_dict().items())
    # Loaded tensors are copies, immutable like every tensor.
    assert not m[0].weight._data.flags.writeable


def test_state_dict_round_trips_with_torch_both_ways() -> None:
    m, tm = Block(), TorchBlock()
    tm.load_state_dict({k: torch.tensor(v.numpy()) for k, v in m.state_dict().items()})
    for k, v in tm.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), m.state_dict()[k].numpy())
    torch.manual_seed(3)
    tm2 = TorchBlock()
    m.load_state_dict(tm2.state_dict() | {k: v.detach() for k, v in tm2.named_parameters()})
    for k, v in tm2.state_dict().items():
        np.testing.assert_array_equal(m.state_dict()[k].numpy(), v.numpy())


def test_tied_parameters_are_listed_once_and_stay_tied_through_updates() -> None:
    enc, dec = nn.Linear(4, 4), nn.Linear(4, 4)
    dec.weight = enc.weight
    model = nn.Sequential(enc, nn.Tanh(), dec)
    assert [k for k, _ in model.named_parameters()] == ["0.weight", "0.bias", "2.bias"]
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]  # as PyTorch
    opt = dt.optim.Sgd(model, lr=0.1)
    x = dt.randn((2, 4)).trace()
    grads = model(x).sum().backward()
    opt.update(model, grads)
    assert model[0].weight is model[2].weight  # still one tensor
    model.load_state_dict({k: v.numpy() + 1 for k, v in model.state_dict().items()})
    assert model[0].weight is model[2].weight  # loading keeps the tie too


def test_astype_casts_every_float_tensor_and_keeps_integer_buffers() -> None:
    m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)).astype(np.float64)
    kinds = {k: v.dtype for k, v in m.state_dict().items()}
    assert kinds["0.weight"] == np.float64 and kinds["1.running_mean"] == np.float64
    assert kinds["1.num_batches_tracked"] == np.int64


def test_parameters_get_gradients_when_only_the_input_is_traced() -> None:
    # Layers transform weights before they meet the input (weight.mT, reshapes, slices); the gradient
    # must still land on the parameter itself.
    model = nn.Sequential(nn.Conv1d(2, 3, 3), nn.PReLU(3), nn.Flatten(), nn.Linear(3 * 4, 2), nn.LayerNorm(2))
    x = dt.randn((5, 2, 6)).trace()
    grads = model(x).sum().backward()
    missing = [k for k, p in model.named_parameters() if p not in grads]
    assert missing == []
    assert model(x.detach()).is_traced is False


def test_repr_reads_like_torch() -> None:
    text = repr(nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Residual(nn.Linear(512, 512))))
    assert text.splitlines() == [
        "Sequential(",
        "  (0): Linear(in_features=784, out_features=512, bias=True)",
        "  (1): ReLU()",
        "  (2): Residual(",
        "    (block): Linear(in_features=512, out_features=512, bias=True)",
        "  )",
        ")",
    ]


# --- shape rules of containers: run time ----------------------------------------------------------------


def test_sequential_names_the_layer_that_does_not_fit() -> None:
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(256, 10))
    with pytest.raises(dt.ShapeError) as err:
        model(dt.zeros((4, 784)))
    assert str(err.value) == "Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (4, 512)"
    assert err.value.code == "shape"


def test_nested_containers_give_the_path_of_the_layer() -> None:
    model = nn.Sequential(
        nn.Linear(4, 8), nn.Residual(nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(4, 8)))
    )
    with pytest.raises(dt.ShapeError) as err:
        model(dt.zeros((3, 4)))
    assert str(err.value) == "Sequential layer 1.block.2 (Linear[4, 8]) expects (..., 4), got (3, 8)"
    shrinking = nn.Sequential(nn.Linear(4, 8), nn.Residual(nn.Linear(8, 2)))
    with pytest.raises(dt.ShapeError) as err:
        shrinking(dt.zeros((3, 4)))
    assert str(err.value) == (
        "Sequential layer 1 (Residual) block maps (3, 8) to (3, 2); a residual block must return the "
        "shape it is given"
    )


def test_layers_on_their_own_and_in_conv_pipelines() -> None:
    with pytest.raises(dt.ShapeError, match=r"^Linear\[784, 512\] expects \(\.\.\., 784\), got \(4, 100\)$"):
        nn.Linear(784, 512)(dt.zeros((4, 100)))
    cnn = nn.Sequential(
        nn.Conv2d(3, 16, 5, stride=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(144, 10)
    )
    assert cnn(dt.zeros((2, 3, 16, 16))).shape == (2, 10)
    with pytest.raises(
        dt.ShapeError,
        match=r"^Sequential layer 4 \(Linear\[144, 10\]\) expects \(\.\.\., 144\), got \(2, 256\)$",
    ):
        cnn(dt.zeros((2, 3, 20, 20)))
    with pytest.raises(
        dt.ShapeError,
        match=r"^Sequential layer 0 \(Conv2d\[3, 16, 5, stride=2\]\) expects \(N, 3, H, W\) or \(3, H, W\), "
        r"got \(2, 1, 16, 16\)$",
    ):
        cnn(dt.zeros((2, 1, 16, 16)))
    with pytest.raises(
        dt.ShapeError, match=r"^Sequential layer 0 \(Conv2d\[3, 16, 5, stride=2\]\) kernel spans 5 along H"
    ):
        cnn(dt.zeros((2, 3, 4, 4)))
    with pytest.raises(dt.ShapeError, match=r"^BatchNorm2d\[8\] expects \(N, 8, H, W\), got \(2, 8\)$"):
        nn.BatchNorm2d(8)(dt.zeros((2, 8)))
    with pytest.raises(
        dt.ShapeError, match=r"^LayerNorm\[\(3, 6\)\] expects \(\.\.\., 3, 6\), got \(2, 6, 3\)$"
    ):
        nn.LayerNorm((3, 6))(dt.zeros((2, 6, 3)))


def test_a_layer_without_a_rule_is_checked_inside_and_wrapped_with_its_position() -> None:
    class Custom(nn.Module):
        def __init__(self) -> None:
            self.inner = nn.Sequential(nn.Linear(8, 3))

        def forward(self, x: dt.Tensor[Any, Any]) -> dt.Tensor[Any, Any]:
            return self.inner(x)  # type: ignore[no-any-return]

    model = nn.Sequential(nn.Linear(4, 6), Custom())
    with pytest.raises(dt.ShapeError) as err:
        model(dt.zeros((2, 4)))
    assert str(err.value) == "Sequential layer 1.0 (Linear[8, 3]) expects (..., 8), got (2, 6)"


# --- the same rules on symbolic dims (what the mypy plugin will call) --------------------------------------


def test_rules_on_symbolic_shapes_give_the_checker_message() -> None:
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(256, 10))
    spec = model.shape_spec()
    with pytest.raises(dt.ShapeError) as err:
        rules.layer(spec, (sym("B"), 784))
    assert str(err.value) == "Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (B, 512)"
    good = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
    assert rules.layer(good.shape_spec(), (sym("B"), 784)) == (sym("B"), 10)
    # Flatten multiplies symbolic dims; convolution keeps exact polynomials where it can.
    cnn = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.Flatten(), nn.Linear(8 * 28 * 28, 10))
    assert rules.layer(cnn.shape_spec(), (sym("B"), 3, 28, 28)) == (sym("B"), 10)
    h = sym("H")
    out = rules.layer(nn.Conv2d(3, 8, 3, padding=1).shape_spec(), (sym("B"), 3, h, h))
    assert out == (sym("B"), 8, h, h)
    # An unknown dim (int in a type) is never an error; a layer without a rule is undetermined.
    assert rules.layer(good.shape_spec(), (dt.shapes.UNKNOWN, dt.shapes.UNKNOWN)) == (dt.shapes.UNKNOWN, 10)
    opaque = rules.LayerSpec("Sequential", "Sequential", children=(("0", None),))
    with pytest.raises(Undetermined):
        rules.layer(opaque, (sym("B"), 3))


def test_every_layer_rule_agrees_with_what_the_layer_returns() -> None:
    # Module.__call__ asserts the rule's shape equals the output's; run each layer kind once.
    layers_and_inputs: list[tuple[nn.Module, tuple[int, ...]]] = [
        (nn.Linear(3, 2), (4, 3)),
        (nn.Conv1d(2, 3, 3, stride=2), (2, 2, 9)),
        (nn.Conv2d(2, 4, (3, 1), padding=(1, 0), groups=2), (1, 2, 5, 5)),
        (nn.ConvTranspose2d(2, 4, 3, stride=2, output_padding=1), (1, 2, 3, 4)),
        (nn.MaxPool2d(3, stride=2, padding=1), (1, 2, 7, 7)),
        (nn.AvgPool2d(2), (1, 2, 6, 6)),
        (nn.AdaptiveAvgPool2d((3, None)), (1, 2, 7, 5)),
        (nn.Flatten(), (2, 3, 4)),
        (nn.Embedding(5, 3), (2, 4)),
        (nn.LayerNorm(4), (2, 4)),
        (nn.BatchNorm1d(3), (4, 3, 2)),
        (nn.Softmax(0), (3, 2)),
        (nn.PReLU(2), (3, 2, 4)),
        (nn.Dropout(0.1), (3, 3)),
        (nn.TransformerEncoderLayer(4, 2, 8), (3, 2, 4)),
    ]
    for layer, shape in layers_and_inputs:
        spec = layer.shape_spec()
        assert spec is not None
        expected = rules.layer(spec, shape)
        x = dt.zeros(shape, dtype=np.int64) if isinstance(layer, nn.Embedding) else dt.randn(shape)
        assert layer(x).shape == expected, spec.label


def test_specs_built_from_literal_sizes_equal_the_layers_own() -> None:
    # What the plugin will do: build the spec from the sizes it reads in types, without the layer.
    from dfdx_typed.shapes import layer_specs as specs

    assert nn.Linear(784, 512).shape_spec() == specs.linear_spec(784, 512)
    assert nn.Conv2d(3, 16, 5, stride=2).shape_spec() == specs.conv_spec(
        "Conv2d", 3, 16, (5, 5), (2, 2), (0, 0), (1, 1), 1
    )
    assert nn.ConvTranspose2d(4, 2, (3, 1), output_padding=(1, 0), stride=2).shape_spec() == specs.conv_spec(
        "ConvTranspose2d", 4, 2, (3, 1), (2, 2), (0, 0), (1, 1), 1, (1, 0)
    )
    assert nn.MaxPool2d(2).shape_spec() == specs.pool_spec("MaxPool2d", 2)
    assert nn.LSTM(4, 5, bidirectional=True).shape_spec() == specs.recurrent_spec(
        "LSTM", 4, 5, bidirectional=True
    )
    chain = specs.sequential_spec(
        [specs.linear_spec(784, 512), specs.elementwise_spec("ReLU"), specs.linear_spec(256, 10)]
    )
    assert chain == nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(256, 10)).shape_spec()
    with pytest.raises(
        dt.ShapeError,
        match=r"^Sequential layer 2 \(Linear\[256, 10\]\) expects \(\.\.\., 256\), got \(B, 512\)$",
    ):
        rules.layer(chain, (sym("B"), 784))
    # Symbolic sizes in the layer itself (a TypeVar in Linear[I, L[10]]) print as the symbol.
    generic = specs.sequential_spec([specs.linear_spec(sym("I"), 64), specs.linear_spec(32, 10)])
    with pytest.raises(
        dt.ShapeError,
        match=r"^Sequential layer 1 \(Linear\[32, 10\]\) expects \(\.\.\., 32\), got \(B, 64\)$",
    ):
        rules.layer(generic, (sym("B"), sym("I")))
