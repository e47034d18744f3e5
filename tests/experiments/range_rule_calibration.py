#!/usr/bin/env python3
"""Which feature of a range test's curve predicts the best one-cycle peak of an audit matrix?

Reads the cells of `lrscope audit-matrix` from its database (the fixed grid's trainings and each
seed's range test), finds candidate peaks on each range test's raw losses (smoothed as LR Scope's
range rule smooths them: a centred running median, then a running mean), and scores each
candidate as the matrix scores a rule: the test metric at the candidate, read off that seed's
grid (linear in log10 LR between grid points), its mean over the seeds against the grid's best
mean, within one standard deviation of it or not. Prints, per candidate, its record per
optimizer on the calibration cells and on the held-out cells, and how far the best peak lies
from each curve feature (median and spread in decades).

Pure Python (sqlite3, statistics); used to design LR Scope's range rule v3, which is the
candidate "mid80+0.25" here: where the loss blows up, halfway (on the log axis) between v2's
upper bound and the point where 80% of the fall is done; where it never does, that point; then a
quarter decade higher (the C++ rule snaps each point to a recorded LR, so its values differ from
these by a few hundredths of a decade).
Usage: range_rule_calibration.py MATRIX.DB [HELD-OUT-DATA-NAMES...]   (default held out: wine)
"""
import json
import math
import sqlite3
import statistics
import sys


def centred_filter(values, h, reduce):
    n = len(values)
    out = []
    for i in range(n):
        w = min(h, i, n - 1 - i)
        out.append(reduce(values[i - w:i + w + 1]))
    return out


def smooth(raw):
    h = max(2, len(raw) // 25)
    return centred_filter(centred_filter(raw, h, statistics.median), h, statistics.fmean)


def load_cells(db):
    con = sqlite3.connect(db)
    cells = []
    for audit_id, config_text in con.execute(
            "SELECT id, config_json FROM runs WHERE kind = 'audit' AND status = 'completed'"):
        config = json.loads(config_text)
        training = config["training"]
        plan = config["audit"]
        if plan.get("grid") != "fixed":
            continue
        metric = plan["metric"]
        source = training["data"]["source"]
        data = source.rsplit("/", 1)[-1].replace(".csv", "").replace("_", "-")
        cell = {"id": audit_id, "data": data, "model": training["model"]["name"],
                "optimizer": training["optimizer"]["kind"], "metric": metric,
                "curves": {}, "grid": {}}
        for run_id, kind, seed, child_config in con.execute(
                "SELECT id, kind, seed, config_json FROM runs WHERE parent_run_id = ?",
                (audit_id,)):
            if kind == "range_test":
                rows = con.execute("SELECT lr, loss FROM step_metrics WHERE run_id = ? "
                                   "ORDER BY step", (run_id,)).fetchall()
                cell["curves"][seed] = ([r[0] for r in rows], [r[1] for r in rows])
            elif kind == "training":
                schedule = json.loads(child_config)["schedule"]
                if abs(schedule.get("div_factor", 25.0) - 25.0) > 1e-9:
                    continue  # the suggested training, not a grid point
                row = con.execute("SELECT test_accuracy, test_loss FROM epoch_metrics WHERE "
                                  "run_id = ? ORDER BY epoch DESC LIMIT 1", (run_id,)).fetchone()
                value = None if row is None else (row[0] if metric == "test_accuracy" else row[1])
                if value is not None and not math.isfinite(value):
                    value = None
                cell["grid"].setdefault(seed, {})[schedule["max_lr"]] = value
        cells.append(cell)
    return cells


def finite_prefix(lrs, losses):
    for i, (lr, loss) in enumerate(zip(lrs, losses)):
        if lr is None or loss is None or not math.isfinite(loss) or not lr > 0:
            return i
    return len(lrs)


def features(lrs, raw):
    """The curve's points, as LRs: None where the curve has no such point."""
    n = finite_prefix(lrs, raw)
    if n < 10:
        return {}
    lrs, z = lrs[:n], smooth(raw[:n])
    begin = n // 10
    m = min(range(begin, n), key=lambda i: (z[i], i))
    p = max(range(begin, m + 1), key=lambda i: (z[i], -i))
    drop = z[p] - z[m]
    if m <= p or drop < 0.02 * abs(z[p]):
        return {}
    e = m
    while e + 1 < n and z[e] <= z[p]:
        e += 1
    logs = [math.log10(x) for x in lrs]
    slopes = [(z[i + 1] - z[i]) / (logs[i + 1] - logs[i]) for i in range(p, m)]
    steepest = p + min(range(len(slopes)), key=lambda k: slopes[k]) if slopes else m
    out = {"min": lrs[m], "blowup": lrs[e], "steepest": lrs[steepest],
           "v2": 10 ** ((logs[m] + logs[e]) / 2)}
    for share in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):  # where the loss has fallen this share
        i = p
        while i < m and z[i] > z[p] - share * drop:
            i += 1
        out["fall%d" % int(share * 100)] = lrs[i]
    # where the loss first comes back up by a share of the drop after the minimum
    for share in (0.05, 0.1, 0.2):
        i = m
        while i + 1 < n and z[i] < z[m] + share * drop:
            i += 1
        out["rise%d" % int(share * 100)] = lrs[i]
    # v2 where the loss blows up after its minimum; where it never gets back above its level
    # before the descent (a curve still falling, or flat, at the ladder's end), fall80
    blew_up = z[e] > z[p]
    out["v2nb"] = out["v2"] if blew_up else out["fall80"]
    out["v2nb90"] = out["v2"] if blew_up else out["fall90"]
    # halfway between v2 and fall80 where the loss blows up; fall80 where it never does
    out["mid80"] = math.sqrt(out["v2"] * out["fall80"]) if blew_up else out["fall80"]
    # halfway (on the log axis) between two features
    for a, b in (("steepest", "min"), ("v2", "fall80"), ("v2", "fall90"), ("min", "fall80"),
                 ("min", "fall90"), ("v2", "fall70")):
        out[a + "_" + b] = math.sqrt(out[a] * out[b])
    return out


def metric_on_grid(grid, lr):
    points = sorted(grid.items())
    if not points or lr < points[0][0] * (1 - 1e-9) or lr > points[-1][0] * (1 + 1e-9):
        return None
    for (a, va), (b, vb) in zip(points, points[1:] + [points[-1]]):
        if abs(lr - a) <= 1e-9 * a:
            return va
        if a < lr < b:
            if va is None or vb is None:
                return None
            t = (math.log10(lr) - math.log10(a)) / (math.log10(b) - math.log10(a))
            return va + t * (vb - va)
    return None


def best_of(cell):
    seeds = sorted(cell["grid"])
    lrs = sorted(set.intersection(*(set(cell["grid"][s]) for s in seeds)))
    loss = cell["metric"] == "test_loss"
    best = None
    for lr in lrs:
        values = [cell["grid"][s][lr] for s in seeds]
        if any(v is None for v in values):
            continue
        mean = statistics.fmean(values)
        std = statistics.stdev(values) if len(values) > 1 else 0.0
        if best is None or (mean < best[1] if loss else mean > best[1]):
            best = (lr, mean, std)
    return best


def score(cell, best, picks):
    """Within one std of the best (bool) and the loss against the best."""
    loss = cell["metric"] == "test_loss"
    values = []
    for seed, lr in picks.items():
        if lr is None or seed not in cell["grid"]:
            return False, None
        value = metric_on_grid(cell["grid"][seed], lr)
        if value is None:
            return False, None
        values.append(value)
    if not values:
        return False, None
    mean = statistics.fmean(values)
    within = mean <= best[1] + best[2] if loss else mean >= best[1] - best[2]
    return within, (mean - best[1]) if loss else (best[1] - mean)


def other_seeds_picks(cell):
    """Each seed's pick by a rule that sees the other seeds' trainings: the grid point whose mean
    metric over the other seeds is best. The most any rule can know about a seed's best peak
    before training it. Optimistic: the best it is judged against is a mean over the same seeds.
    Where it is within one std, the seeds agree on the best peak."""
    loss = cell["metric"] == "test_loss"
    picks = {}
    for seed in cell["curves"]:
        others = [s for s in cell["grid"] if s != seed]
        best = None
        for lr in sorted(cell["grid"].get(seed, {})):
            values = [cell["grid"][s].get(lr) for s in others]
            if not values or any(v is None for v in values):
                continue
            mean = statistics.fmean(values)
            if best is None or (mean < best[1] if loss else mean > best[1]):
                best = (lr, mean)
        picks[seed] = None if best is None else best[0]
    return picks


def print_criterion_reach(rows, held_out):
    """What the within-one-std criterion asks: the other seeds' best (a rule that had trained
    the grid on the other seeds), and a rule a quarter decade (half a grid step) or half a decade
    off the best peak on either side, each scored as the matrix scores a rule."""
    print("\nwhat the criterion asks: cells within one std of the grid's best "
          "(per optimizer: calibration | held out)")
    labels = ("other seeds' best", "best peak x10^-0.25", "best peak x10^+0.25",
              "grid neighbour below", "grid neighbour above")
    records = {label: {} for label in labels}
    for cell in rows:
        best = cell["best"]
        seeds = list(cell["curves"])
        picks = {labels[0]: other_seeds_picks(cell),
                 labels[1]: {s: best[0] * 10 ** -0.25 for s in seeds},
                 labels[2]: {s: best[0] * 10 ** 0.25 for s in seeds},
                 labels[3]: {s: best[0] * 10 ** -0.5 for s in seeds},
                 labels[4]: {s: best[0] * 10 ** 0.5 for s in seeds}}
        for label in labels:
            within, _ = score(cell, best, picks[label])
            key = ("held" if cell["data"] in held_out else "cal", cell["optimizer"])
            r = records[label].setdefault(key, [0, 0])
            r[0] += within
            r[1] += 1
    for label in labels:
        record = records[label]
        cal = sum(v[0] for k, v in record.items() if k[0] == "cal")
        cal_n = sum(v[1] for k, v in record.items() if k[0] == "cal")
        per = []
        for optimizer in ("sgd", "adam", "adamw", "rmsprop"):
            c = record.get(("cal", optimizer), [0, 0])
            h = record.get(("held", optimizer), [0, 0])
            per.append("%s %d/%d|%d/%d" % (optimizer, c[0], c[1], h[0], h[1]))
        print("  %-21s %5.1f%%  %s" % (label, 100 * cal / max(cal_n, 1), "  ".join(per)))


def main():
    db = sys.argv[1]
    held_out = set(sys.argv[2:] or ["wine"])
    cells = [c for c in load_cells(db) if c["curves"] and c["grid"]]
    names = None
    offsets = {}  # feature -> optimizer -> [log10(best / feature)]
    rows = []
    for cell in cells:
        best = best_of(cell)
        if best is None:
            continue
        feats = {seed: features(*curve) for seed, curve in cell["curves"].items()}
        cell["best"], cell["features"] = best, feats
        for f in feats.values():
            for name, lr in f.items():
                offsets.setdefault(name, {}).setdefault(cell["optimizer"], []).append(
                    math.log10(best[0] / lr))
        rows.append(cell)
    print("per cell: the grid's best peak, and each feature's median over the seeds, in log10 LR")
    shown = ("min", "steepest", "fall50", "fall80", "v2", "blowup")
    print("  %-34s %6s  %s" % ("cell", "best", "  ".join("%8s" % f for f in shown)))
    for cell in rows:
        medians = []
        for name in shown:
            values = [math.log10(f[name]) for f in cell["features"].values() if name in f]
            medians.append("%8.2f" % statistics.median(values) if values else "%8s" % "-")
        print("  %-34s %6.2f  %s" % (" ".join((cell["data"], cell["model"], cell["optimizer"])),
                                     math.log10(cell["best"][0]), "  ".join(medians)))
    print("decades from each feature to the grid's best peak (median, spread = 10th..90th), "
          "calibration and held-out cells alike")
    for name, per in offsets.items():
        text = []
        for optimizer, values in sorted(per.items()):
            values = sorted(values)
            lo, hi = values[len(values) // 10], values[(len(values) * 9) // 10]
            text.append("%s %+.2f [%+.2f..%+.2f]" % (optimizer, statistics.median(values), lo, hi))
        print("  %-9s %s" % (name, "; ".join(text)))
    # A candidate: a feature shifted by a number of decades, the same for every optimizer or one
    # for SGD and one for the adaptive optimizers (Adam, AdamW, RMSprop).
    shifts = [x / 4 for x in range(-8, 3)]
    candidates = {}
    for name in offsets:
        for shift in shifts:
            candidates["%s%+.2f" % (name, shift)] = (name, shift, shift)
            for adaptive in shifts:
                if adaptive != shift:
                    candidates["%s%+.2f/%+.2f" % (name, shift, adaptive)] = (name, shift, adaptive)
    results = []
    for label, (name, shift, adaptive) in candidates.items():
        record = {}
        lost = []
        accuracy_lost = []
        for cell in rows:
            decades = shift if cell["optimizer"] == "sgd" else adaptive
            picks = {seed: (f[name] * 10 ** decades if name in f else None)
                     for seed, f in cell["features"].items()}
            within, loss = score(cell, cell["best"], picks)
            key = ("held" if cell["data"] in held_out else "cal", cell["optimizer"])
            r = record.setdefault(key, [0, 0])
            r[0] += within
            r[1] += 1
            if key[0] == "cal" and cell["metric"] == "test_accuracy":
                # a cell without a value (off the grid, diverged) counts as 10 points lost
                points = 0.10 if loss is None else loss
                accuracy_lost.append(points)
                if cell["data"] == "fashion-mnist":
                    lost.append(points)
        cal = sum(v[0] for k, v in record.items() if k[0] == "cal")
        cal_n = sum(v[1] for k, v in record.items() if k[0] == "cal")
        results.append((cal / max(cal_n, 1), label, record, max(lost) if lost else None,
                        statistics.fmean(accuracy_lost) if accuracy_lost else None))
    results.sort(key=lambda r: (r[0], -(r[4] if r[4] is not None else 1.0)), reverse=True)
    print("\ncandidates by their share of calibration cells within one std "
          "(per optimizer: calibration | held out; worst Fashion-MNIST loss in points)")
    kept = [r for r in results if r[3] is not None and r[3] <= 0.01]
    print("  (%d candidates lose at most 1 point on every Fashion-MNIST cell; the first 15 of "
          "them come first)" % len(kept))
    v2 = [r for r in results if r[1] in ("v2+0.00", "mid80+0.25")]  # v2, and v3
    v2_lost = [r[4] for r in results if r[1] == "v2+0.00"]
    if v2_lost:
        better = [r for r in kept if r[4] is not None and r[4] <= v2_lost[0]]
        print("  (%d of them also lose on average no more than v2 does: the first 10 come next)"
              % len(better))
        kept = kept[:15] + better[:10]
    by_loss = sorted((r for r in results if r[4] is not None), key=lambda r: r[4])
    print("  (then the first 10 by mean accuracy lost on calibration cells, then v2 and v3)")
    for share, label, record, worst, mean_lost in kept + results[:15] + by_loss[:10] + v2:
        per = []
        for optimizer in ("sgd", "adam", "adamw", "rmsprop"):
            c = record.get(("cal", optimizer), [0, 0])
            h = record.get(("held", optimizer), [0, 0])
            per.append("%s %d/%d|%d/%d" % (optimizer, c[0], c[1], h[0], h[1]))
        print("  %-18s %5.1f%%  %s  worst FM %s  mean lost %s" % (
            label, 100 * share, "  ".join(per),
            "-" if worst is None else "%.1f" % (100 * worst),
            "-" if mean_lost is None else "%.1f" % (100 * mean_lost)))
    print_criterion_reach(rows, held_out)


if __name__ == "__main__":
    main()
