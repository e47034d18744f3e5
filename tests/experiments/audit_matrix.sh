#!/usr/bin/env bash
# The audit matrix of docs/reference.md: every suggestion rule scored against a fixed grid of one-cycle
# peaks, per optimizer (sgd, adam, adamw with weight decay 0.01, rmsprop) x model x data set,
# over 3 seeds. Data: Fashion-MNIST (logreg, mlp, cnn; 5 epochs on a 12000-example sample to fit
# a session) and four tables that python3-sklearn ships (logreg, mlp; 20 epochs in batches of
# 16): breast cancer (binary classification), digits (10 classes, 8x8 pixels as 64 columns),
# diabetes (regression, target / 100) and wine (3 classes), the last held out of the range
# rule's calibration.
# Resumable: the cells are stored in OUT/matrix.db, and a cell stored before is not run again.
# Usage: tests/experiments/audit_matrix.sh OUT [LRSCOPE] [images|cnn|tables|all]
#   images (Fashion-MNIST logreg and mlp), cnn (Fashion-MNIST cnn) and tables run their part
#   only (two at once use both cores); all runs what is left and prints the table, with every
#   cell read back. Needs python3-sklearn and dataset-fashion-mnist.
set -euo pipefail
out="$(realpath -m "${1:?usage: audit_matrix.sh OUT [LRSCOPE] [images|cnn|tables|all]}")"
lrscope="$(realpath "${2:-build/app/lrscope}")"
part="${3:-all}"
data=/usr/lib/python3/dist-packages/sklearn/datasets/data
[ -d "$data" ] || { echo "install python3-sklearn (apt-get install python3-sklearn)" >&2; exit 1; }
mkdir -p "$out"

# The tables as CSV files with a header (sklearn's files start with a count line).
csv() { # NAME: writes OUT/NAME from what the function csv_NAME prints, once
  [ -s "$out/$1" ] || { "csv_${1%.csv}" >"$out/$1.part" && mv "$out/$1.part" "$out/$1"; }
}
csv_breast_cancer() { printf 'f%s,' $(seq 1 30); echo diagnosis; tail -n +2 "$data/breast_cancer.csv"; }
csv_wine() { printf 'f%s,' $(seq 1 13); echo class; tail -n +2 "$data/wine_data.csv"; }
csv_digits() { printf 'p%s,' $(seq 1 64); echo digit; zcat "$data/digits.csv.gz" | sed 's/\.0*,/,/g; s/\.0*$//'; }
csv_diabetes() {
  echo "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression"
  paste -d, <(zcat "$data/diabetes_data_raw.csv.gz" | tr ' ' ',') \
    <(zcat "$data/diabetes_target.csv.gz" | awk '{ printf "%.4f\n", $1 / 100 }')
}
for table in breast_cancer wine digits diabetes; do csv "$table.csv"; done

spec() { # NAME MODELS DATA-ENTRIES...
  python3 - "$out/$1.json" "${@:2}" <<'PY'
import json, sys
table = "--epochs 20 --batch-size 16 --validation 40"
entries = {
  "fashion-mnist": {"name": "fashion-mnist",
                    "flags": "--data fashion-mnist --sample 12000 --epochs 5"},
  "breast-cancer": {"name": "breast-cancer",
                    "flags": "--data breast_cancer.csv --label diagnosis " + table},
  "digits": {"name": "digits", "flags": "--data digits.csv --label digit " + table},
  "diabetes": {"name": "diabetes",
               "flags": "--data diabetes.csv --label progression --task regression " + table},
  "wine": {"name": "wine", "flags": "--data wine.csv --label class " + table, "held_out": True},
}
data = []
models = sys.argv[2].split(",")
for name in sys.argv[3:]:
    entry = dict(entries[name])
    if name != "fashion-mnist":
        entry["models"] = ["logreg", "mlp"]
    data.append(entry)
spec = {"seeds": 3, "seed": 1,
        "optimizers": ["sgd", "adam", "adamw --weight-decay 0.01", "rmsprop"],
        "models": models, "data": data}
with open(sys.argv[1], "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY
}
spec images logreg,mlp fashion-mnist
spec cnn cnn fashion-mnist
spec tables logreg,mlp breast-cancer digits diabetes wine
spec matrix logreg,mlp,cnn fashion-mnist breast-cancer digits diabetes wine

case "$part" in
images | cnn | tables) exec "$lrscope" audit-matrix "$out/$part.json" --db "$out/matrix.db" ;;
all) exec "$lrscope" audit-matrix "$out/matrix.json" --db "$out/matrix.db" \
  --csv "$out/matrix.csv" --records "$out/rule_records.json" ;;
*) echo "the part is images, cnn, tables or all, got $part" >&2; exit 2 ;;
esac
