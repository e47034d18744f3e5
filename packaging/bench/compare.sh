#!/usr/bin/env bash
# Side by side, in one run: `lrscope bench` and the pytorch-lr-finder reference loop
# (lr_finder_reference.py on Debian's python3-torch), alternating, then the ratios the
# foundation issue sets bars on. Needs: a built lrscope, and `apt-get install python3-torch`.
# Usage: packaging/bench/compare.sh [path/to/lrscope] [rounds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lrscope=${1:-$here/../../build/app/lrscope}
rounds=${2:-2}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "compare.sh: needs Debian's python3-torch (apt-get install python3-torch)" >&2
  exit 1
fi
results=()
for ((r = 1; r <= rounds; r++)); do
  results+=("$("$lrscope" bench --json | tr -d '\n')")
  results+=("$(/usr/bin/python3 "$here/lr_finder_reference.py")")
done
printf '%s\n' "${results[@]}" | tee "${LRSCOPE_BENCH_LOG:-/dev/null}" | /usr/bin/python3 "$here/compare_table.py"
