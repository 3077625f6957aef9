"""Saving and loading: ``dt.save`` / ``dt.load`` (npz, and safetensors when installed), PyTorch interop.

Keys are PyTorch ``state_dict`` names, so a checkpoint written here loads into the equivalent
``torch.nn`` model, and a PyTorch model's weights load here. Saving is atomic; loading checks every key,
shape and dtype first and changes nothing when something does not fit.
dfdx: examples/numpy-save-load.rs, safetensors-save-load.rs.
"""

import importlib
import importlib.util
import tempfile
from pathlib import Path
from typing import Any
from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Tensor


def make_model() -> dt.nn.Sequential:
    return dt.nn.Sequential(dt.nn.Linear(4, 16), dt.nn.ReLU(), dt.nn.Linear(16, 3))


def to_torch(path: Path, x: Tensor[tuple[L[5], L[4]]], expected: Tensor[tuple[L[5], L[3]]]) -> None:
    """Load the checkpoint into ``torch.nn.Sequential`` and compare outputs; then the reverse."""
    torch: Any = importlib.import_module("torch")  # optional: typed as Any so it need not be installed
    torch_model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    with np.load(path) as arrays:
        torch_model.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files})
    out = torch_model(torch.from_numpy(x.numpy())).detach().numpy()
    print("PyTorch output matches:", bool(np.allclose(out, expected.numpy(), atol=1e-6)))

    ours = make_model()
    ours.load_state_dict({k: v.detach().numpy() for k, v in torch_model.state_dict().items()})
    print("and back into dfdx_typed:", bool(np.allclose(ours(x).numpy(), out, atol=1e-6)))


def main() -> None:
    dt.manual_seed(0)
    model = make_model()
    x: Tensor[tuple[L[5], L[4]]] = dt.randn((5, 4))
    expected: Tensor[tuple[L[5], L[3]]] = model(x)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        dt.save(model, path)
        print("saved", sorted(np.load(path).files))

        fresh = make_model()  # different random weights
        dt.load(fresh, path)
        print("reloaded output matches:", bool((fresh(x) == expected).numpy().all()))

        if importlib.util.find_spec("safetensors") is not None:
            st = Path(folder) / "model.safetensors"
            dt.save(model, st)
            again = make_model()
            dt.load(again, st)
            print("safetensors round trip matches:", bool((again(x) == expected).numpy().all()))

        # A model that does not fit the file: nothing changes, and the error names every key.
        wider = dt.nn.Sequential(dt.nn.Linear(4, 32), dt.nn.ReLU(), dt.nn.Linear(32, 3))
        before = wider.state_dict()["0.weight"]
        try:
            dt.load(wider, path)
        except dt.nn.StateDictError as e:
            print("StateDictError:", e)
        print("left unchanged:", wider.state_dict()["0.weight"] is before)

        if importlib.util.find_spec("torch") is not None:
            to_torch(path, x, expected)
        else:
            print("PyTorch is not installed: skipping the PyTorch round trip")


if __name__ == "__main__":
    main()
