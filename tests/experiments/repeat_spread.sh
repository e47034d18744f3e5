#!/usr/bin/env bash
# Which setting narrows the spread of a repeated range test's upper bound: more iterations, a
# larger sample or a larger batch? Runs `lrscope find --repeats K` on Fashion-MNIST for the
# baseline (100 iterations, sample 6000, batch 64) and each change alone, for two models and two
# base seeds, and prints a Markdown table of the upper bound's spread in decades.
# Usage: tests/experiments/repeat_spread.sh [LRSCOPE] [REPEATS]   (needs python3)
set -euo pipefail
lrscope="${1:-build/app/lrscope}"
repeats="${2:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
settings=("baseline|" "iters 300|--iters 300" "sample 24000|--sample 24000"
          "batch 256|--batch-size 256")
echo "| model | setting | seed 1 | seed 101 | mean spread (decades) | median upper | seconds |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for model in mlp cnn; do
  for entry in "${settings[@]}"; do
    name="${entry%%|*}"
    flags="${entry#*|}"
    spreads=()
    uppers=()
    start=$(date +%s)
    for seed in 1 101; do
      # shellcheck disable=SC2086
      "$lrscope" find --data fashion-mnist --model "$model" --repeats "$repeats" --seed "$seed" \
        --no-store --json -q $flags >"$tmp/out.json"
      read -r spread upper < <(python3 -c '
import json, sys
u = json.load(open(sys.argv[1]))["range"]["upper"]
print(("%.2f %.3e" % (u["spread_decades"], u["median"])) if u else "nan nan")' "$tmp/out.json")
      spreads+=("$spread")
      uppers+=("$upper")
    done
    mean=$(python3 -c 'import sys; v=[float(x) for x in sys.argv[1:]]; print("%.2f" % (sum(v)/len(v)))' "${spreads[@]}")
    echo "| $model | $name | ${spreads[0]} | ${spreads[1]} | $mean | ${uppers[0]} | $(( $(date +%s) - start )) |"
  done
done
