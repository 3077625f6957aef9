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
    """The tape type of an untraced tensor: operations on it record nothing.

    PyTorch: none — a tensor with ``requires_grad=False`` (here the tape is part of the type).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "NoneTape"


class OwnedTape:
    """The tape type of a traced tensor: operations on it are recorded for ``backward()``.

    PyTorch: none — a tensor with ``requires_grad=True`` (here the tape is part of the type).
    """

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
    :func:`dfdx_typed.zeros` and friends, not with this constructor. Operators: ``+ - * / ** @``,
    unary ``-``, comparisons (bool tensors) and ``x[index]``, with Python numbers on either side.

    PyTorch: ``torch.Tensor``.
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
        """The shape, as a tuple of ints (typed as ``S``).

        Shapes: ``self: (B, 784)`` -> ``(B, 784)``: ``x.shape[0]`` is a dim that can be passed on.

        PyTorch: ``x.shape``.
        """
        return self._data.shape

    @property
    def dtype(self) -> np.dtype[Any]:
        """The numpy dtype of the elements (float32 by default).

        PyTorch: ``x.dtype``.
        """
        return self._data.dtype

    @property
    def ndim(self) -> int:
        """The number of axes.

        Shapes: ``self: (B, 784)`` -> ``2``.

        PyTorch: ``x.ndim``.
        """
        return self._data.ndim

    @property
    def size(self) -> int:
        """The number of elements.

        Shapes: ``self: (B, 784)`` -> ``B * 784``.

        PyTorch: ``x.numel()`` (``torch.Tensor.size()`` is the shape).
        """
        return int(self._data.size)

    @property
    def tape(self) -> Any:
        """``OwnedTape()`` when traced, ``NoneTape()`` otherwise.

        PyTorch: none — the nearest is ``x.requires_grad``.
        """
        return _OWNED_TAPE if self._traced else _NONE_TAPE

    @property
    def is_traced(self) -> bool:
        """Whether operations on this tensor are recorded (its tape is ``OwnedTape``).

        PyTorch: ``x.requires_grad``.
        """
        return self._traced

    def numpy(self) -> Array:
        """A writable copy of the data.

        Shapes: ``self: (...)`` -> an ndarray of the same shape.

        ``torch.Tensor.numpy`` shares memory; tensors here are immutable, so the copy is what keeps them so.

        PyTorch: ``x.detach().numpy().copy()``.
        """
        return self._data.copy()

    def item(self) -> Any:
        """The single element as a Python number; a ``ValueError`` unless there is exactly one.

        Shapes: ``self: ()`` (or any shape with one element) -> a Python scalar.

        PyTorch: ``x.item()``.
        """
        return self._data.item()

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Array:
        """The data as a read-only ndarray, for ``np.asarray(x)``.

        Shapes: ``self: (...)`` -> an ndarray of the same shape.

        A copy when ``copy`` or a new ``dtype`` asks for one.

        PyTorch: ``x.numpy()``.
        """
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
        """The size of the first axis (``len(x)``); a ``TypeError`` for a 0-d tensor.

        Shapes: ``self: (B, ...)`` -> ``B``.

        PyTorch: ``len(x)``.
        """
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return int(self._data.shape[0])

    def __repr__(self) -> str:
        tape = ", OwnedTape" if self._traced else ""
        body = np.array2string(self._data, separator=", ", prefix="tensor(")
        return f"tensor({body}, shape={self._data.shape}, dtype={self._data.dtype}{tape})"

    def __bool__(self) -> bool:
        """The truth of the single element (``if x:``); a ``ValueError`` for more than one.

        Shapes: ``self: ()`` (or any shape with one element).

        PyTorch: ``bool(x)``.
        """
        if self._data.size != 1:
            raise ValueError(
                f"the truth value of a tensor of shape {self._data.shape} is ambiguous; "
                "use .item() on a one-element tensor"
            )
        return bool(self._data)

    # --- tape ---------------------------------------------------------------------------------

    def trace(self) -> Tensor[Any, Any]:
        """The same data, traced: operations on the result are recorded (``OwnedTape``).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        Gradients are keyed by the data, so ``grads[x]`` and ``grads[x.trace()]`` are the same.

        PyTorch: ``x.requires_grad_()`` (without changing ``x``: the result is a new tensor).
        """
        return Tensor._wrap(self._data, self._node, uid=self._uid, traced=True)

    def detach(self) -> Tensor[Any, Any]:
        """The same data, untraced (``NoneTape``), as a new tensor.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        Nothing done to it is recorded, and no gradient reaches the original through it (``x * x.detach()``
        gives ``x`` a gradient through its first factor only, as in PyTorch).

        PyTorch: ``x.detach()``.
        """
        return Tensor._wrap(self._data, None, traced=False)

    def backward(self, grads: Gradients | None = None) -> Gradients:
        """Gradients of this traced 0-d tensor with respect to every tensor that took part.

        Shapes: ``self: ()``; each ``grads[t]`` has ``t``'s shape.

        Pass the ``grads`` of an earlier backward to accumulate into them. Calling it on an untraced or a
        non-0-d tensor is a ``TapeError`` (and a mypy error with the plugin).

        PyTorch: ``loss.backward()`` (gradients are returned, not stored on tensors).
        """
        from ._tape import backward

        return backward(self, grads)

    # --- operators ----------------------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor[Any, Any]:
        """``self + other`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``x + other``.
        """
        return _ops.add(self, other)

    def __radd__(self, other: Any) -> Tensor[Any, Any]:
        """``other + self`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``other + x``.
        """
        return _ops.add(other, self)

    def __sub__(self, other: Any) -> Tensor[Any, Any]:
        """``self - other`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``x - other``.
        """
        return _ops.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor[Any, Any]:
        """``other - self`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``other - x``.
        """
        return _ops.sub(other, self)

    def __mul__(self, other: Any) -> Tensor[Any, Any]:
        """``self * other`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``x * other``.
        """
        return _ops.mul(self, other)

    def __rmul__(self, other: Any) -> Tensor[Any, Any]:
        """``other * self`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``other * x``.
        """
        return _ops.mul(other, self)

    def __truediv__(self, other: Any) -> Tensor[Any, Any]:
        """``self / other`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``x / other``.
        """
        return _ops.div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor[Any, Any]:
        """``other / self`` with numpy broadcasting.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``other / x``.
        """
        return _ops.div(other, self)

    def __pow__(self, exponent: float) -> Tensor[Any, Any]:
        """``self ** exponent`` for a Python-number exponent.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x ** exponent``.
        """
        return _ops.pow(self, exponent)

    def __neg__(self) -> Tensor[Any, Any]:
        """``-self``.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``-x``.
        """
        return _ops.neg(self)

    def __matmul__(self, other: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``self @ other``: matrix product, batch dims broadcast (see ``dt.matmul``).

        Shapes: ``self: (..., N, K)``, ``other: (..., K, M)`` -> ``(..., N, M)``.

        PyTorch: ``x @ other``.
        """
        return _ops.matmul(self, other)

    def __rmatmul__(self, other: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``other @ self``: matrix product, batch dims broadcast (see ``dt.matmul``).

        Shapes: ``other: (..., N, K)``, ``self: (..., K, M)`` -> ``(..., N, M)``.

        PyTorch: ``other @ x``.
        """
        return _ops.matmul(other, self)

    def __getitem__(self, index: Any) -> Tensor[Any, Any]:
        """``x[index]``: ints, slices, ``None``, ``...``, integer tensors, bool masks (``dt.getitem``).

        Shapes: ``self: (A, B, C)``: ``x[0]`` -> ``(B, C)``; ``x[:, 1:3]`` -> ``(A, 2, C)``; ``x[None]`` ->
        ``(1, A, B, C)``; ``x[..., 0]`` -> ``(A, B)``.

        PyTorch: ``x[index]``.
        """
        return _ops.getitem(self, index)

    # --- comparisons (bool tensors, never traced) ----------------------------------------------

    # __eq__ is elementwise, so the identity hash is kept explicitly: tensors stay usable as dict
    # keys and set members (by identity, as torch.Tensor).
    __hash__ = object.__hash__

    def __lt__(self, other: Any) -> Tensor[Any, Any]:
        """``self < other`` elementwise; a bool tensor, never traced.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape, bool; ``other`` may be a Python
        number.

        PyTorch: ``x < other``.
        """
        return _ops.lt(self, other)

    def __le__(self, other: Any) -> Tensor[Any, Any]:
        """``self <= other`` elementwise; a bool tensor, never traced.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape, bool; ``other`` may be a Python
        number.

        PyTorch: ``x <= other``.
        """
        return _ops.le(self, other)

    def __gt__(self, other: Any) -> Tensor[Any, Any]:
        """``self > other`` elementwise; a bool tensor, never traced.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape, bool; ``other`` may be a Python
        number.

        PyTorch: ``x > other``.
        """
        return _ops.gt(self, other)

    def __ge__(self, other: Any) -> Tensor[Any, Any]:
        """``self >= other`` elementwise; a bool tensor, never traced.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape, bool; ``other`` may be a Python
        number.

        PyTorch: ``x >= other``.
        """
        return _ops.ge(self, other)

    def __eq__(self, other: object) -> Any:
        """``self == other`` elementwise; a bool tensor, never traced (tensors still hash by identity).

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape, bool; ``other`` may be a Python
        number.

        PyTorch: ``x == other``.
        """
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return _ops.eq(self, other)

    def __ne__(self, other: object) -> Any:
        """``self != other`` elementwise; a bool tensor, never traced.

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape, bool; ``other`` may be a Python
        number.

        PyTorch: ``x != other``.
        """
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return _ops.ne(self, other)

    # --- selection ------------------------------------------------------------------------------

    def argmax(self, axis: int | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        """Index (int64) of the first maximum along ``axis`` (``None``: of the flattened tensor).

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.argmax(dim=axis, keepdim=keepdims)``.
        """
        return _ops.argmax(self, axis=axis, keepdims=keepdims)

    def argmin(self, axis: int | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        """Index (int64) of the first minimum along ``axis`` (``None``: of the flattened tensor).

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.argmin(dim=axis, keepdim=keepdims)``.
        """
        return _ops.argmin(self, axis=axis, keepdims=keepdims)

    def roll(self, shifts: Any, axis: Any = None) -> Tensor[Any, Any]:
        """Shift entries along ``axis`` cyclically (``axis=None``: the flattened tensor).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.roll(shifts, dims=axis)``.
        """
        return _ops.roll(self, shifts, axis=axis)

    def tril(self, diagonal: int = 0) -> Tensor[Any, Any]:
        """Zero above the ``diagonal``-th diagonal of the last two dims.

        Shapes: ``self: (..., M, N)`` -> same shape as ``self``.

        PyTorch: ``x.tril(diagonal)``.
        """
        return _ops.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor[Any, Any]:
        """Zero below the ``diagonal``-th diagonal of the last two dims.

        Shapes: ``self: (..., M, N)`` -> same shape as ``self``.

        PyTorch: ``x.triu(diagonal)``.
        """
        return _ops.triu(self, diagonal)

    def gather(self, axis: int, index: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``out[i][j] = x[i][index[i][j]]`` (for ``axis=1``; see ``dt.gather``).

        Shapes: ``self: (B, N)``, ``index: (B, K)``, ``axis=1`` -> ``(B, K)`` (``index``'s shape).

        PyTorch: ``x.gather(axis, index)``.
        """
        return _ops.gather(self, axis, index)

    # --- unary --------------------------------------------------------------------------------

    def exp(self) -> Tensor[Any, Any]:
        """``e**x``, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.exp()``.
        """
        return _ops.exp(self)

    def log(self) -> Tensor[Any, Any]:
        """Natural logarithm, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.log()``.
        """
        return _ops.log(self)

    def sqrt(self) -> Tensor[Any, Any]:
        """Square root, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.sqrt()``.
        """
        return _ops.sqrt(self)

    def square(self) -> Tensor[Any, Any]:
        """``x * x``, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.square()``.
        """
        return _ops.square(self)

    def abs(self) -> Tensor[Any, Any]:
        """``|x|``, elementwise (gradient 0 at 0).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.abs()``.
        """
        return _ops.abs(self)

    def sin(self) -> Tensor[Any, Any]:
        """Sine, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.sin()``.
        """
        return _ops.sin(self)

    def cos(self) -> Tensor[Any, Any]:
        """Cosine, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.cos()``.
        """
        return _ops.cos(self)

    def tanh(self) -> Tensor[Any, Any]:
        """Hyperbolic tangent, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.tanh()``.
        """
        return _ops.tanh(self)

    def sigmoid(self) -> Tensor[Any, Any]:
        """``1 / (1 + e**-x)``, elementwise, stable for large ``|x|``.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.sigmoid()``.
        """
        return _ops.sigmoid(self)

    def relu(self) -> Tensor[Any, Any]:
        """``max(x, 0)``, elementwise (gradient 0 at 0).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.relu()``.
        """
        return _ops.relu(self)

    def gelu(self, approximate: str = "none") -> Tensor[Any, Any]:
        """GELU, exact (``approximate="none"``) or ``"tanh"``.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``F.gelu(x, approximate=approximate)``.
        """
        return _ops.gelu(self, approximate=approximate)

    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor[Any, Any]:
        """``x if x > 0 else negative_slope * x``, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``F.leaky_relu(x, negative_slope)``.
        """
        return _ops.leaky_relu(self, negative_slope=negative_slope)

    def clamp(self, min: float | None = None, max: float | None = None) -> Tensor[Any, Any]:
        """Limit to ``[min, max]`` (either bound may be None).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.clamp(min, max)``.
        """
        return _ops.clamp(self, min=min, max=max)

    def recip(self) -> Tensor[Any, Any]:
        """``1 / x``, elementwise.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.reciprocal()``.
        """
        return _ops.recip(self)

    def neg(self) -> Tensor[Any, Any]:
        """``-x``.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.neg()``.
        """
        return _ops.neg(self)

    def maximum(self, other: Any) -> Tensor[Any, Any]:
        """Elementwise maximum with numpy broadcasting (ties share the gradient).

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``torch.maximum(x, other)``.
        """
        return _ops.maximum(self, other)

    def minimum(self, other: Any) -> Tensor[Any, Any]:
        """Elementwise minimum with numpy broadcasting (ties share the gradient).

        Shapes: ``self: (...)``, ``other: (...)`` -> their broadcast shape; ``other`` may be a Python number.

        PyTorch: ``torch.minimum(x, other)``.
        """
        return _ops.minimum(self, other)

    # --- reductions ---------------------------------------------------------------------------

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        """Sum over ``axis`` (int, tuple, negative, or None for all).

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.sum(dim=axis, keepdim=keepdims)``.
        """
        return _ops.sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        """Mean over ``axis``.

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.mean(dim=axis, keepdim=keepdims)``.
        """
        return _ops.mean(self, axis=axis, keepdims=keepdims)

    def max(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        """Maximum over ``axis``; tied maxima share the gradient.

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.amax(dim=axis, keepdim=keepdims)``.
        """
        return _ops.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
        """Minimum over ``axis``; tied minima share the gradient.

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.amin(dim=axis, keepdim=keepdims)``.
        """
        return _ops.min(self, axis=axis, keepdims=keepdims)

    def var(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
    ) -> Tensor[Any, Any]:
        """Variance over ``axis`` with ``ddof`` (default 0: biased, as numpy).

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.var(dim=axis, keepdim=keepdims, correction=ddof)``.
        """
        return _ops.var(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def std(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
    ) -> Tensor[Any, Any]:
        """Standard deviation over ``axis`` with ``ddof`` (default 0: biased, as numpy).

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.std(dim=axis, keepdim=keepdims, correction=ddof)``.
        """
        return _ops.std(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def logsumexp(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
    ) -> Tensor[Any, Any]:
        """``log(sum(exp(x)))`` over ``axis``, computed stably.

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``;
        ``axis=None``: ``()``.

        PyTorch: ``x.logsumexp(dim=axis, keepdim=keepdims)``.
        """
        return _ops.logsumexp(self, axis=axis, keepdims=keepdims)

    def softmax(self, axis: int = -1) -> Tensor[Any, Any]:
        """``exp(x) / sum(exp(x))`` along ``axis``, computed stably.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.softmax(dim=axis)``.
        """
        return _ops.softmax(self, axis=axis)

    def log_softmax(self, axis: int = -1) -> Tensor[Any, Any]:
        """``x - logsumexp(x)`` along ``axis``, computed stably.

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.log_softmax(dim=axis)``.
        """
        return _ops.log_softmax(self, axis=axis)

    def normalize(self, axis: int = -1, eps: float = 1e-5) -> Tensor[Any, Any]:
        """``(x - mean) / sqrt(var + eps)`` along ``axis`` (layer norm without the affine part).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``F.layer_norm(x, x.shape[-1:], eps=eps)`` for ``axis=-1``.
        """
        return _ops.normalize(self, axis=axis, eps=eps)

    # --- shape --------------------------------------------------------------------------------

    def broadcast_to(self, shape: tuple[int, ...]) -> Tensor[Any, Any]:
        """Broadcast to ``shape`` (dims equal or 1; new leading dims allowed).

        Shapes: ``self: (1, N)``, ``shape=(B, N)`` -> ``(B, N)``.

        PyTorch: ``x.expand(shape)``.
        """
        return _ops.broadcast_to(self, shape)

    def permute(self, *axes: int) -> Tensor[Any, Any]:
        """Reorder the axes; ``axes`` is a permutation of ``range(x.ndim)``.

        Shapes: ``self: (B, C, H, W)``, ``permute(0, 2, 3, 1)`` -> ``(B, H, W, C)``.

        PyTorch: ``x.permute(*axes)``.
        """
        return _ops.permute(self, *axes)

    def transpose(self, axis0: int, axis1: int) -> Tensor[Any, Any]:
        """Swap two axes.

        Shapes: ``self: (B, S, D)``, ``transpose(1, 2)`` -> ``(B, D, S)``.

        PyTorch: ``x.transpose(axis0, axis1)``.
        """
        return _ops.transpose(self, axis0, axis1)

    @property
    def T(self) -> Tensor[Any, Any]:
        """All axes reversed (numpy's ``.T``).

        Shapes: ``self: (A, B, C)`` -> ``(C, B, A)``.

        PyTorch: ``x.permute(*reversed(range(x.ndim)))`` (``x.T`` for 2-d).
        """
        return _ops.permute(self, *reversed(range(self._data.ndim)))

    @property
    def mT(self) -> Tensor[Any, Any]:
        """The last two axes swapped (a batch of matrices, transposed).

        Shapes: ``self: (..., M, N)`` -> ``(..., N, M)``.

        PyTorch: ``x.mT``.
        """
        return _ops.matrix_transpose(self)

    def reshape(self, shape: tuple[int, ...]) -> Tensor[Any, Any]:
        """Same elements, new shape; one dim may be ``-1`` (inferred).

        Shapes: ``self: (B, 784)``, ``shape=(B, 28, 28)`` -> ``(B, 28, 28)``; the element counts must
        agree.

        PyTorch: ``x.reshape(shape)``.
        """
        return _ops.reshape(self, shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor[Any, Any]:
        """Merge dims ``start_dim..end_dim`` into one.

        Shapes: ``self: (B, C, H, W)``, ``flatten(1)`` -> ``(B, Mul[C, H, W])``.

        PyTorch: ``x.flatten(start_dim, end_dim)``.
        """
        return _ops.flatten(self, start_dim=start_dim, end_dim=end_dim)

    def squeeze(self, axis: int | tuple[int, ...] | None = None) -> Tensor[Any, Any]:
        """Remove size-1 axes (all of them, or the given ones, which must be 1).

        Shapes: ``self: (B, 1, N)``, ``axis=1`` (or ``None``) -> ``(B, N)``.

        PyTorch: ``x.squeeze(dim)`` (which ignores non-1 dims; this library rejects them).
        """
        return _ops.squeeze(self, axis=axis)

    def unsqueeze(self, axis: int | tuple[int, ...]) -> Tensor[Any, Any]:
        """Insert size-1 axes at ``axis`` (positions in the result).

        Shapes: ``self: (B, N)``, ``axis=1`` -> ``(B, 1, N)``.

        PyTorch: ``x.unsqueeze(dim)``.
        """
        return _ops.unsqueeze(self, axis=axis)

    def realize(self, shape: tuple[int, ...]) -> Tensor[Any, Any]:
        """The same tensor with its shape type narrowed to ``shape``, checked at run time.

        Shapes: ``self: (int, 10)``, ``shape=(4, 10)`` -> ``(4, 10)``; a size that differs is a
        ``ShapeError``.

        PyTorch: none — PyTorch shapes are not types (nearest: ``assert x.shape == shape``).
        """
        return _ops.realize(self, shape)

    def astype(self, dtype: Any) -> Tensor[Any, Any]:
        """The same values in another dtype (``float32``/``float64``/ints).

        Shapes: ``self: (...)`` -> same shape as ``self``.

        PyTorch: ``x.to(dtype)``.
        """
        return _ops.astype(self, dtype)


from . import ops as _ops  # noqa: E402  (ops import Tensor; methods look them up at call time)
