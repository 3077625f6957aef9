"""A small ResNet-style CNN: conv/BatchNorm/ReLU stages, residual blocks, global pooling, a classifier.

Each conv's output size follows ``(L + 2P - D(K-1) - 1)//S + 1``; the comments give the shapes, and
``Residual`` checks that each block keeps the shape it is given. Trained for a few steps on a fixed
random batch (to show the loss falling). dfdx: examples/nightly-resnet18.rs.
"""

import argparse
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

nn = dt.nn


def conv_bn(c_in: int, c_out: int, stride: int = 1) -> nn.Sequential:
    conv = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
    return nn.Sequential(conv, nn.BatchNorm2d(c_out))


def basic_block(c: int) -> nn.Module:
    """``x + bn(conv(relu(bn(conv(x)))))``, then ReLU: shape kept."""
    return nn.Sequential(nn.Residual(nn.Sequential(conv_bn(c, c), nn.ReLU(), conv_bn(c, c))), nn.ReLU())


def downsample_block(c_in: int, c_out: int) -> nn.Module:
    """Halve the size, change the channels (no shortcut)."""
    return nn.Sequential(conv_bn(c_in, c_out, stride=2), nn.ReLU())


def resnet(num_classes: int, width: int) -> nn.Sequential:
    return nn.Sequential(
        conv_bn(3, width), nn.ReLU(),                 # (B, w, 16, 16)
        basic_block(width),                           # (B, w, 16, 16)
        downsample_block(width, 2 * width),           # (B, 2w, 8, 8)
        basic_block(2 * width),                       # (B, 2w, 8, 8)
        downsample_block(2 * width, 4 * width),       # (B, 4w, 4, 4)
        basic_block(4 * width),                       # (B, 4w, 4, 4)
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),        # (B, 4w)
        nn.Linear(4 * width, num_classes),            # (B, classes)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="narrower, fewer steps")
    small = parser.parse_args().small
    dt.manual_seed(0)
    model = resnet(num_classes=10, width=4 if small else 8)
    print(f"{model.num_parameters()} parameters")

    images: Tensor[tuple[L[16], L[3], L[16], L[16]]] = dt.randn((16, 3, 16, 16))
    labels: Tensor[tuple[L[16]]] = dt.tensor([i % 10 for i in range(16)])
    opt = dt.optim.Adam(model, lr=1e-2)
    for step in range(3 if small else 15):
        logits: Tensor[tuple[L[16], L[10]], OwnedTape] = model(images.trace())
        loss = dt.losses.cross_entropy(logits, labels)
        opt.update(model, loss.backward())
        print(f"step {step:2d}: loss {loss.item():.4f}")

    # Inference: an untraced input uses BatchNorm's running statistics.
    predictions = model(images).argmax(axis=-1)
    print("predicted:", predictions.numpy(), "\nlabels:   ", labels.numpy())


if __name__ == "__main__":
    main()
