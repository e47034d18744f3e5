#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from real files:
# Fashion-MNIST cut to a few images (package dataset-fashion-mnist), the storage test fixture,
# and what a built lrscope writes (curves, exports, configs, databases). Run it once and
# commit the result; regression seeds of findings (crash-*, regression-*, ...) are left alone.
#
#   tests/fuzz/make_corpus.sh [LRSCOPE]   # LRSCOPE: a built lrscope, default build/app/lrscope
#
# Needs gzip, od, awk, sqlite3 and python3 (and cjpeg for the JPEG seeds, when installed).
# lrscope trains logistic regression for a few steps on a few hundred Fashion-MNIST images
# (seconds).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lrscope=$(realpath "${1:-$repo/build/app/lrscope}")
mnist=/usr/share/datasets/fashion-mnist
corpus=$here/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$lrscope" ] || { echo "no lrscope at $lrscope; build it or pass its path" >&2; exit 2; }
[ -d "$mnist" ] || { echo "no $mnist: install dataset-fashion-mnist" >&2; exit 2; }

seed() { # seed TARGET NAME: stdin becomes corpus/TARGET/NAME
  mkdir -p "$corpus/$1"
  cat >"$corpus/$1/$2"
}
be32() { # a big-endian 32-bit number as 4 raw bytes
  printf "\\x$(printf %02x $(($1 >> 24 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))"
  printf "\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 & 255)))"
}
for file in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte; do
  # The first 64 KB is all the seeds need; head closing the pipe early is no error.
  (set +o pipefail; gzip -dc "$mnist/$file.gz" | head -c 65536 >"$work/$file")
done
idx_body() { # idx_body FILE HEADER_BYTES COUNT BYTES_PER_ITEM: the first COUNT items
  dd if="$work/$1" iflag=skip_bytes,count_bytes skip="$2" count=$(($3 * $4)) status=none
}

# --- IDX: Fashion-MNIST's own headers with the count cut to what is kept --------------------
{ printf '\x00\x00\x08\x03'; be32 2; be32 28; be32 28
  idx_body train-images-idx3-ubyte 16 2 784; } >"$work/images"
{ printf '\x00\x00\x08\x01'; be32 16; idx_body train-labels-idx1-ubyte 8 16 1; } >"$work/labels"
{ printf '\x00\x00\x08\x03'; be32 1; be32 28; be32 28
  idx_body t10k-images-idx3-ubyte 16 1 784; } >"$work/t10k-images"
seed idx_file train-images-2.idx3 <"$work/images"
gzip -9n <"$work/images" | seed idx_file train-images-2.idx3.gz
seed idx_file train-labels-16.idx1 <"$work/labels"
gzip -9n <"$work/labels" | seed idx_file train-labels-16.idx1.gz
gzip -9n <"$work/t10k-images" | seed idx_file t10k-images-1.idx3.gz

# --- image files (PNG, JPEG): a Fashion-MNIST PNG as resources/examples/fashion_mnist_images.py
# writes it; PNGs built with Python's zlib in the other colour types and depths; JPEGs by cjpeg
# (libjpeg-turbo-progs) when it is installed, else the committed ones are kept. -----------------
python3 "$repo/resources/examples/fashion_mnist_images.py" "$work/images" --limit 1 >/dev/null
seed image_file fashion-mnist-gray-28x28.png <"$(find "$work/images/train" -name 00000.png)"
python3 - "$work" <<'PY'
import struct, sys, zlib
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
def png(name, width, height, depth, colour, row, palette=b"", transparency=b""):
    rows = b"".join(b"\x00" + row for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
            + (chunk(b"PLTE", palette) if palette else b"") + (chunk(b"tRNS", transparency) if transparency else b"")
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
    open(f"{sys.argv[1]}/{name}", "wb").write(data)
png("rgb-5x3.png", 5, 3, 8, 2, bytes(range(0, 250, 17)))
png("rgba-3x2.png", 3, 2, 8, 6, bytes([200, 100, 50, 255, 10, 20, 30, 128, 70, 80, 90, 0]))
png("gray16-4x2.png", 4, 2, 16, 0, bytes([0, 0, 255, 255, 128, 128, 200, 200]))
png("palette-4x2.png", 4, 2, 8, 3, bytes([0, 1, 2, 3]), bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90]), b"\xff\x80")
png("gray2bit-7x3.png", 7, 3, 2, 0, bytes([0x1b, 0xe4]))
PY
for file in rgb-5x3.png rgba-3x2.png gray16-4x2.png palette-4x2.png gray2bit-7x3.png; do
  seed image_file "$file" <"$work/$file"
done
if command -v cjpeg >/dev/null; then
  { printf 'P5\n28 28\n255\n'; idx_body train-images-idx3-ubyte 16 1 784; } >"$work/gray.pgm"
  { printf 'P6\n16 12\n255\n'; idx_body train-images-idx3-ubyte 360 1 576; } >"$work/rgb.ppm"
  cjpeg -quality 90 "$work/gray.pgm" | seed image_file fashion-mnist-gray-28x28.jpg
  cjpeg -quality 75 -sample 2x2 "$work/rgb.ppm" | seed image_file rgb-16x12-420.jpg
  cjpeg -quality 75 -progressive "$work/rgb.ppm" | seed image_file rgb-16x12-progressive.jpg
else
  echo "no cjpeg (libjpeg-turbo-progs): the JPEG seeds of image_file are kept as they are" >&2
fi

# --- CIFAR-10 binary batches: records of 1 label byte and 3072 pixel bytes (R, G, B planes of
# 32x32). No CIFAR-10 is installed, so the planes are Fashion-MNIST pixels; the reader checks
# the layout, not the picture. ------------------------------------------------------------
record() { # record LABEL IMAGE_INDEX
  printf "\\x$(printf %02x "$1")"
  idx_body train-images-idx3-ubyte $((16 + $2 * 784)) 3072 1
}
next_file=$'\n--lrscope-fuzz-next-file--\n'
record 9 0 | seed cifar10_folder one-train-record
{ record 0 1; printf %s "$next_file"; record 3 2; printf %s "$next_file"
  printf '%s\n' airplane automobile bird cat deer dog frog horse ship truck
} | seed cifar10_folder train-test-and-meta
{ record 2 3 | gzip -9n; printf %s "$next_file$next_file$next_file"; record 7 4 | gzip -9n
} | seed cifar10_folder gzipped-batches-1-and-2

# --- CSV tables: options line "TASK DELIMITER LABEL", then the file (see csv_table_fuzzer.cpp)
# Fashion-MNIST images every 4th pixel of every 4th row (7 x 7 features), labels by name.
mnist_csv() { # mnist_csv DELIMITER COUNT
  idx_body train-labels-idx1-ubyte 8 "$2" 1 | od -An -v -tu1 | tr -s ' ' '\n' | grep . \
    >"$work/csv-labels"
  idx_body train-images-idx3-ubyte 16 "$2" 784 | od -An -v -tu1 -w784 | awk -v d="$1" -v labels="$work/csv-labels" '
      BEGIN { split("t-shirt trouser pullover dress coat sandal shirt sneaker bag boot", names, " ")
              for (c = 0; c < 49; c++) printf "p%d%s", c, d; print "label" }
      { getline label < labels
        for (y = 1; y <= 28; y += 4) for (x = 1; x <= 28; x += 4) printf "%s%s", $((y - 1) * 28 + x), d
        print names[label + 1] }'
}
{ echo 'c,label'; mnist_csv , 6; } | seed csv_table fashion-mnist-7x7.csv
{ echo 'c;label'; mnist_csv ';' 3; } | seed csv_table fashion-mnist-semicolon.csv
{ echo 'c,species'; printf 'sepal,species,petal\n1.5,"setosa, wild",0.2\n\n4.9,"""versi""color",1.4\r\n'
  printf '6.3,"virginica\nsecond line",2.5\n'; } | seed csv_table quoted-labels.csv
{ echo 'r,price'; printf '\xef\xbb\xbfrooms,price,age\n3, 2.5 ,10\n4,1e-3,+7\n5,-0.25,1E+2\n'; } \
  | seed csv_table regression-with-bom.csv
{ printf 'c\tdigit\n'; printf 'x\ty\tdigit\n1\t2\t10\n2\t3\t9\n3\t4\t-1\n'; } | seed csv_table numeric-labels-tab.csv

# --- what lrscope writes: a range test, a training run with LR events, their exports -------
cd "$work"
nice -n 10 "$lrscope" find --model logreg --sample 300 --validation 100 --iters 25 \
  --batch-size 16 --val-every 10 --db runs.db --save-curve find-curve.csv -q >/dev/null
printf '# set by hand after warm-up\n3 set 0.05\n6\tscale 0.5   # halve\n' >events.txt
nice -n 10 "$lrscope" train --model logreg --sample 200 --validation 50 --epochs 2 \
  --batch-size 32 --lower 1e-3 --upper 0.1 --schedule one-cycle --lr-events events.txt \
  --db runs.db -q >/dev/null
"$lrscope" export 1 --db runs.db --csv find-steps.csv --json-file find-run.json >/dev/null
"$lrscope" export 2 --db runs.db --json-file train-run.json >/dev/null
"$lrscope" show 1 --db runs.db --json >show-find.json
"$lrscope" show 2 --db runs.db --json >show-train.json

# Curves: lrscope's own files, and the same curve in pytorch-lr-finder's and fastai's forms
# (json.dump of lr_finder.history; pandas' to_csv of learn.recorder, losses as tensors).
awk -F, 'NR > 1 { lr = lr sep $1; loss = loss sep $2; sep = ", " }
         END { printf "{\"lr\": [%s], \"loss\": [%s]}", lr, loss }' find-curve.csv >lr-finder.json
awk -F, 'NR == 1 { print ",lrs,losses"; next }
         { printf "%d,%s,tensor(%.4f)\n", NR - 2, $1, $2 }' find-curve.csv >fastai.csv
for target in curve_file curve_import; do
  seed $target find-save-curve.csv <find-curve.csv
  seed $target export-steps.csv <find-steps.csv
  seed $target export-range-test.json <find-run.json
  seed $target export-training.json <train-run.json
  seed $target lr-finder-history.json <lr-finder.json
  seed $target fastai-recorder.csv <fastai.csv
  printf '{"LR": [0.1, 0.2, 0.3], "loss": [NaN, Infinity, -Infinity], "raw_loss": [1, null, 2]}' \
    | seed $target python-nan.json
  printf ',lrs,losses\n0,1e-07,"tensor(2.3011, device='"'cuda:0'"')"\n1,2e-07,TensorBase(2.29)\n2,3e-07,\n' \
    | seed $target fastai-tensor-forms.csv
done

# Configs: the "config" of `lrscope show --json` (every field, as toJson writes it), the
# example shipped in resources/examples, and the smallest config.
config_of() { awk '/^  "config": \{/ { on = 1; print "{"; next } on && /^  \}/ { print "}"; exit } on' "$1"; }
config_of show-find.json | seed find_config stored-find.json
seed find_config example-fashion-mnist-cnn.json <"$repo/resources/examples/find-fashion-mnist-cnn.json"
printf '{}' | seed find_config empty-object.json
config_of show-train.json | seed train_config stored-train.json
printf '{"data": {"source": "table.csv", "label": "y", "task": "regression"}, "training": {"epochs": 1}}' \
  | seed train_config csv-regression.json
printf '{}' | seed train_config empty-object.json

# LR events: the file the training run above read, and the forms its reader accepts.
seed lr_events train-events.txt <events.txt
printf '\xef\xbb\xbf# drops by hand\n\n0 set 1e-3\n  500\tset   3e-4   # after the plateau\r\n1200 scale 0.5\n1200 scale 2\n   \n# the end' \
  | seed lr_events bom-crlf-comments.txt

# Databases, compacted to 512-byte pages (the smallest SQLite allows) to keep seeds small:
# lrscope's own (WAL, as it writes them), one holding only a 5-step range test, and the
# schema-1 fixture that every later schema migrates.
nice -n 10 "$lrscope" find --model logreg --sample 100 --validation 20 --iters 5 --batch-size 8 \
  --db tiny.db -q >/dev/null
cp "$repo/tests/storage/data/lrscope-v1.db" v1.db
for db in runs tiny v1; do
  sqlite3 "$db.db" 'PRAGMA journal_mode=DELETE; PRAGMA page_size=512; VACUUM;' >/dev/null
done
sqlite3 runs.db 'PRAGMA journal_mode=WAL;' >/dev/null
seed run_database range-test-and-training.db <runs.db
seed run_database one-short-range-test.db <tiny.db
seed run_database schema-1-fixture.db <v1.db
echo "seeds written to $corpus"
