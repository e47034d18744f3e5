#!/usr/bin/env bash
# Makes every picture of the user guide with the program itself: a small database of real runs
# on Fashion-MNIST (a range test, a repeated test, a sweep, trainings with a one-cycle schedule,
# a live LR change and per-group LRs), then the app's window saved with --screenshot and a
# report's first page. The pictures are palette PNGs (pngquant), each under 150 KB.
#
#   docs/make-pictures.sh [--quick] LRSCOPE OUT_DIR
#
# LRSCOPE: the lrscope program (e.g. build/app/lrscope). OUT_DIR: where the PNGs go (the guide's
# are docs/images). --quick: smaller samples and fewer epochs, the same pictures (for the test).
# Needs pngquant and pdftoppm (packaging/install-deps.sh installs both).
set -euo pipefail

quick=false
if [ "${1:-}" = "--quick" ]; then
  quick=true
  shift
fi
if [ $# -ne 2 ]; then
  echo "usage: $0 [--quick] LRSCOPE OUT_DIR" >&2
  exit 2
fi
lrscope=$(realpath "$(command -v "$1" || echo "$1")")
[ -x "$lrscope" ] || {
  echo "$0: $1 is not a program" >&2
  exit 2
}
out=$(realpath -m "$2")
for tool in pngquant pdftoppm; do
  command -v "$tool" > /dev/null || {
    echo "$0: $tool is missing: run packaging/install-deps.sh" >&2
    exit 2
  }
done
mkdir -p "$out"

# The app's settings, recent files and caches stay in a folder of their own, removed at the end.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
db="$work/guide.db"

if $quick; then
  sample=1000 iters=60 repeats=3 epochs=2 lrs=4
else
  sample=6000 iters=100 repeats=5 epochs=6 lrs=6
fi
common=(--db "$db" --data fashion-mnist --model mlp --sample "$sample" --seed 1)
batch=128 # the trainings' batch size, which the LR change's step below counts in

# Runs a subcommand and prints the id of the run it stored; its output only when it fails.
stored_run() {
  local log="$work/last.log" id
  "$lrscope" "$@" > "$log" 2>&1 || {
    cat "$log" >&2
    echo "$0: lrscope $1 failed" >&2
    exit 1
  }
  id=$(sed -n 's/.*stored as \(sweep \)\{0,1\}run \([0-9][0-9]*\).*/\2/p' "$log" | tail -1)
  [[ $id =~ ^[0-9]+$ ]] || {
    cat "$log" >&2
    echo "$0: lrscope $1 said no \"stored as run N\"" >&2
    exit 1
  }
  echo "$id"
}

echo "runs (sample $sample) into $db"
find_run=$(stored_run find "${common[@]}" --iters "$iters")
repeated_run=$(stored_run find "${common[@]}" --iters "$iters" --repeats "$repeats")
sweep_run=$(stored_run sweep --db "$db" --from-run "$find_run" --lrs "$lrs" --sample "$sample")
train_run=$(stored_run train "${common[@]}" --from-run "$find_run" --epochs "$epochs" \
  --batch-size "$batch")
# A live LR change, as the app's LR panel makes one: halve the LR a third of the way through.
printf '%s scale 0.5\n' "$((sample / batch * epochs / 3))" > "$work/lr-events.txt"
live_run=$(stored_run train "${common[@]}" --from-run "$find_run" --epochs "$epochs" \
  --batch-size "$batch" --schedule constant --lr-events "$work/lr-events.txt")
groups_run=$(stored_run train "${common[@]}" --from-run "$find_run" --epochs "$epochs" \
  --batch-size "$batch" --lr-spread 0.1,1)
echo "range test $find_run, repeated test $repeated_run, sweep $sweep_run," \
  "trainings $train_run $live_run $groups_run"

# Saves the window showing these runs on this tab as OUT_DIR/NAME.png.
screenshot() {
  local name=$1 runs=$2 tab=$3
  env -u DISPLAY QT_QPA_PLATFORM=offscreen "$lrscope" --db "$db" --select "$runs" --tab "$tab" \
    --delay 300 --screenshot "$work/$name.png" 2> "$work/app.log" || {
    cat "$work/app.log" >&2
    exit 1
  }
  pngquant --force --strip --speed 1 --output "$out/$name.png" 256 -- "$work/$name.png"
  echo "wrote $out/$name.png ($(stat -c %s "$out/$name.png") bytes)"
}

screenshot main-window "$find_run" lr
screenshot repeated-test "$repeated_run" lr
screenshot sweep "$sweep_run" lr
screenshot training "$train_run" loss
screenshot training-epochs "$train_run" epoch
screenshot live-lr-change "$live_run" lr-step
screenshot layer-group-lrs "$groups_run" lr-step
screenshot compare-trainings "$train_run,$live_run,$groups_run" epoch

# The Train dialog, opened from the range test with its picked range.
env -u DISPLAY QT_QPA_PLATFORM=offscreen "$lrscope" --db "$db" --select "$find_run" \
  --dialog train --delay 300 --screenshot "$work/train-dialog.png" 2> "$work/app.log" || {
  cat "$work/app.log" >&2
  exit 1
}
pngquant --force --strip --speed 1 --output "$out/train-dialog.png" 256 -- "$work/train-dialog.png"
echo "wrote $out/train-dialog.png ($(stat -c %s "$out/train-dialog.png") bytes)"

"$lrscope" report "$train_run" --db "$db" --pdf "$work/report.pdf" > /dev/null
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/report.pdf" "$work/report"
pngquant --force --strip --speed 1 --output "$out/report.png" 256 -- "$work/report.png"
echo "wrote $out/report.png ($(stat -c %s "$out/report.png") bytes)"
