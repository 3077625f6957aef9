"""The Tensor: an immutable numpy array with a shape type and a tape type.

At run time a tensor is traced (``OwnedTape``: ops on it are recorded) or not (``NoneTape``: ops record
nothing). Methods are thin: each forwards to the op of the same name in :mod:`dfdx_typed.ops`, where
the shape rule, forward and vjp live.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Generic

import numpy as np
from typing_extensions import TypeVar

from ._backend import Array

if TYPE_CHECKING:
    from ._tape import Gradients


class NoneTape:
    """The tape type of an untraced tensor: operations on it record nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NoneTape"


class OwnedTape:
    """The tape type of a traced tensor: operations on it are recorded for ``backward()``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OwnedTape"


S = TypeVar("S", bound=tuple[Any, ...], covariant=True)
T = TypeVar("T", covariant=True, default=NoneTape)

_NONE_TAPE = NoneTape()
_OWNED_TAPE = OwnedTape()
_uids = itertools.count()


class Tensor(Generic[S, T]):
    """An immutable n-dimensional array whose shape ``S`` and tape ``T`` are part of its type.

    ``Tensor[tuple[L[4], L[10]]]`` is an untraced 4x10 tensor; ``Tensor[tuple[B, L[10]], OwnedTape]``
    a traced one with a symbolic batch. Create tensors with :func:`dfdx_typed.tensor`,
    :func:`dfdx_typed.zeros` and friends, not with this constructor.
    """

    __slots__ = ("_data", "_uid", "_node", "_traced", "__weakref__")
    # numpy must not run its own operator on a tensor (np.float64(2) * t would return an ndarray):
    # with this, numpy defers and the tensor's reflected operator runs.
    __array_ufunc__ = None
    _data: Array
    _uid: int
    _node: Any
    _traced: bool

    def __init__(self, data: Any) -> None:
        arr = np.array(data)
        arr.flags.writeable = False
        self._data = arr
        self._uid = next(_uids)
        self._node = None
        self._traced = False

    @classmethod
    def _wrap(
        cls, data: Array, node: Any = None, *, uid: int | None = None, traced: bool | None = None
    ) -> Tensor[Any, Any]:
        t: Tensor[Any, Any] = object.__new__(cls)
        t._data = data
        t._uid = next(_uids) if uid is None else uid
        t._node = node
        t._traced = node is not None if traced is None else traced
        return t

    # --- data ---------------------------------------------------------------------------------

    @property
    def shape(self) -> Any:
        """The shape, as a tuple of ints (typed as ``S``)."""
        return self._data.shape

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._data.dtype

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def size(self) -> int:
        return int(self._data.size)

    @property
    def tape(self) -> Any:
        """``OwnedTape()`` when traced, ``NoneTape()`` otherwise."""
        return _OWNED_TAPE if self._traced else _NONE_TAPE

    @property
    def is_traced(self) -> bool:
        return self._traced

    def numpy(self) -> Array:
        """A writable copy of the data (``torch.Tensor.numpy`` shares memory; tensors here are
        immutable, so the copy is what keeps them so)."""
        return self._data.copy()

    def item(self) -> Any:
        return self._data.item()

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Array:
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        if copy:
            return self._data.copy()
        return self._data

    def __copy__(self) -> Tensor[Any, Any]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Tensor[Any, Any]:
        """A new tensor with its own copy of the data and its own identity (no shared gradient),
        untraced; so ``copy.deepcopy(module)`` gives independent parameters."""
        data = self._data.copy()
        data.flags.writeable = False
        return Tensor._wrap(data)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return int(self._data.shape[0])

    def __repr__(self) -> str:
        tape = ", OwnedTape" if self._traced else ""
        body = np.array2string(self._data, separator=", ", prefix="tensor(")
        return f"tensor({body}, shape={self._data.shape}, dtype={self._data.dtype}{tape})"

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise ValueError(
                f"the truth value of a tensor of shape {self._data.shape} is ambiguous; "
                "use .item() on a one-element tensor"
            )
        return bool(self._data)

    # --- tape ---------------------------------------------------------------------------------

    def trace(self) -> Tensor[Any, Any]:
        """The same data, traced: operations on the result are recorded (``OwnedTape``).

        Gradients are keyed by the data, so ``grads[x]`` and ``grads[x.trace()]`` are the same.
        """
        return Tensor._wrap(self._data, self._node, uid=self._uid, traced=True)

    def detach(self) -> Tensor[Any, Any]:
        """The same data, untraced (``NoneTape``), as a new tensor: nothing done to it is recorded,
        and no gradient reaches the original through it (``x * x.detach()`` gives ``x`` a gradient
        through its first factor only, as in PyTorch)."""
        return Tensor._wrap(self._data, None, traced=False)

    def backward(self, grads: Gradients | None = None) -> Gradients:
        """Gradients of this traced 0-d tensor with respect to every tensor that took part.

        Pass the ``grads`` of an earlier backward to accumulate into them.
        PyTorch: ``loss.backward()`` (gradients are returned, not stored on tensors).
        """
        from ._tape import backward

        return backward(self, grads)

    # --- operators ----------------------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.add(self, other)

    def __radd__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.add(other, self)

    def __sub__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.sub(other, self)

    def __mul__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.mul(self, other)

    def __rmul__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.mul(other, self)

    def __truediv__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.div(other, self)

    def __pow__(self, exponent: float) -> Tensor[Any, Any]:
        return _ops.pow(self, exponent)

    def __neg__(self) -> Tensor[Any, Any]:
        return _ops.neg(self)

    def __matmul__(self, other: Tensor[Any, Any]) -> Tensor[Any, Any]:
        return _ops.matmul(self, other)

    def __rmatmul__(self, other: Tensor[Any, Any]) -> Tensor[Any, Any]:
        return _ops.matmul(other, self)

    def __getitem__(self, index: Any) -> Tensor[Any, Any]:
        return _ops.getitem(self, index)

    # --- comparisons (bool tensors, never traced) ----------------------------------------------

    # __eq__ is elementwise, so the identity hash is kept explicitly: tensors stay usable as dict
    # keys and set members (by identity, as torch.Tensor).
    __hash__ = object.__hash__

    def __lt__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.lt(self, other)

    def __le__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.le(self, other)

    def __gt__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.gt(self, other)

    def __ge__(self, other: Any) -> Tensor[Any, Any]:
        return _ops.ge(self, other)

    def __eq__(self, other: object) -> Any:
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return _ops.eq(self, other)

    def __ne__(self, other: object) -> Any:
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return _ops.ne(self, other)

    # --- selection ------------------------------------------------------------------------------

    def argmax(self, axis: int | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        return _ops.argmax(self, axis=axis, keepdims=keepdims)

    def argmin(self, axis: int | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        return _ops.argmin(self, axis=axis, keepdims=keepdims)

    def roll(self, shifts: Any, axis: Any = None) -> Tensor[Any, Any]:
        return _ops.roll(self, shifts, axis=axis)

    def tril(self, diagonal: int = 0) -> Tensor[Any, Any]:
        return _ops.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor[Any, Any]:
        return _ops.triu(self, diagonal)

    def gather(self, axis: int, index: Tensor[Any, Any]) -> Tensor[Any, Any]:
        return _ops.gather(self, axis, index)

    # --- unary --------------------------------------------------------------------------------

    def exp(self) -> Tensor[Any, Any]:
        return _ops.exp(self)

    def log(self) -> Tensor[Any, Any]:
        return _ops.log(self)

    def sqrt(self) -> Tensor[Any, Any]:
        return _ops.sqrt(self)

    def square(self) -> Tensor[Any, Any]:
        return _ops.square(self)

    def abs(self) -> Tensor[Any, Any]:
        return _ops.abs(self)

    def sin(self) -> Tensor[Any, Any]:
        return _ops.sin(self)

    def cos(self) -> Tensor[Any, Any]:
        return _ops.cos(self)

    def tanh(self) -> Tensor[Any, Any]:
        return _ops.tanh(self)

    def sigmoid(self) -> Tensor[Any, Any]:
        return _ops.sigmoid(self)

    def relu(self) -> Tensor[Any, Any]:
        return _ops.relu(self)

    def gelu(self, approximate: str = "none") -> Tensor[Any, Any]:
        return _ops.gelu(self, approximate=approximate)

    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor[Any, Any]:
        return _ops.leaky_relu(self, negative_slope=negative_slope)

    def clamp(self, min: float | None = None, max: float | None = None) -> Tensor[Any, Any]:
        return _ops.clamp(self, min=min, max=max)

    def recip(self) -> Tensor[Any, Any]:
        return _ops.recip(self)

    def neg(self) -> Tensor[Any, Any]:
        return _ops.neg(self)

    def maximum(self, other: Any) -> Tensor[Any, Any]:
        return _ops.maximum(self, other)

    def minimum(self, other: Any) -> Tensor[Any, Any]:
        return _ops.minimum(self, other)

    # --- reductions ---------------------------------------------------------------------------

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        return _ops.sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        return _ops.mean(self, axis=axis, keepdims=keepdims)

    def max(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        return _ops.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        return _ops.min(self, axis=axis, keepdims=keepdims)

    def var(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
    ) -> Tensor[Any, Any]:
        return _ops.var(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def std(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
    ) -> Tensor[Any, Any]:
        return _ops.std(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def logsumexp(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
    ) -> Tensor[Any, Any]:
        return _ops.logsumexp(self, axis=axis, keepdims=keepdims)

    def softmax(self, axis: int = -1) -> Tensor[Any, Any]:
        return _ops.softmax(self, axis=axis)

    def log_softmax(self, axis: int = -1) -> Tensor[Any, Any]:
        return _ops.log_softmax(self, axis=axis)

    def normalize(self, axis: int = -1, eps: float = 1e-5) -> Tensor[Any, Any]:
        return _ops.normalize(self, axis=axis, eps=eps)

    # --- shape --------------------------------------------------------------------------------

    def broadcast_to(self, shape: tuple[int, ...]) -> Tensor[Any, Any]:
        return _ops.broadcast_to(self, shape)

    def permute(self, *axes: int) -> Tensor[Any, Any]:
        return _ops.permute(self, *axes)

    def transpose(self, axis0: int, axis1: int) -> Tensor[Any, Any]:
        return _ops.transpose(self, axis0, axis1)

    @property
    def T(self) -> Tensor[Any, Any]:
        """All axes reversed (numpy's ``.T``)."""
        return _ops.permute(self, *reversed(range(self._data.ndim)))

    @property
    def mT(self) -> Tensor[Any, Any]:
        """The last two axes swapped (a batch of matrices, transposed)."""
        return _ops.matrix_transpose(self)

    def reshape(self, shape: tuple[int, ...]) -> Tensor[Any, Any]:
        return _ops.reshape(self, shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor[Any, Any]:
        return _ops.flatten(self, start_dim=start_dim, end_dim=end_dim)

    def squeeze(self, axis: int | tuple[int, ...] | None = None) -> Tensor[Any, Any]:
        return _ops.squeeze(self, axis=axis)

    def unsqueeze(self, axis: int | tuple[int, ...]) -> Tensor[Any, Any]:
        return _ops.unsqueeze(self, axis=axis)

    def realize(self, shape: tuple[int, ...]) -> Tensor[Any, Any]:
        """The same tensor with its shape narrowed to ``shape``, checked at run time."""
        return _ops.realize(self, shape)

    def astype(self, dtype: Any) -> Tensor[Any, Any]:
        return _ops.astype(self, dtype)


from . import ops as _ops  # noqa: E402  (ops import Tensor; methods look them up at call time)
