#!/usr/bin/python3
"""Reads alternating lines of `lrscope bench --json` and lr_finder_reference.py output on
stdin and prints medians and the ratios the foundation issue sets bars on."""
import json
import statistics
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
ours, ref = rows[0::2], rows[1::2]
print("reference: torch %s, %d intra-op threads; median of %d alternating rounds"
      % (ref[0]["torch"], ref[0]["threads"], len(ours)))
print("%-6s %14s %9s %16s %11s %10s %8s"
      % ("model", "lrscope ms/it", "bare ms", "lr-finder ms/it", "py bare ms", "vs finder",
         "vs bare"))
for model in ("mlp", "cnn"):
    a = statistics.median(o[model]["range_test_ms_per_iter"] for o in ours)
    b = statistics.median(o[model]["bare_step_ms"] for o in ours)
    c = statistics.median(p[model]["lr_finder_ms_per_iter"] for p in ref)
    d = statistics.median(p[model]["bare_step_ms"] for p in ref)
    print("%-6s %14.3f %9.3f %16.3f %11.3f %10.3f %8.3f" % (model, a, b, c, d, a / c, a / b))
