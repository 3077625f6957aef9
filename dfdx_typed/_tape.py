"""Backward: an iterative reverse pass over recorded nodes, and the Gradients it returns.

Gradients reach every tensor that took part in a traced op, traced or not (that is how a model's
parameters get theirs when only the input was traced, as in dfdx). Gradients of leaves are computed
lazily: backward stores how to compute each one and :class:`Gradients` does it the first time it is
read, so a gradient nobody reads (the input batch's, the target's) costs nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._backend import Array, sum_to
from ._registry import NONDIFF, Node, Vjp
from ._tensor import Tensor
from .shapes import check_backward, format_shape


class _Pending:
    """The gradient of one leaf operand of one node, not computed yet.

    It keeps only what the vjp reads (not the node, whose parents would keep the whole graph alive).
    """

    __slots__ = ("fn", "g", "ans", "inputs", "params", "shape", "unbroadcast")

    def __init__(self, fn: Vjp, node: Node, index: int, g: Array) -> None:
        self.fn = fn
        self.g = g
        self.ans = node.ans
        self.inputs = node.inputs
        self.params = node.params
        self.shape = node.shapes[index]
        self.unbroadcast = node.prim.unbroadcast

    def compute(self) -> Array:
        grad: Array = self.fn(self.g, self.ans, *self.inputs, **self.params)
        return _fit(grad, self.shape, self.unbroadcast)


def _fit(grad: Any, shape: tuple[int, ...], unbroadcast: bool) -> Array:
    out: Array = grad if type(grad) is np.ndarray else np.asarray(grad)
    return sum_to(out, shape) if unbroadcast and out.shape != shape else out


class Gradients:
    """Gradients from ``loss.backward()``, indexed by tensor: ``grads[w]`` has ``w``'s shape.

    Pass it back to ``backward(grads)`` to accumulate over several passes.

    PyTorch: the ``.grad`` attributes that ``loss.backward()`` fills (here returned, not stored).
    """

    __slots__ = ("_entries", "_meta")

    def __init__(self) -> None:
        # uid -> computed array, or the pending pieces not summed yet.
        self._entries: dict[int, Array | list[_Pending]] = {}
        self._meta: dict[int, tuple[tuple[int, ...], np.dtype[Any]]] = {}

    def _add_pending(self, uid: int, p: _Pending, shape: tuple[int, ...], dtype: Any) -> None:
        entry = self._entries.get(uid)
        if entry is None:
            self._entries[uid] = [p]
            self._meta[uid] = (shape, dtype)
        elif type(entry) is list and len(entry) < 8:
            entry.append(p)
        else:
            # Bound the memory pending pieces hold: fold them into an array.
            self._store(uid, self._materialize(uid) + p.compute())

    def _add_array(self, uid: int, g: Array, shape: tuple[int, ...], dtype: Any) -> None:
        if uid in self._entries:
            self._store(uid, self._materialize(uid) + g)
        else:
            self._meta[uid] = (shape, dtype)
            self._store(uid, g)

    def _store(self, uid: int, total: Any) -> Array:
        """Keep ``total`` as the gradient of ``uid``: in the leaf's dtype and shape, read-only."""
        shape, dtype = self._meta[uid]
        out: Array = total
        if type(out) is not np.ndarray or out.dtype != dtype:
            out = np.asarray(out, dtype=dtype)
        if out.shape != shape:
            out = out.reshape(shape)
        out.setflags(write=False)
        self._entries[uid] = out
        return out

    def _materialize(self, uid: int) -> Array:
        entry = self._entries[uid]
        if not isinstance(entry, list):
            return entry
        total = entry[0].compute()
        for p in entry[1:]:
            total = total + p.compute()
        return self._store(uid, total)

    def __getitem__(self, t: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """The gradient of ``t`` (``grads[t]``); a ``KeyError`` when ``t`` got none.

        Shapes: ``t: (...)`` -> same shape (and dtype) as ``t``.

        PyTorch: ``t.grad``.
        """
        entry = self._entries.get(t._uid)
        if entry is None:
            raise KeyError(
                f"no gradient for the tensor {format_shape(t.shape)}: it took no part in a traced "
                "computation that reached this loss (ops on untraced tensors record nothing: if it "
                "was transformed before meeting a traced one, as in x.trace() @ w.T, trace it "
                "first: w.trace().T)"
            )
        return Tensor._wrap(entry if isinstance(entry, np.ndarray) else self._materialize(t._uid))

    def get(self, t: Tensor[Any, Any]) -> Tensor[Any, Any] | None:
        """The gradient of ``t``, or ``None`` when it got none.

        Shapes: ``t: (...)`` -> same shape (and dtype) as ``t``, or ``None``.

        PyTorch: ``t.grad`` (``None`` when no gradient reached ``t``).
        """
        return self[t] if t._uid in self._entries else None

    def __contains__(self, t: object) -> bool:
        """Whether ``t`` got a gradient (``t in grads``).

        PyTorch: ``t.grad is not None``.
        """
        return isinstance(t, Tensor) and t._uid in self._entries

    def __len__(self) -> int:
        """How many tensors got a gradient.

        PyTorch: none — PyTorch stores gradients on the tensors, not in one collection.
        """
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Gradients({len(self._entries)} tensors)"


def _consumer_counts(root: Node) -> dict[int, int]:
    """For each node reachable from ``root`` (by id), how many recorded inputs it feeds (no recursion)."""
    counts: dict[int, int] = {}
    stack = [root]
    while stack:
        for parent in stack.pop().parents:
            if parent is not None:
                key = id(parent)
                if key in counts:
                    counts[key] += 1
                else:
                    counts[key] = 1
                    stack.append(parent)
    return counts


def backward(loss: Tensor[Any, Any], grads: Gradients | None = None) -> Gradients:
    check_backward(loss.shape, loss._traced)
    out = Gradients() if grads is None else grads
    seed = np.ones((), dtype=loss._data.dtype)
    root = loss._node
    if root is None:
        # A traced leaf that is itself the loss.
        out._add_array(loss._uid, seed, (), loss._data.dtype)
        return out
    # Reverse topological order without recursion (Kahn): a node is processed once every node that
    # consumed it has passed its gradient on, so its gradient is complete.
    counts = _consumer_counts(root)
    ready = [root]
    pending: dict[int, Array] = {id(root): seed}
    pop = pending.pop
    while ready and pending:
        node = ready.pop()
        parents = node.parents
        for parent in parents:
            if parent is not None:
                key = id(parent)
                left = counts[key] - 1
                counts[key] = left
                if not left:
                    ready.append(parent)
        g = pop(id(node), None)
        if g is None:
            continue  # no gradient reached this node (it only fed non-differentiable arguments)
        if node.released:
            raise RuntimeError(
                f"backward: the graph through '{node.prim.name}' was already consumed by an "
                "earlier backward(); run the forward pass again, or add the losses and call "
                "backward() once"
            )
        prim = node.prim
        inputs = node.inputs
        uids = node.uids
        params = node.params
        vjps = prim.vjps if prim.variadic_vjp is None else None
        for i, parent in enumerate(parents):
            uid = uids[i]
            if uid < 0:
                continue  # a Python scalar
            if parent is None and inputs[i].dtype.kind != "f":
                continue  # an integer index: no gradient by nature
            # prim.vjp_for(i), inlined for the common case; it raises MissingVjpError otherwise.
            fn = vjps[i] if vjps is not None and i < len(vjps) else None
            if fn is None:
                fn = prim.vjp_for(i)
            if fn is NONDIFF:
                continue  # a condition, an index argument
            assert callable(fn)
            if parent is None:
                x = inputs[i]
                out._add_pending(uid, _Pending(fn, node, i, g), x.shape, x.dtype)
                continue
            gi = fn(g, node.ans, *inputs, **params) if params else fn(g, node.ans, *inputs)
            if type(gi) is not np.ndarray:
                gi = np.asarray(gi)
            if prim.unbroadcast and gi.shape != node.shapes[i]:
                gi = sum_to(gi, node.shapes[i])
            key = id(parent)
            prev = pending.get(key)
            pending[key] = gi if prev is None else prev + gi
        node.release()
    # Traced leaves (from .trace()) have no node: their pending pieces were stored under their uid
    # above. Intermediate gradients were dropped as soon as they were passed on.
    return out
