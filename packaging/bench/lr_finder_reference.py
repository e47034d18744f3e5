#!/usr/bin/python3
"""The reference for `lrscope bench`: the loop of pytorch-lr-finder's LRFinder.range_test,
written out on Debian's python3-torch (the same libtorch 1.13 that LR Scope links).

pytorch-lr-finder is not packaged for Debian and PyPI is out of reach here, so this script
does per iteration what its range_test does: take the next batch from a shuffled DataLoader
(batch 64), move it to the device, zero the gradients, forward, loss, backward, optimizer
step, read the loss back with .item(), step the exponential LR schedule, smooth the loss and
check for divergence; the model and optimizer state are deep-copied before and loaded after,
as its state cacher does. Same models, sample size, optimizer and ladder as `lrscope bench`.

Prints JSON: {"mlp": {"lr_finder_ms_per_iter": x, "bare_step_ms": y}, "cnn": {...},
"torch": version, "threads": n}.
"""
import copy
import gzip
import json
import sys
import time

import numpy as np
import torch
from torch import nn

FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
LABELS = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def sample(n, seed=1):
    images = read_idx(FASHION)
    labels = read_idx(LABELS)
    rng = np.random.default_rng(seed)
    pick = rng.permutation(len(labels))[:n]
    x = torch.tensor(images[pick], dtype=torch.float32).unsqueeze(1)
    x = (x - x.mean()) / x.std()
    return x, torch.tensor(labels[pick], dtype=torch.int64)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


def lr_finder_run(model, optimizer, loader, iterations, start_lr=1e-5, end_lr=1e-2,
                  smooth_f=0.05, diverge_th=5):
    model_state = copy.deepcopy(model.state_dict())
    optimizer_state = copy.deepcopy(optimizer.state_dict())
    criterion = nn.CrossEntropyLoss()
    device = torch.device("cpu")
    data_iter = iter(loader)
    best_loss = None
    history = []
    started = time.perf_counter()
    for i in range(iterations):
        lr = start_lr * (end_lr / start_lr) ** (i / iterations)
        for group in optimizer.param_groups:
            group["lr"] = lr
        try:
            inputs, labels = next(data_iter)
        except StopIteration:
            data_iter = iter(loader)
            inputs, labels = next(data_iter)
        inputs, labels = inputs.to(device, non_blocking=True), labels.to(device, non_blocking=True)
        model.train()
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()
        value = loss.item()
        if i == 0:
            best_loss = value
        else:
            value = smooth_f * value + (1 - smooth_f) * history[-1]
            best_loss = min(best_loss, value)
        history.append(value)
        if value > diverge_th * best_loss:
            break
    elapsed = time.perf_counter() - started
    model.load_state_dict(model_state)
    optimizer.load_state_dict(optimizer_state)
    return 1000.0 * elapsed / len(history)


def bare_steps(model, optimizer, x, y, iterations):
    criterion = nn.CrossEntropyLoss()
    inputs, labels = x[:64].contiguous(), y[:64].contiguous()
    model.train()
    started = time.perf_counter()
    for _ in range(iterations):
        optimizer.zero_grad()
        criterion(model(inputs), labels).backward()
        optimizer.step()
    return 1000.0 * (time.perf_counter() - started) / iterations


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.manual_seed(1)
    x, y = sample(6000)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=64,
                                         shuffle=True)
    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    for name, build in (("mlp", mlp), ("cnn", cnn)):
        model = build()
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
        lr_finder_run(model, optimizer, loader, iterations)  # warm-up
        bare_steps(model, optimizer, x, y, iterations)
        finder, bare = [], []
        for _ in range(repeats):
            finder.append(lr_finder_run(model, optimizer, loader, iterations))
            bare.append(bare_steps(model, optimizer, x, y, iterations))
        result[name] = {"lr_finder_ms_per_iter": sorted(finder)[len(finder) // 2],
                        "bare_step_ms": sorted(bare)[len(bare) // 2]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
