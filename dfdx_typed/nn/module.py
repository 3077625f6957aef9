"""The Module base: parameters and sub-modules found by walking attributes, PyTorch key names.

A module holds its parameters as ordinary attributes (immutable :class:`Tensor` values) and its
sub-modules as attributes too, or inside lists, tuples and ``str``-keyed dicts. Walking them gives
PyTorch's names (``layers.0.weight``), so ``state_dict()`` loads straight into the equivalent
``torch.nn`` model. Attributes whose name starts with ``_`` are private and never walked.

Tensors are immutable: an optimizer or ``load_state_dict`` *replaces* the tensor in its slot. A slot is
an attribute, a list/dict entry, or a tuple position; every slot that holds the same tensor object is
replaced together, so tied weights stay tied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from .._backend import Array
from .._tensor import Tensor
from ..shapes.modules import LayerSpec, try_layer


class StateDictError(ValueError):
    """A state dict (or checkpoint) does not fit the module; nothing was changed.

    ``problems`` lists ``(key, what is wrong)`` for every key that does not fit.

    PyTorch: none — ``load_state_dict`` raises a ``RuntimeError`` (after copying what fits).
    """

    def __init__(self, op: str, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = "; ".join(f"'{key}': {what}" for key, what in problems)
        n = len(problems)
        super().__init__(
            f"{op}: {n} problem{'s' if n != 1 else ''}, the module was left unchanged: {lines}"
        )


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` skipped: ``missing_keys`` and ``unexpected_keys``.

    PyTorch: the ``_IncompatibleKeys`` pair ``load_state_dict`` returns.
    """

    missing_keys: list[str]
    unexpected_keys: list[str]


class Slot(NamedTuple):
    """One place a tensor lives in a module tree: its key, the tensor, how to replace it."""

    name: str
    tensor: Tensor[Any, Any]
    set: Callable[[Tensor[Any, Any]], None]
    is_buffer: bool


Entry = tuple[str, Any, Callable[[Any], None]]


def _entries_of(owner: Any, attr: str, value: Any) -> Iterator[Entry]:
    """The tensors and modules an attribute holds, each with a setter for its slot."""
    if isinstance(value, (Tensor, Module)):
        yield attr, value, lambda new: setattr(owner, attr, new)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (Tensor, Module)):

                def set_in_list(new: Any, i: int = i, items: list[Any] = value) -> None:
                    items[i] = new

                yield f"{attr}.{i}", v, set_in_list
    elif isinstance(value, tuple):
        for i, v in enumerate(value):
            if isinstance(v, (Tensor, Module)):

                def set_in_tuple(new: Any, i: int = i) -> None:
                    current = getattr(owner, attr)
                    setattr(owner, attr, (*current[:i], new, *current[i + 1:]))

                yield f"{attr}.{i}", v, set_in_tuple
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and isinstance(v, (Tensor, Module)):

                def set_in_dict(new: Any, k: str = k, d: dict[str, Any] = value) -> None:
                    d[k] = new

                yield f"{attr}.{k}", v, set_in_dict


def as_array(value: Any) -> Array:
    """A state-dict value (our Tensor, a numpy array, or anything with ``__array__`` such as a
    detached torch tensor) as a numpy array."""
    if isinstance(value, Tensor):
        return value._data
    return np.asarray(value)


def check_arrays(
    op: str, slots: Mapping[str, Slot], arrays: Mapping[str, Array], strict: bool
) -> IncompatibleKeys:
    """Every problem with loading ``arrays`` into ``slots``, raised together before anything changes."""
    problems: list[tuple[str, str]] = []
    missing = [k for k in slots if k not in arrays]
    unexpected = [k for k in arrays if k not in slots]
    if strict:
        problems += [(k, "missing from the state dict") for k in missing]
        problems += [(k, "unexpected key (the module has no such parameter or buffer)") for k in unexpected]
    for key, slot in slots.items():  # in the module's order, whatever order the file has
        arr = arrays.get(key)
        if arr is None:
            continue
        want = slot.tensor
        if arr.shape != want.shape:
            problems.append((key, f"shape {tuple(arr.shape)} != the module's {tuple(want.shape)}"))
        elif arr.dtype != want.dtype:
            problems.append((key, f"dtype {arr.dtype} != the module's {want.dtype}"))
        elif arr.dtype.kind == "f" and not bool(np.isfinite(arr).all()):
            bad = int((~np.isfinite(arr)).sum())
            problems.append((key, f"{bad} non-finite value{'s' if bad != 1 else ''} (NaN or inf)"))
    if problems:
        raise StateDictError(op, problems)
    return IncompatibleKeys(missing, unexpected)


def traced_if(param: Tensor[Any, Any], *inputs: Any) -> Tensor[Any, Any]:
    """``param.trace()`` when any of ``inputs`` is a traced tensor, else ``param``.

    A layer that transforms a parameter before it meets the input (``weight.mT``, a reshape, a slice)
    must trace it first: an untraced op records nothing, so the gradient would reach the transformed
    copy and ``grads[weight]`` would find none. ``trace()`` shares the parameter's gradient key, so the
    gradient lands on the parameter itself. dfdx: ``param.retaped()``; PyTorch needs nothing (every
    parameter ``requires_grad``).
    """
    if param.is_traced or not any(isinstance(x, Tensor) and x.is_traced for x in inputs):
        return param
    return param.trace()


def _layer_size(layer: str, name: str, value: Any, minimum: int = 0) -> int:
    """A layer's size argument (``in_features``, ``kernel_size``) as an int of at least ``minimum``.

    A float, a bool, a string or a tensor is a ``TypeError`` and a smaller int a ``ValueError``, each
    naming the layer and the argument (numpy's own errors would name neither).
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{layer}: {name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{layer}: {name} must be at least {minimum}, got {value}")
    return int(value)


def frozen(arr: Array) -> Tensor[Any, Any]:
    """A fresh immutable tensor owning a copy of ``arr``."""
    out = np.array(arr, copy=True)
    out.flags.writeable = False
    return Tensor._wrap(out)


class Module:
    """Base class of every layer and model.

    Subclasses set parameters (float :class:`Tensor` attributes), buffers (registered with
    :meth:`register_buffer`; integer tensors are always buffers) and sub-modules in ``__init__`` and
    define ``forward``. There is no ``train()``/``eval()``: layers such as Dropout and BatchNorm train
    when their input is traced and infer when it is not.

    PyTorch: ``torch.nn.Module``.
    """

    _buffer_names: frozenset[str] = frozenset()

    # --- calling ------------------------------------------------------------------------------

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The layer's computation; subclasses define it (call the module, not ``forward``).

        Shapes: each layer's own (see its ``forward``).

        PyTorch: ``torch.nn.Module.forward``.
        """
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward``; a single tensor input is first checked against the layer's shape rule.

        Shapes: as the layer's ``forward``.

        PyTorch: ``module(x)``.
        """
        if len(args) == 1 and not kwargs and isinstance(args[0], Tensor):
            spec = self.shape_spec()
            expected = try_layer(spec, args[0].shape) if spec is not None else None
            out = self.forward(*args)
            if expected is not None and isinstance(out, Tensor) and out.shape != expected:
                raise AssertionError(
                    f"internal error: {spec.label if spec else ''} returned {out.shape} but its "
                    f"shape rule says {expected}"
                )
            return out
        return self.forward(*args, **kwargs)

    def shape_spec(self) -> LayerSpec | None:
        """This layer as the shape rules see it (``None``: no rule; its forward checks itself).

        PyTorch: none — PyTorch layers carry no shape rule.
        """
        return None

    # --- walking ------------------------------------------------------------------------------

    def register_buffer(self, name: str, tensor: Tensor[Any, Any]) -> None:
        """Set a state tensor that is saved and loaded but not trained (BatchNorm's running mean).

        Shapes: ``tensor: (...)``, any shape; it is stored as is.

        PyTorch: ``module.register_buffer(name, tensor)``.
        """
        self._buffer_names = self._buffer_names | {name}
        setattr(self, name, tensor)

    def _entries(self) -> Iterator[Entry]:
        """Direct tensors and sub-modules, in attribute order, with their slot setters."""
        for attr, value in list(vars(self).items()):
            if not attr.startswith("_"):
                yield from _entries_of(self, attr, value)

    def _is_buffer(self, name: str, t: Tensor[Any, Any]) -> bool:
        return name in self._buffer_names or t.dtype.kind != "f"

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Direct sub-modules with their keys (``"layers.0"`` for a list entry).

        PyTorch: ``module.named_children()``.
        """
        for name, value, _ in self._entries():
            if isinstance(value, Module):
                yield name, value

    def children(self) -> Iterator[Module]:
        """Direct sub-modules.

        PyTorch: ``module.children()``.
        """
        for _, m in self.named_children():
            yield m

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and every sub-module (each once), pre-order.

        PyTorch: ``module.named_modules()``.
        """
        seen: set[int] = set()

        def walk(m: Module, path: str) -> Iterator[tuple[str, Module]]:
            if id(m) in seen:
                return
            seen.add(id(m))
            yield path, m
            for name, child in m.named_children():
                yield from walk(child, f"{path}.{name}" if path else name)

        yield from walk(self, prefix)

    def slots(self) -> list[Slot]:
        """Every tensor slot in the tree with its full key, in PyTorch's ``state_dict`` order.

        Own parameters, own buffers, then each child's. A module reached twice appears under both keys.

        PyTorch: none — the nearest is ``module.state_dict(keep_vars=True)``.
        """
        out: list[Slot] = []
        active: set[int] = set()

        def walk(m: Module, path: str) -> None:
            if id(m) in active:
                raise ValueError(f"the module tree has a cycle through '{path}'")
            active.add(id(m))
            entries = list(m._entries())
            own = [(n, v, s) for n, v, s in entries if isinstance(v, Tensor)]
            for buffers in (False, True):
                for name, t, setter in own:
                    if m._is_buffer(name, t) == buffers:
                        out.append(Slot(f"{path}{name}", t, setter, buffers))
            for name, child, _ in entries:
                if isinstance(child, Module):
                    walk(child, f"{path}{name}.")
            active.discard(id(m))

        walk(self, "")
        return out

    def named_parameters(self) -> Iterator[tuple[str, Tensor[Any, Any]]]:
        """``(key, tensor)`` for every trainable tensor, each tensor once (first key wins).

        Shapes: each tensor has its parameter's shape (``Linear(784, 512)``: ``weight`` ``(512, 784)``,
        ``bias`` ``(512,)``).

        PyTorch: ``module.named_parameters()``.
        """
        seen: set[int] = set()
        for slot in self.slots():
            if not slot.is_buffer and id(slot.tensor) not in seen:
                seen.add(id(slot.tensor))
                yield slot.name, slot.tensor

    def parameters(self) -> list[Tensor[Any, Any]]:
        """Every trainable tensor, each once.

        Shapes: each tensor has its parameter's shape (``Linear(784, 512)``: ``weight`` ``(512, 784)``,
        ``bias`` ``(512,)``).

        PyTorch: ``list(module.parameters())``.
        """
        return [t for _, t in self.named_parameters()]

    def named_buffers(self) -> Iterator[tuple[str, Tensor[Any, Any]]]:
        """``(key, tensor)`` for every buffer (saved, not trained).

        Shapes: each buffer's own (``BatchNorm2d(C)``: ``running_mean`` ``(C,)``,
        ``num_batches_tracked`` ``()``).

        PyTorch: ``module.named_buffers()``.
        """
        for slot in self.slots():
            if slot.is_buffer:
                yield slot.name, slot.tensor

    def num_parameters(self) -> int:
        """The number of trainable scalars.

        PyTorch: ``sum(p.numel() for p in module.parameters())``.
        """
        return sum(t.size for _, t in self.named_parameters())

    def state_dict(self) -> dict[str, Tensor[Any, Any]]:
        """Parameters and buffers by PyTorch key (``"0.weight"``, ``"0.bias"``, ...).

        Shapes: each tensor has its parameter's or buffer's shape, PyTorch's layout (``Linear(784, 512)``:
        ``"weight"`` ``(512, 784)``).

        ``{k: torch.tensor(v.numpy()) for k, v in m.state_dict().items()}`` loads into the equivalent
        ``torch.nn`` model.

        PyTorch: ``module.state_dict()``.
        """
        return {slot.name: slot.tensor for slot in self.slots()}

    def replace_tensors(self, new: Mapping[int, Tensor[Any, Any]]) -> None:
        """Put ``new[id(old)]`` in every slot that holds ``old`` (tied weights stay tied).

        Shapes: ``new: {id(old): (...)}``, each replacement normally of ``old``'s shape (not checked here:
        optimizers and ``load_state_dict`` check before they call this).

        How optimizers and loaders change an immutable tree.

        PyTorch: in-place ``param.copy_(new)``.
        """
        for slot in self.slots():
            t = new.get(id(slot.tensor))
            if t is not None:
                slot.set(t)

    def load_state_dict(self, state: Mapping[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Load parameters and buffers by key, after checking every key, shape, dtype and value.

        Missing or unexpected keys (when ``strict``), a shape or dtype that differs, or a NaN/inf raise
        :class:`StateDictError` naming each key, and leave the module unchanged.

        PyTorch: ``module.load_state_dict(state, strict)``.
        """
        arrays = {k: as_array(v) for k, v in state.items()}
        return self._load_arrays("load_state_dict", arrays, strict)

    def _load_arrays(self, op: str, arrays: Mapping[str, Array], strict: bool) -> IncompatibleKeys:
        slots = {s.name: s for s in self.slots()}
        result = check_arrays(op, slots, arrays, strict)
        # Replace by tensor, not by slot, so a tensor tied under two keys stays one tensor (the last
        # key's value wins, as PyTorch's copies into shared storage do).
        replaced = {id(slots[key].tensor): frozen(arr) for key, arr in arrays.items() if key in slots}
        self.replace_tensors(replaced)
        return result

    def astype(self, dtype: Any) -> Module:
        """Cast every float parameter and buffer to ``dtype`` in place; returns ``self``.

        PyTorch: ``module.to(dtype)`` / ``module.double()``.
        """
        dt = np.dtype(dtype)
        replaced: dict[int, Tensor[Any, Any]] = {}
        for slot in self.slots():
            if slot.tensor.dtype.kind == "f" and id(slot.tensor) not in replaced:
                replaced[id(slot.tensor)] = frozen(slot.tensor._data.astype(dt))
        self.replace_tensors(replaced)
        return self

    # --- printing -----------------------------------------------------------------------------

    def extra_repr(self) -> str:
        """The layer's settings as shown inside ``repr(module)`` (``in_features=784, ...``).

        PyTorch: ``torch.nn.Module.extra_repr()``.
        """
        return ""

    def __repr__(self) -> str:
        children = list(self.named_children())
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not children:
            return head + ")"
        lines = [head]
        for name, child in children:
            body = repr(child).replace("\n", "\n  ")
            lines.append(f"  ({name}): {body}")
        return "\n".join(lines) + "\n)"
