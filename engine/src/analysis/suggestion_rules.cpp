#include "lrscope/engine/suggestion_rules.h"

#include "numeric_gradient.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>

namespace lrscope::engine {
namespace {

/// Index range [begin, end) of a curve.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  [[nodiscard]] std::size_t size() const { return end > begin ? end - begin : 0; }
};

/// fastai's trim: [n//10 : n-5], cut at the first non-finite loss or LR inside it.
Span fastaiTrim(const LrCurve& curve) {
  const std::size_t n = std::min(curve.lrs.size(), curve.losses.size());
  Span span{n / 10, n >= 5 ? n - 5 : 0};
  for (std::size_t i = span.begin; i < span.end; ++i) {
    if (!std::isfinite(curve.losses[i]) || !std::isfinite(curve.lrs[i])) {
      span.end = i;
      break;
    }
  }
  return span;
}

Suggestion make(const char* rule, const LrCurve& curve, std::size_t index, double lr) {
  return Suggestion{rule, 1, lr, curve.losses[index], index};
}

/// First index of the smallest value.
std::size_t argmin(const std::vector<double>& values) {
  return static_cast<std::size_t>(std::min_element(values.begin(), values.end()) - values.begin());
}

std::vector<double> slice(const std::vector<double>& values, Span span) {
  return {values.begin() + static_cast<std::ptrdiff_t>(span.begin),
          values.begin() + static_cast<std::ptrdiff_t>(span.end)};
}

} // namespace

std::optional<Suggestion> suggestMinimum(const LrCurve& curve) {
  const Span t = fastaiTrim(curve);
  if (t.size() < 1)
    return std::nullopt;
  const std::size_t best = t.begin + argmin(slice(curve.losses, t));
  return make("minimum", curve, best, curve.lrs[best] / 10.0);
}

std::optional<Suggestion> suggestSteep(const LrCurve& curve) {
  const Span t = fastaiTrim(curve);
  if (t.size() < 2)
    return std::nullopt;
  std::vector<double> slopes;
  for (std::size_t k = t.begin; k + 1 < t.end; ++k)
    slopes.push_back((curve.losses[k + 1] - curve.losses[k]) /
                     (std::log(curve.lrs[k + 1]) - std::log(curve.lrs[k])));
  const std::size_t best = t.begin + argmin(slopes);
  return make("steep", curve, best, curve.lrs[best]);
}

std::optional<Suggestion> suggestValley(const LrCurve& curve) {
  const Span t = fastaiTrim(curve);
  const std::vector<double> losses = slice(curve.losses, t);
  const std::size_t n = losses.size();
  if (n < 2)
    return std::nullopt;
  // Longest strictly decreasing subsequence ending at each index (the DP lds[i] = 1 + max lds[j]
  // over j < i with L_i < L_j), in O(n log n): tails[k] is the largest last loss of a strictly
  // decreasing subsequence of length k + 1, so tails decrease, and the number of tails above L_i
  // is the longest one L_i extends. The first index of the longest wins, as in the DP.
  std::vector<double> tails;
  std::vector<std::size_t> lds(n);
  std::size_t longestEnd = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto at = std::lower_bound(tails.begin(), tails.end(), losses[i], std::greater<>());
    lds[i] = static_cast<std::size_t>(at - tails.begin()) + 1;
    if (at == tails.end())
      tails.push_back(losses[i]);
    else
      *at = losses[i];
    if (lds[i] > lds[longestEnd])
      longestEnd = i;
  }
  // As fastai: start = end - lds[end], which is -1 when the valley begins at the first point;
  // the pick is clamped into the trimmed curve (fastai's Python would wrap to the last point).
  const long end = static_cast<long>(longestEnd);
  const long start = end - static_cast<long>(lds[longestEnd]);
  const double sections = static_cast<double>(end - start) / 3.0;
  const long pick =
      std::clamp(start + static_cast<long>(sections) + static_cast<long>(sections / 2.0), 0L,
                 static_cast<long>(n) - 1);
  const std::size_t index = t.begin + static_cast<std::size_t>(pick);
  return make("valley", curve, index, curve.lrs[index]);
}

std::optional<Suggestion> suggestSlide(const LrCurve& curve) {
  constexpr long kLrDiff = 15;
  constexpr double kThreshold = 0.005;
  const Span t = fastaiTrim(curve);
  const std::vector<double> losses = slice(curve.losses, t);
  const long n = static_cast<long>(losses.size());
  if (n <= kLrDiff)
    return std::nullopt;
  const std::vector<double> g = detail::gradient(losses);
  long r = n - 1;
  long l = r - kLrDiff;
  long picked = l;
  while (l >= 0 &&
         std::abs(g[static_cast<std::size_t>(r)] - g[static_cast<std::size_t>(l)]) > kThreshold) {
    picked = l;
    --r;
    --l;
  }
  const std::size_t index = t.begin + static_cast<std::size_t>(picked);
  return make("slide", curve, index, curve.lrs[index]);
}

std::optional<Suggestion> suggestSteepestIndex(const LrCurve& curve) {
  const std::size_t n = std::min(curve.lrs.size(), curve.losses.size());
  if (n < 10 + 5 + 2)
    return std::nullopt;
  const Span span{10, n - 5};
  const std::vector<double> g = detail::gradient(slice(curve.losses, span));
  if (!std::all_of(g.begin(), g.end(), [](double v) { return std::isfinite(v); }))
    return std::nullopt;
  const std::size_t index = span.begin + argmin(g);
  return make("steepest_index", curve, index, curve.lrs[index]);
}

std::optional<Suggestion> suggestSteepestLr(const LrCurve& curve) {
  const std::size_t n = std::min(curve.lrs.size(), curve.losses.size());
  if (n < 10 + 1 + 2)
    return std::nullopt;
  std::vector<double> losses;
  std::vector<double> lrs;
  std::vector<std::size_t> positions;
  for (std::size_t i = 10; i + 1 < n; ++i) {
    if (std::isfinite(curve.losses[i]) && std::isfinite(curve.lrs[i])) {
      losses.push_back(curve.losses[i]);
      lrs.push_back(curve.lrs[i]);
      positions.push_back(i);
    }
  }
  if (losses.size() < 2)
    return std::nullopt;
  const std::size_t index = positions[argmin(detail::gradient(losses, lrs))];
  return make("steepest_lr", curve, index, curve.lrs[index]);
}

std::vector<Suggestion> suggestAll(const LrCurve& curve) {
  std::vector<Suggestion> all;
  for (auto rule : {suggestMinimum, suggestSteep, suggestValley, suggestSlide, suggestSteepestIndex,
                    suggestSteepestLr}) {
    if (auto suggestion = rule(curve))
      all.push_back(*suggestion);
  }
  return all;
}

const std::vector<std::string>& suggestionRuleNames() {
  static const std::vector<std::string> names{"minimum", "steep",          "valley",
                                              "slide",   "steepest_index", "steepest_lr"};
  return names;
}

} // namespace lrscope::engine
