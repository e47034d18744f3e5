// LR Scope's range rule, "lrscope-range", versions 2 and 3 (3 by default; 2 for comparison).
//
// The practice it encodes: the lower bound is the LR where the loss clearly starts to improve
// (the minimum to decay to); the upper bound is where improvement starts to falter (the LR to
// start training at).
//
// 1. Signal. When the curve carries raw per-step losses, they are smoothed with a centred,
//    zero-phase filter: a running median over 2h+1 points, then a running mean over 2h+1
//    points, h = max(2, n/25), windows shrinking symmetrically at the ends. The forward-only
//    EMA that the other rules read lags by tens of steps on a 100-step test, which pushes every
//    feature of the curve towards larger LRs; a centred filter keeps features where they
//    happened, and the median keeps the explosive tail of a diverging test from leaking back.
//    Without raw losses the curve's losses are used as given. Both filters slide their window
//    along the curve (centred_filter.cpp): O(n log n), the mean from the window's exact sum.
// 2. Window. Points before n/10 are skipped, and the curve ends at its first non-finite value.
// 3. Descent. m is the index of the lowest loss in the window, p the index of the highest loss
//    before it; drop = z[p] - z[m]. A drop under 2% of |z[p]| means the loss never clearly
//    improved: no range.
// 4. Lower bound: the first index after p where the loss has fallen by 10% of the drop.
// 5. Upper bound, version 2: improvement falters between m, where the loss stops falling, and
//    e, the first index after m where the loss is back above its level before the descent z[p]
//    (the last finite point when it never gets back there): the stretch where the loss has
//    stopped improving but has not blown up yet. The upper bound is its middle on the log
//    axis, sqrt(lr[m] * lr[e]), snapped to the nearest recorded LR.
// 6. Upper bound, version 3: f is the first index where the loss has fallen by 80% of the drop.
//    When the loss blows up (gets back above z[p]), the anchor is halfway on the log axis
//    between f and version 2's upper bound; on a curve that never does (still falling, or flat,
//    at the ladder's end: a convex model, a ladder that ends too early), f itself. The upper
//    bound is the recorded LR at or after p nearest to a quarter of a decade above the anchor
//    (x 10^0.25 = x 1.78).
//
// Version 1 put the upper bound where the slope had halved after the steepest descent, which
// lies before m. The suggestion audit (lrscope audit: one-cycle on the full Fashion-MNIST,
// 5 epochs) showed that too cautious: the small CNN's best peak LR was 3.2x v1's upper bound
// (90.9% against 90.0% test accuracy) and the MLP's half a decade above it. One-cycle warms
// up from upper/25, so its peak tolerates LRs past the range test's lowest loss; a peak at e
// itself (2.2e-1 for the CNN) lost accuracy again, and 3x past it diverged.
//
// Version 3 comes from the audit matrix (lrscope audit-matrix; docs/reference.md has the table and
// tests/experiments/range_rule_calibration.py the search): over 4 optimizers x 3 models on
// Fashion-MNIST and 2 models on three public tables, version 2's upper bound lay above the
// grid's best peak in most cells (a median of 1.0 to 1.5 decades above it, by optimizer), on
// curves that never blow up it was the ladder's last LR, and with AdamW the CNN diverged at it.
// Of the curve features tried (the lowest loss, the steepest descent, where 30-95% of the drop
// is done, the blow-up, halfway between two of them), each moved by -2 to +0.5 decades, the
// same for every optimizer or one for SGD and one for the adaptive optimizers, this one is
// within one standard deviation of the grid's best in the most calibration cells among those
// that keep every Fashion-MNIST cell within 1 point of the best, without losing more accuracy
// on average than a separate move for SGD would (so the optimizer does not enter the rule).
// No candidate came near 90% of the cells; docs/reference.md gives the figures.
#include "lrscope/engine/lr_range_rule.h"

#include "centred_filter.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>

namespace lrscope::engine {
namespace {

constexpr double kMinRelativeDrop = 0.02;
constexpr double kLowerDropFraction = 0.10;
/// Version 3's anchor: where this share of the drop is done (halfway to version 2's upper bound
/// when the loss blows up).
constexpr double kAnchorDropFraction = 0.80;
/// Version 3 moves its anchor this many decades.
constexpr double kV3ShiftDecades = 0.25;

/// Length of the leading stretch where lr and loss are finite.
std::size_t finitePrefix(const std::vector<double>& lrs, const std::vector<double>& losses) {
  const std::size_t n = std::min(lrs.size(), losses.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(lrs[i]) || !std::isfinite(losses[i]) || !(lrs[i] > 0.0))
      return i;
  return n;
}

/// The index in [first, last] whose LR is nearest to `target` on a log axis (the first of two
/// as near).
std::size_t nearestOnLogAxis(const std::vector<double>& lrs, std::size_t first, std::size_t last,
                             double logTarget) {
  std::size_t best = first;
  double bestDistance = std::abs(std::log(lrs[first]) - logTarget);
  for (std::size_t i = first + 1; i <= last; ++i) {
    const double distance = std::abs(std::log(lrs[i]) - logTarget);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/// The index in [first, last] nearest to sqrt(lrs[first] * lrs[last]) on a log axis.
std::size_t middleOnLogAxis(const std::vector<double>& lrs, std::size_t first, std::size_t last) {
  return nearestOnLogAxis(lrs, first, last, 0.5 * (std::log(lrs[first]) + std::log(lrs[last])));
}

/// The first index after `from` (and at most `to`) where z has fallen below z[from] - share *
/// drop.
std::size_t whereFallen(const std::vector<double>& z, std::size_t from, std::size_t to,
                        double share, double drop) {
  std::size_t i = from;
  while (i < to && z[i] > z[from] - share * drop)
    ++i;
  return i;
}

} // namespace

std::vector<double> LrRangeRule::smooth(const std::vector<double>& rawLosses) {
  const std::size_t h = std::max<std::size_t>(2, rawLosses.size() / 25);
  return detail::centredMean(detail::centredMedian(rawLosses, h), h);
}

const std::vector<int>& LrRangeRule::versions() {
  static const std::vector<int> known{2, 3};
  return known;
}

LrRangeResult LrRangeRule::apply(const LrCurve& curve, int version) {
  if (std::find(versions().begin(), versions().end(), version) == versions().end())
    throw std::invalid_argument("lrscope-range has no version " + std::to_string(version));
  const bool useRaw = !curve.rawLosses.empty() && curve.rawLosses.size() == curve.lrs.size();
  const std::vector<double>& source = useRaw ? curve.rawLosses : curve.losses;
  const std::size_t n = finitePrefix(curve.lrs, source);
  constexpr std::size_t kMinPoints = 10;
  if (n < kMinPoints)
    return {std::nullopt, "the curve has fewer than " + std::to_string(kMinPoints) +
                              " finite points; run more iterations"};

  const std::vector<double> finite(source.begin(), source.begin() + static_cast<long>(n));
  const std::vector<double> z = useRaw ? smooth(finite) : finite;
  const std::size_t begin = n / 10;

  const std::size_t m = static_cast<std::size_t>(
      std::min_element(z.begin() + static_cast<long>(begin), z.end()) - z.begin());
  const std::size_t p = static_cast<std::size_t>(
      std::max_element(z.begin() + static_cast<long>(begin), z.begin() + static_cast<long>(m) + 1) -
      z.begin());
  const double drop = z[p] - z[m];
  if (m <= p || drop < kMinRelativeDrop * std::abs(z[p]))
    return {std::nullopt, "the loss never clearly decreased; widen the LR span (--start-lr, "
                          "--end-lr) or check the model and data"};

  std::size_t lower = whereFallen(z, p, m, kLowerDropFraction, drop);

  std::size_t blowUp = m;
  while (blowUp + 1 < n && z[blowUp] <= z[p])
    ++blowUp;
  std::size_t upper = middleOnLogAxis(curve.lrs, m, blowUp);
  if (version >= 3) {
    const bool blewUp = z[blowUp] > z[p];
    const double fallen = std::log(curve.lrs[whereFallen(z, p, m, kAnchorDropFraction, drop)]);
    const double anchor = blewUp ? 0.5 * (fallen + std::log(curve.lrs[upper])) : fallen;
    upper = nearestOnLogAxis(curve.lrs, p, n - 1, anchor + kV3ShiftDecades * std::log(10.0));
  }

  if (upper <= lower)
    lower = upper > p ? std::max(p, std::min(lower, upper - 1)) : p;
  if (upper <= lower)
    return {std::nullopt, "the loss fell in a single step; run more iterations for a finer curve"};
  return {LrRange{curve.lrs[lower], curve.lrs[upper], kName, version}, ""};
}

} // namespace lrscope::engine
