"""Sequential and Residual: the containers whose wiring the shape rules check, layer by layer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._tensor import Tensor
from ..shapes.layer_specs import residual_spec, sequential_spec
from ..shapes.modules import LayerShapeError, LayerSpec, in_container, residual_result
from .module import Entry, Module


class Sequential(Module):
    """Layers applied in order; sub-module keys are ``"0"``, ``"1"``, ... as in PyTorch.

    Each layer's input is checked against its shape rule before it runs, so a pipeline that does not
    connect fails with the message the type checker gives::

        Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (4, 512)

    PyTorch: ``torch.nn.Sequential(*layers)``.
    """

    def __init__(self, *layers: Module) -> None:
        for i, m in enumerate(layers):
            if not isinstance(m, Module):
                raise TypeError(f"Sequential: layer {i} is a {type(m).__name__}, not a Module")
        self._layers: list[Module] = list(layers)

    def _entries(self) -> Iterator[Entry]:
        for i, m in enumerate(self._layers):

            def set_layer(new: Any, i: int = i) -> None:
                self._layers[i] = new

            yield str(i), m, set_layer

    def __len__(self) -> int:
        """The number of layers.

        PyTorch: ``len(sequential)``.
        """
        return len(self._layers)

    def __getitem__(self, i: int) -> Module:
        """The layer at position ``i``.

        PyTorch: ``sequential[i]``.
        """
        return self._layers[i]

    def __iter__(self) -> Iterator[Module]:
        """The layers, in order.

        PyTorch: ``iter(sequential)``.
        """
        return iter(self._layers)

    def append(self, m: Module) -> Sequential:
        """Add a layer at the end; returns ``self``.

        PyTorch: ``torch.nn.Sequential.append(module)``.
        """
        self._layers.append(m)
        return self

    def shape_spec(self) -> LayerSpec:
        return sequential_spec([m.shape_spec() for m in self._layers])

    def forward(self, x: Any) -> Any:
        """Each layer applied to the previous one's output, each input checked against its layer's rule.

        Shapes: ``x: (...)``, the first layer's input -> the last layer's output
        (``Sequential(Linear(784, 256), ReLU(), Linear(256, 10))`` maps ``(B, 784)`` to ``(B, 10)``).

        PyTorch: ``torch.nn.Sequential(*layers)(x)``.
        """
        for i, m in enumerate(self._layers):
            try:
                # Calling a module checks its input against its shape rule (Module.__call__).
                x = m(x)
            except LayerShapeError as e:
                raise in_container("Sequential", str(i), e) from None
        return x


class Residual(Module):
    """``x + block(x)``; ``block`` must return the shape it is given. Its keys are ``block.*``.

    PyTorch: none — a custom module whose ``forward`` returns ``x + self.block(x)``.
    """

    def __init__(self, block: Module) -> None:
        self.block = block

    def shape_spec(self) -> LayerSpec:
        return residual_spec(self.block.shape_spec())

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``x + block(x)``.

        Shapes: ``x: (...)`` -> same shape as ``x`` (``block`` must keep it).

        PyTorch: none — ``x + block(x)`` in a custom module's ``forward``.
        """
        try:
            inner: Tensor[Any, Any] = self.block(x)
        except LayerShapeError as e:
            raise in_container("Residual", "block", e) from None
        residual_result(self.shape_spec(), x.shape, inner.shape)
        return x + inner
