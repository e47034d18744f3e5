#!/usr/bin/env python3
"""Each rule of an audit matrix against the issue's bar and against looser ones, from the CSV
that `lrscope audit-matrix --csv` writes (one row per cell and rule).

Bars, over the calibration cells (not held out) that completed:
  within 1 std   the matrix's own: the test metric at the suggestion within one standard
                 deviation (over the seeds) of the grid's best
  within 1 pt    accuracy cells: at most 1 point below the best (a loss cell counts when within
                 1 std)
  1 grid step    the suggestion (geometric mean over the seeds) within half a decade of the best
and the worst loss on a Fashion-MNIST cell, in points (a rule without a value there: "none").
Usage: matrix_bars.py MATRIX.CSV
"""
import csv
import sys


def main():
    rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "completed"]
    rules = []
    for r in rows:
        if r["rule"] not in rules:
            rules.append(r["rule"])
    cal = [r for r in rows if r["held_out"] == "false"]
    cells = len({(r["data"], r["model"], r["optimizer"]) for r in cal})
    print("%d calibration cells; each rule's count of them meeting each bar" % cells)
    print("  %-22s %13s %13s %13s %16s" % ("rule", "within 1 std", "within 1 pt", "1 grid step",
                                          "worst FM (pt)"))
    for rule in rules:
        mine = [r for r in cal if r["rule"] == rule]
        std = sum(r["within_one_std"] == "true" for r in mine)
        point = 0
        step = 0
        worst = 0.0
        for r in mine:
            loss = float(r["loss_vs_best"]) if r["loss_vs_best"] else None
            if r["metric"] == "test_accuracy":
                point += loss is not None and loss <= 0.01 + 1e-12
            else:
                point += r["within_one_std"] == "true"
            decades = float(r["decades_from_best"]) if r["decades_from_best"] else None
            step += decades is not None and abs(decades) <= 0.5 + 1e-9 and loss is not None
            if r["data"] == "fashion-mnist":
                worst = max(worst, float("inf") if loss is None else 100 * loss)
        print("  %-22s %8d/%-4d %8d/%-4d %8d/%-4d %16s" % (
            rule, std, len(mine), point, len(mine), step, len(mine),
            "none" if worst == float("inf") else "%.1f" % worst))


if __name__ == "__main__":
    main()
