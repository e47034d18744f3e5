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
stored = all("stored_ratio" in o[m] for o in ours for m in ("mlp", "cnn"))
print("%-6s %14s %9s %16s %11s %10s %8s%s"
      % ("model", "lrscope ms/it", "bare ms", "lr-finder ms/it", "py bare ms", "vs finder",
         "vs bare", " %13s" % "stored/plain" if stored else ""))
for model in ("mlp", "cnn"):
    a = statistics.median(o[model]["range_test_ms_per_iter"] for o in ours)
    b = statistics.median(o[model]["bare_step_ms"] for o in ours)
    c = statistics.median(p[model]["lr_finder_ms_per_iter"] for p in ref)
    d = statistics.median(p[model]["bare_step_ms"] for p in ref)
    # lrscope bench without --no-store also times the range test with its steps stored.
    e = " %13.3f" % statistics.median(o[model]["stored_ratio"] for o in ours) if stored else ""
    print("%-6s %14.3f %9.3f %16.3f %11.3f %10.3f %8.3f%s" % (model, a, b, c, d, a / c, a / b, e))
