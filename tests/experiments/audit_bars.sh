#!/usr/bin/env bash
# Does the suggested peak LR train as well as a grid search, over several seeds, on more than
# Fashion-MNIST? Runs `lrscope audit --seeds S --json` on Fashion-MNIST (small CNN and MLP,
# 5 epochs, trainings on a 12000-example sample to fit a session) and on two tabular data sets
# that python3-sklearn ships (breast cancer: binary classification on 30 measurements; diabetes:
# regression of disease progression, target divided by 100), and prints a Markdown table.
# Resumable: a case whose JSON is in OUT is not run again.
# Usage: tests/experiments/audit_bars.sh [LRSCOPE] [OUT] [SEEDS]   (needs python3, python3-sklearn)
set -euo pipefail
lrscope="$(realpath "${1:-build/app/lrscope}")"
out="${2:-/tmp/lrscope-audit-bars}"
seeds="${3:-3}"
data=/usr/lib/python3/dist-packages/sklearn/datasets/data
mkdir -p "$out"
[ -d "$data" ] || { echo "install python3-sklearn (apt-get install python3-sklearn)" >&2; exit 1; }

# The data sets as CSV files with a header (sklearn's files start with a count line).
if [ ! -f "$out/breast_cancer.csv" ]; then
  { printf 'f%s,' $(seq 1 30); echo diagnosis; tail -n +2 "$data/breast_cancer.csv"; } \
    >"$out/breast_cancer.csv.part" && mv "$out/breast_cancer.csv.part" "$out/breast_cancer.csv"
fi
if [ ! -f "$out/diabetes.csv" ]; then
  { echo "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression"
    paste -d, <(zcat "$data/diabetes_data_raw.csv.gz" | tr ' ' ',') \
      <(zcat "$data/diabetes_target.csv.gz" | awk '{ printf "%.4f\n", $1 / 100 }'); } \
    >"$out/diabetes.csv.part" && mv "$out/diabetes.csv.part" "$out/diabetes.csv"
fi

# name|flags (the tabular sets: 20 epochs in batches of 16, 40 examples held out for validation)
cases=(
  "fashion-mnist mlp|--data fashion-mnist --model mlp --epochs 5 --sample 12000"
  "fashion-mnist cnn|--data fashion-mnist --model cnn --epochs 5 --sample 12000"
  "breast cancer mlp|--data $out/breast_cancer.csv --label diagnosis --model mlp --epochs 20 --batch-size 16 --validation 40"
  "diabetes mlp|--data $out/diabetes.csv --label progression --task regression --model mlp --epochs 20 --batch-size 16 --validation 40"
)
for entry in "${cases[@]}"; do
  name="${entry%%|*}"
  file="$out/${name// /-}.json"
  [ -s "$file" ] && continue
  echo "auditing $name ($seeds seeds)" >&2
  # shellcheck disable=SC2086
  "$lrscope" audit ${entry#*|} --seeds "$seeds" --no-store --json -q >"$file.part"
  mv "$file.part" "$file"
done

echo "| data, model | metric | suggested peak (per seed) | suggested | best of the grid | within 1 std | grid steps | cost |"
echo "| --- | --- | --- | ---: | ---: | :---: | ---: | ---: |"
for entry in "${cases[@]}"; do
  name="${entry%%|*}"
  python3 - "$out/${name// /-}.json" "$name" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
key = a["metric"]
loss = key == "test_loss"
def value(p):
    m, s = p[key + "_mean"], p[key + "_std"]
    if m is None:
        return "-"
    return ("%.3f +- %.3f" % (m, s)) if loss else ("%.1f%% +- %.1f" % (100 * m, 100 * s))
best = next((p for p in a["grid"] if p["max_lr"] == a["best_max_lr"]), None)
peaks = ", ".join("%.2e" % lr for lr in a["suggested"]["max_lrs"])
steps = a["suggested"]["grid_steps_from_best"]
print("| %s | %s | %s | %s | %s at %s | %s | %s | %.2fx |" % (
    sys.argv[2], key.replace("_", " "), peaks, value(a["suggested"]),
    value(best) if best else "-", "%.2e" % a["best_max_lr"] if best else "-",
    "yes" if a["suggested"]["within_one_std_of_best"] else "no",
    "%+.1f" % (round(steps, 1) + 0.0) if steps is not None else "-", a["cost_ratio"]))
PY
done
