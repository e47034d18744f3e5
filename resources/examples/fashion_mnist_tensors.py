#!/usr/bin/env python3
"""Writes Fashion-MNIST as a tensor file LR Scope reads (lrscope find --data fashion-mnist.pt).

The layout any data set of your own takes: torch.save({"x": X, "y": y, ...}, "data.pt") with X
of examples x [channels x] height x width (or examples x features) and y of class indices (or
float targets), optionally "x_val"/"y_val" and "x_test"/"y_test". Needs python3-torch and
python3-numpy (Debian: apt-get install python3-torch); LR Scope itself does not.

    python3 resources/examples/fashion_mnist_tensors.py [OUT.pt] [--val N]
"""
import gzip
import sys

import numpy as np
import torch

FOLDER = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist


def idx(name, offset):
    with gzip.open(f"{FOLDER}/{name}.gz", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def main():
    args = sys.argv[1:]
    val = 0
    if "--val" in args:
        at = args.index("--val")
        val = int(args[at + 1])
        del args[at : at + 2]
    out = args[0] if args else "fashion-mnist.pt"
    x = torch.from_numpy(idx("train-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28).copy())
    y = torch.from_numpy(idx("train-labels-idx1-ubyte", 8).astype(np.int64))
    data = {
        "x_test": torch.from_numpy(idx("t10k-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28).copy()),
        "y_test": torch.from_numpy(idx("t10k-labels-idx1-ubyte", 8).astype(np.int64)),
    }
    if val > 0:  # the last N training images as the validation split
        data["x_val"], data["y_val"] = x[-val:], y[-val:]
        x, y = x[:-val], y[:-val]
    data["x"], data["y"] = x, y
    torch.save(data, out)
    print(f"wrote {out}: {len(y)} training, {val} validation, {len(data['y_test'])} test images")


if __name__ == "__main__":
    main()
