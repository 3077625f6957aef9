"""Shape rules for modules: what each layer expects, what it returns, and how containers chain them.

A layer is described by a :class:`LayerSpec` (its kind, its label as users see it — ``Linear[256, 10]``
— its size parameters, and, for containers, its children). The run time builds specs from module
objects (``module.shape_spec()``); the mypy plugin builds the same specs from literal types
(``Linear[L[256], L[10]]``), both with the constructors in :mod:`.layer_specs`. Both then call
:func:`layer`, so a pipeline that does not connect gives the same message in both places::

    Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (B, 512)

Layers with several inputs or outputs (attention, decoder layers, RNNs) have their rules in
:mod:`.sequence_layers`. Standard library only, like every rule in this package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import conv as conv_rules
from .dims import UNKNOWN, Dim, Shape, definitely_differ, exact_div, format_dim, format_shape
from .errors import ShapeError, Undetermined
from .reduce import normalize_axis
from .reshape import flatten as flatten_rule


@dataclass(frozen=True)
class LayerSpec:
    """A layer as the shape rules see it.

    ``kind`` selects the rule (the class name: ``"Linear"``); ``label`` is how messages name the layer
    (``"Linear[256, 10]"``); ``params`` holds the sizes the rule needs; ``children`` are a container's
    named sub-layers in call order (``None`` for a sub-layer whose shapes are not known).
    """

    kind: str
    label: str
    params: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[tuple[str, LayerSpec | None], ...] = ()


class LayerShapeError(ShapeError):
    """A layer was given an input it cannot take.

    ``label`` names the innermost layer, ``detail`` says what it expects and what it got, and ``path``
    (with ``root``, the outermost container) says where the layer sits: the message is
    ``"{root} layer {path} ({label}) {detail}"``, or ``"{label} {detail}"`` for a layer on its own.
    """

    label: str
    detail: str
    path: tuple[str, ...]
    root: str | None

    def __init__(
        self, label: str, detail: str, path: tuple[str, ...] = (), root: str | None = None
    ) -> None:
        self.label = label
        self.detail = detail
        self.path = path
        self.root = root
        if path:
            message = f"{root} layer {'.'.join(path)} ({label}) {detail}"
        else:
            message = f"{label} {detail}"
        super().__init__("shape", message)

    def __reduce__(self) -> Any:
        return (type(self), (self.label, self.detail, self.path, self.root))


def in_container(root: str, name: str, err: LayerShapeError) -> LayerShapeError:
    """``err`` raised by the sub-layer ``name`` of the container ``root``: the path grows outward."""
    return LayerShapeError(err.label, err.detail, (name, *err.path), root)


def label(kind: str, *args: Any, **kwargs: Any) -> str:
    """``Linear[256, 10]``, ``Conv2d[3, 16, 5, stride=2]``: the layer's sizes as its type spells them."""
    parts = [_format_arg(a) for a in args]
    parts += [f"{k}={_format_arg(v)}" for k, v in kwargs.items()]
    return f"{kind}[{', '.join(parts)}]" if parts else kind


def _format_arg(a: Any) -> str:
    if isinstance(a, tuple):
        inner = ", ".join(_format_arg(x) for x in a)
        return f"({inner},)" if len(a) == 1 else f"({inner})"
    if isinstance(a, (int, str, float)) or a is None:
        return repr(a) if isinstance(a, str) else str(a)
    return format_dim(a)


def expects(spec: LayerSpec, pattern: str, x: Shape) -> LayerShapeError:
    return LayerShapeError(spec.label, f"expects {pattern}, got {format_shape(x)}")


def _from_rule(spec: LayerSpec, err: ShapeError) -> LayerShapeError:
    """An op rule's error (``"flatten: axis 3 is out of range ..."``) as this layer's error."""
    detail = err.message
    for prefix in (f"{spec.kind}: ", f"{spec.kind.lower()}: "):
        if detail.startswith(prefix):
            detail = detail[len(prefix):]
    return LayerShapeError(spec.label, detail)


def _dims(ds: Sequence[Dim]) -> str:
    return ", ".join(format_dim(d) for d in ds)


# --- single-input layers ---------------------------------------------------------------------------


def _same(spec: LayerSpec, x: Shape) -> Shape:
    return x


def _linear(spec: LayerSpec, x: Shape) -> Shape:
    n_in: Dim = spec.params["in_features"]
    n_out: Dim = spec.params["out_features"]
    if len(x) == 0 or definitely_differ(x[-1], n_in):
        raise expects(spec, f"(..., {format_dim(n_in)})", x)
    return (*x[:-1], n_out)


def _softmax(spec: LayerSpec, x: Shape) -> Shape:
    try:
        normalize_axis(spec.kind, x, spec.params["dim"])
    except ShapeError as e:
        raise _from_rule(spec, e) from None
    return x


def _prelu(spec: LayerSpec, x: Shape) -> Shape:
    n: Dim = spec.params["num_parameters"]
    if n == 1:
        return x
    if len(x) < 2 or definitely_differ(x[1], n):
        raise expects(spec, f"(N, {format_dim(n)}, ...)", x)
    return x


def _layer_norm(spec: LayerSpec, x: Shape) -> Shape:
    normalized: tuple[Dim, ...] = spec.params["normalized_shape"]
    k = len(normalized)
    if len(x) < k or any(definitely_differ(a, b) for a, b in zip(x[len(x) - k:], normalized)):
        raise expects(spec, f"(..., {_dims(normalized)})", x)
    return x


def _batch_norm1d(spec: LayerSpec, x: Shape) -> Shape:
    c: Dim = spec.params["num_features"]
    if len(x) not in (2, 3) or definitely_differ(x[1], c):
        raise expects(spec, f"(N, {format_dim(c)}) or (N, {format_dim(c)}, L)", x)
    return x


def _batch_norm2d(spec: LayerSpec, x: Shape) -> Shape:
    c: Dim = spec.params["num_features"]
    if len(x) != 4 or definitely_differ(x[1], c):
        raise expects(spec, f"(N, {format_dim(c)}, H, W)", x)
    return x


def _embedding(spec: LayerSpec, x: Shape) -> Shape:
    return (*x, spec.params["embedding_dim"])


def _flatten(spec: LayerSpec, x: Shape) -> Shape:
    try:
        return flatten_rule(spec.kind, x, spec.params["start_dim"], spec.params["end_dim"])
    except ShapeError as e:
        raise _from_rule(spec, e) from None


def _sequence_layer(spec: LayerSpec, x: Shape) -> Shape:
    """Transformer encoder layers and stacks: ``(S, N, E)`` (``(N, S, E)`` batch-first) or ``(S, E)``."""
    e: Dim = spec.params["d_model"]
    if len(x) not in (2, 3) or definitely_differ(x[-1], e):
        batched = "(N, S, {e})" if spec.params.get("batch_first") else "(S, N, {e})"
        raise expects(spec, f"{batched.format(e=format_dim(e))} or (S, {format_dim(e)})", x)
    return x


def _channels_first(spec: LayerSpec, x: Shape, n: int, channels: Dim) -> None:
    c = format_dim(channels)
    if len(x) not in (n + 1, n + 2) or definitely_differ(x[-n - 1], channels):
        spatial = "L" if n == 1 else "H, W"
        raise expects(spec, f"(N, {c}, {spatial}) or ({c}, {spatial})", x)


def _conv(spec: LayerSpec, x: Shape) -> Shape:
    """Conv1d/Conv2d: the channel check here, the output size from the conv op's own rule."""
    p = spec.params
    n = len(p["kernel_size"])
    _channels_first(spec, x, n, p["in_channels"])
    per_group = exact_div(p["in_channels"], p["groups"])
    weight = (p["out_channels"], UNKNOWN if per_group is None else per_group, *p["kernel_size"])
    rule = conv_rules.conv1d if n == 1 else conv_rules.conv2d
    try:
        return rule(
            spec.kind, x, weight, None, stride=p["stride"], padding=p["padding"],
            dilation=p["dilation"], groups=p["groups"],
        )
    except ShapeError as e:
        raise _from_rule(spec, e) from None


def _conv_transpose(spec: LayerSpec, x: Shape) -> Shape:
    p = spec.params
    _channels_first(spec, x, 2, p["in_channels"])
    per_group = exact_div(p["out_channels"], p["groups"])
    weight = (p["in_channels"], UNKNOWN if per_group is None else per_group, *p["kernel_size"])
    try:
        return conv_rules.conv_transpose2d(
            spec.kind, x, weight, None, stride=p["stride"], padding=p["padding"],
            output_padding=p["output_padding"], dilation=p["dilation"], groups=p["groups"],
        )
    except ShapeError as e:
        raise _from_rule(spec, e) from None


def _pool(spec: LayerSpec, x: Shape) -> Shape:
    p = spec.params
    if len(x) not in (3, 4):
        raise expects(spec, "(N, C, H, W) or (C, H, W)", x)
    try:
        if spec.kind == "MaxPool2d":
            return conv_rules.max_pool2d(
                spec.kind, x, p["kernel_size"], p["stride"], p["padding"], p["dilation"]
            )
        if spec.kind == "AvgPool2d":
            return conv_rules.avg_pool2d(
                spec.kind, x, p["kernel_size"], p["stride"], p["padding"], p["count_include_pad"]
            )
        return conv_rules.adaptive_avg_pool2d(spec.kind, x, p["output_size"])
    except ShapeError as e:
        raise _from_rule(spec, e) from None


# --- containers ------------------------------------------------------------------------------------


def _sequential(spec: LayerSpec, x: Shape) -> Shape:
    for name, child in spec.children:
        if child is None:
            raise Undetermined(f"{spec.kind}: layer {name} has no shape rule")
        try:
            x = layer(child, x)
        except LayerShapeError as e:
            raise in_container(spec.kind, name, e) from None
    return x


def residual_result(spec: LayerSpec, x: Shape, inner: Shape) -> Shape:
    """A residual block adds its input to its block's output, so the block must keep the shape."""
    if len(inner) != len(x) or any(definitely_differ(a, b) for a, b in zip(x, inner)):
        raise LayerShapeError(
            spec.label,
            f"block maps {format_shape(x)} to {format_shape(inner)}; a residual block must return "
            "the shape it is given",
        )
    return x


def _residual(spec: LayerSpec, x: Shape) -> Shape:
    (name, block), = spec.children
    if block is None:
        raise Undetermined(f"{spec.kind}: its block has no shape rule")
    try:
        inner = layer(block, x)
    except LayerShapeError as e:
        raise in_container(spec.kind, name, e) from None
    return residual_result(spec, x, inner)


LayerRule = Callable[[LayerSpec, Shape], Shape]

LAYER_RULES: dict[str, LayerRule] = {
    "Identity": _same,
    "ReLU": _same,
    "GELU": _same,
    "Sigmoid": _same,
    "Tanh": _same,
    "LeakyReLU": _same,
    "Dropout": _same,
    "PReLU": _prelu,
    "Softmax": _softmax,
    "LogSoftmax": _softmax,
    "Linear": _linear,
    "LayerNorm": _layer_norm,
    "BatchNorm1d": _batch_norm1d,
    "BatchNorm2d": _batch_norm2d,
    "Embedding": _embedding,
    "Flatten": _flatten,
    "Conv1d": _conv,
    "Conv2d": _conv,
    "ConvTranspose2d": _conv_transpose,
    "MaxPool2d": _pool,
    "AvgPool2d": _pool,
    "AdaptiveAvgPool2d": _pool,
    "TransformerEncoderLayer": _sequence_layer,
    "TransformerEncoder": _sequence_layer,
    "Sequential": _sequential,
    "Residual": _residual,
}
"""One rule per single-input layer kind (the kinds a Sequential can chain)."""


def layer(spec: LayerSpec, x: Shape) -> Shape:
    """The output shape of the layer ``spec`` on an input of shape ``x``, or a :class:`LayerShapeError`.

    Raises :class:`Undetermined` for a layer kind without a rule (a user's own module): the checker
    then stays silent and the run time checks inside the module.
    """
    rule = LAYER_RULES.get(spec.kind)
    if rule is None:
        raise Undetermined(f"no shape rule for the layer kind {spec.kind}")
    return rule(spec, x)


def try_layer(spec: LayerSpec, x: Shape) -> Shape | None:
    """:func:`layer`, or ``None`` when the layer has no rule or the result is not determined."""
    try:
        return layer(spec, x)
    except Undetermined:
        return None
