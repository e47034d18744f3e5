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
printf '%s\n' "${results[@]}" | /usr/bin/python3 -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin]
ours, ref = rows[0::2], rows[1::2]
print(f"reference: torch {ref[0][\"torch\"]}, {ref[0][\"threads\"]} intra-op threads; median of {len(ours)} alternating rounds")
print(f"{\"model\":6} {\"lrscope ms/it\":>14} {\"bare ms\":>9} {\"lr-finder ms/it\":>16} {\"py bare ms\":>11} {\"vs finder\":>10} {\"vs bare\":>8}")
for m in ("mlp", "cnn"):
    a = statistics.median(o[m]["range_test_ms_per_iter"] for o in ours)
    b = statistics.median(o[m]["bare_step_ms"] for o in ours)
    c = statistics.median(p[m]["lr_finder_ms_per_iter"] for p in ref)
    d = statistics.median(p[m]["bare_step_ms"] for p in ref)
    print(f"{m:6} {a:14.3f} {b:9.3f} {c:16.3f} {d:11.3f} {a / c:10.3f} {a / b:8.3f}")
'
