"""Backward: an iterative reverse pass over recorded nodes, and the Gradients it returns.

Gradients reach every tensor that took part in a traced op, traced or not (that is how a model's
parameters get theirs when only the input was traced, as in dfdx). Gradients of leaves are computed
lazily: backward stores how to compute each one and :class:`Gradients` does it the first time it is
read, so a gradient nobody reads (the input batch's, the target's) costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._backend import Array, sum_to
from ._registry import NONDIFF, Node
from .shapes import check_backward, format_shape

if TYPE_CHECKING:
    from ._tensor import Tensor


class _Pending:
    """The gradient of one leaf operand of one node, not computed yet.

    It keeps only what the vjp reads (not the node, whose parents would keep the whole graph alive).
    """

    __slots__ = ("fn", "g", "ans", "inputs", "params", "shape", "unbroadcast")

    def __init__(self, node: Node, index: int, g: Array) -> None:
        fn = node.prim.vjp_for(index)
        assert callable(fn)
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
    out: Array = np.asarray(grad)
    return sum_to(out, shape) if unbroadcast else out


class Gradients:
    """Gradients from ``loss.backward()``, indexed by tensor: ``grads[w]`` has ``w``'s shape.

    Pass it back to ``backward(grads)`` to accumulate over several passes.
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
        elif isinstance(entry, list) and len(entry) < 8:
            entry.append(p)
        else:
            # Bound the memory pending pieces hold: fold them into an array.
            self._entries[uid] = self._materialize(uid) + p.compute()

    def _add_array(self, uid: int, g: Array, shape: tuple[int, ...], dtype: Any) -> None:
        if uid in self._entries:
            self._entries[uid] = self._materialize(uid) + g
        else:
            self._entries[uid] = g
            self._meta[uid] = (shape, dtype)

    def _materialize(self, uid: int) -> Array:
        entry = self._entries[uid]
        if isinstance(entry, list):
            total = entry[0].compute()
            for p in entry[1:]:
                total = total + p.compute()
            shape, dtype = self._meta[uid]
            entry = np.asarray(total, dtype=dtype).reshape(shape)
            entry.flags.writeable = False
            self._entries[uid] = entry
        return entry

    def __getitem__(self, t: Tensor[Any, Any]) -> Tensor[Any, Any]:
        from ._tensor import Tensor

        if t._uid not in self._entries:
            raise KeyError(
                f"no gradient for the tensor {format_shape(t.shape)}: it took no part in a traced "
                "computation that reached this loss"
            )
        return Tensor._wrap(self._materialize(t._uid))

    def get(self, t: Tensor[Any, Any]) -> Tensor[Any, Any] | None:
        return self[t] if t._uid in self._entries else None

    def __contains__(self, t: object) -> bool:
        from ._tensor import Tensor

        return isinstance(t, Tensor) and t._uid in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Gradients({len(self._entries)} tensors)"


def _reverse_topological(root: Node) -> list[Node]:
    """Nodes reachable from ``root``, each before every node it depends on (no recursion)."""
    order: list[Node] = []
    seen: set[int] = {id(root)}
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, i = stack.pop()
        if i < len(node.parents):
            stack.append((node, i + 1))
            parent = node.parents[i]
            if parent is not None and id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, 0))
        else:
            order.append(node)
    order.reverse()
    return order


def backward(loss: Tensor[Any, Any], grads: Gradients | None = None) -> Gradients:
    check_backward(loss.shape, loss._traced)
    out = Gradients() if grads is None else grads
    seed = np.ones((), dtype=loss._data.dtype)
    root = loss._node
    if root is None:
        # A traced leaf that is itself the loss.
        out._add_array(loss._uid, seed, (), loss._data.dtype)
        return out
    pending: dict[int, Array] = {id(root): seed}
    for node in _reverse_topological(root):
        g = pending.pop(id(node), None)
        if g is None:
            continue
        if node.released:
            raise RuntimeError(
                f"backward: the graph through '{node.prim.name}' was already consumed by an "
                "earlier backward(); run the forward pass again, or add the losses and call "
                "backward() once"
            )
        prim = node.prim
        for i, parent in enumerate(node.parents):
            uid = node.uids[i]
            if uid < 0:
                continue  # a Python scalar
            x = node.inputs[i]
            if parent is None:
                if x.dtype.kind != "f" or prim.is_nondiff(i):
                    continue  # an integer index or a condition: no gradient by nature
                out._add_pending(uid, _Pending(node, i, g), x.shape, x.dtype)
                continue
            fn = prim.vjp_for(i)
            if fn is NONDIFF:
                continue
            assert callable(fn)
            gi = _fit(fn(g, node.ans, *node.inputs, **node.params), node.shapes[i], prim.unbroadcast)
            key = id(parent)
            prev = pending.get(key)
            pending[key] = gi if prev is None else prev + gi
        node.release()
        if not pending:
            break
    # Traced leaves (from .trace()) have no node: their pending pieces were stored under their uid
    # above. Intermediate gradients were dropped as soon as they were passed on.
    return out
