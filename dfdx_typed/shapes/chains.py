"""Checking a ``Sequential`` or ``Residual`` where it is built, before any input is known (the
checker reports it at construction; the run time meets the same rules at the first call).

The layers' own rules (:mod:`dfdx_typed.shapes.modules`) run on *probe* inputs: one per rank the first
layer that says something about its input accepts, with symbolic sizes. A rule reports an error on
symbols only when no size could fit, so a chain that fails on every probe fails on every input.
"""

from __future__ import annotations

from .dims import Shape, sym
from .errors import ShapeError, Undetermined
from .modules import LayerShapeError, LayerSpec, layer

_PASS_THROUGH = ("ReLU", "GELU", "Sigmoid", "Tanh", "LeakyReLU", "Dropout", "Identity")
_PROBE_NAMES = ("...", "...'", "...''", "N", "H", "W", "L", "S", "C")


def _first_informative(spec: LayerSpec | None) -> LayerSpec | None:
    """The first layer data meets that says something about its input (containers are opened)."""
    if spec is None:
        return None
    if spec.kind in ("Sequential", "Residual"):
        for _, child in spec.children:
            if child is None:
                return None
            if child.kind not in _PASS_THROUGH:
                return _first_informative(child)
        return None
    return spec


def _probes(first: LayerSpec) -> list[Shape]:
    """Inputs of every rank the first informative layer takes, sizes symbolic except the ones that
    layer fixes; the first probe is the one whose message reads best (``(..., 784)``)."""
    p = first.params
    batch, more, most = sym("..."), sym("...'"), sym("...''")
    prefixes: list[Shape] = [(batch,), (), (batch, more), (batch, more, most)]
    n, h, w = sym("N"), sym("H"), sym("W")
    if first.kind == "Linear":
        return [(*pre, p["in_features"]) for pre in prefixes]
    if first.kind == "LayerNorm":
        return [(*pre, *p["normalized_shape"]) for pre in prefixes]
    if first.kind == "Conv1d":
        return [(n, p["in_channels"], sym("L")), (p["in_channels"], sym("L"))]
    if first.kind in ("Conv2d", "ConvTranspose2d"):
        return [(n, p["in_channels"], h, w), (p["in_channels"], h, w)]
    if first.kind in ("MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"):
        return [(n, sym("C"), h, w), (sym("C"), h, w)]
    if first.kind == "BatchNorm1d":
        return [(n, p["num_features"]), (n, p["num_features"], sym("L"))]
    if first.kind == "BatchNorm2d":
        return [(n, p["num_features"], h, w)]
    if first.kind == "TransformerEncoderLayer":
        return [(sym("S"), n, p["d_model"]), (sym("S"), p["d_model"])]
    # Any other layer (Embedding, Flatten, Softmax ...): every rank up to 4, all sizes symbolic.
    return [prefixes[0], *[(*pre, sym("C")) for pre in prefixes]]


def chain_error(spec: LayerSpec, user_symbols: set[str]) -> LayerShapeError | None:
    """The error a Sequential or Residual gives for *every* input, or ``None``.

    The layers' own rules run on probe inputs: one per rank the first informative layer accepts,
    with symbolic sizes (a rule reports an error on symbols only when no size could fit). The chain is
    wrong as written when every probe fails; the message is the first probe's, so it reads like the
    run time's with ``...`` for the batch dims: ``Sequential layer 2 (Linear[256, 10]) expects
    (..., 256), got (..., 512)``. A layer whose spec is not known, or a TypeVar named like a probe
    size, ends the check silently.
    """
    if user_symbols & set(_PROBE_NAMES):
        return None
    first = _first_informative(spec)
    if first is None:
        return None
    found: LayerShapeError | None = None
    for probe in _probes(first):
        try:
            layer(first, probe)
        except ShapeError:
            continue  # not an input of the first layer
        except Undetermined:
            return None
        try:
            layer(spec, probe)
        except LayerShapeError as e:
            found = found or e
            continue
        except (ShapeError, Undetermined):
            return None
        return None  # an input of this rank goes through
    return found
