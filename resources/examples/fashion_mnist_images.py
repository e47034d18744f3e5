#!/usr/bin/env python3
"""Writes Fashion-MNIST as an image folder LR Scope reads: the layout any image data set of your
own takes, one subfolder of PNG or JPEG files per class, optionally split into train/, val/ and
test/ (torchvision's ImageFolder layout).

    OUT/train/<class>/00000.png ... and OUT/test/<class>/00000.png ...

8-bit grayscale 28x28 PNGs named by their index in the split. Reads Debian's
dataset-fashion-mnist; needs only Python 3's standard library.

    python3 resources/examples/fashion_mnist_images.py OUT [--limit N] [--source FOLDER]
"""
import argparse
import gzip
import pathlib
import struct
import zlib

SOURCE = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SPLITS = {"train": "train", "test": "t10k"}


def folder_name(name):
    """A class name as a folder name: "T-shirt/top" -> "T-shirt_top", "Ankle boot" -> "Ankle_boot"."""
    return "".join(c if c.isalnum() or c in "-." else "_" for c in name)


def read_idx(path, magic):
    """The dimensions and bytes of an IDX file of unsigned bytes."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, = struct.unpack(">I", data[:4])
    if found != magic:
        raise SystemExit(f"{path}: magic 0x{found:08X}, expected 0x{magic:08X}")
    count = data[3]
    dims = struct.unpack(f">{count}I", data[4:4 + 4 * count])
    return dims, data[4 + 4 * count:]


def png_chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def gray_png(pixels, height, width):
    """An 8-bit grayscale PNG: each row prefixed by filter type 0 (none), deflated."""
    rows = b"".join(b"\x00" + pixels[r * width:(r + 1) * width] for r in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(rows, 9))
            + png_chunk(b"IEND", b""))


def write_split(source, out, split, prefix, limit):
    (count, height, width), images = read_idx(source / f"{prefix}-images-idx3-ubyte.gz", 0x803)
    (label_count,), labels = read_idx(source / f"{prefix}-labels-idx1-ubyte.gz", 0x801)
    if label_count != count:
        raise SystemExit(f"{source}: {count} {prefix} images but {label_count} labels")
    if limit is not None:
        count = min(count, limit)
    folders = [out / split / folder_name(name) for name in CLASS_NAMES]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    size = height * width
    for i in range(count):
        png = gray_png(images[i * size:(i + 1) * size], height, width)
        (folders[labels[i]] / f"{i:05d}.png").write_bytes(png)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=pathlib.Path, help="the image folder to write")
    parser.add_argument("--limit", type=int, default=None,
                        help="write only the first N images of each split (default: all)")
    parser.add_argument("--source", type=pathlib.Path, default=pathlib.Path(SOURCE),
                        help=f"the folder of Fashion-MNIST's .gz files (default: {SOURCE})")
    args = parser.parse_args()
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    written = {split: write_split(args.source, args.out, split, prefix, args.limit)
               for split, prefix in SPLITS.items()}
    print(f"wrote {args.out}: {written['train']} training and {written['test']} test images "
          f"in {len(CLASS_NAMES)} classes")


if __name__ == "__main__":
    main()
