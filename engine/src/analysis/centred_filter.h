#pragma once

// Centred running filters over the window [i - r, i + r] of each point i of n,
// r = min(h, i, n-1-i): 2h+1 points inside, shrinking symmetrically at the ends. Both ends of the
// window only move forward with i, so each filter slides one window along the values, adding and
// removing points, in O(n log n) in all instead of O(n h).

#include <cstddef>
#include <vector>

namespace lrscope::engine::detail {

/// The median of each window (windows have odd length), exactly as std::nth_element picks it.
/// The values must be free of NaN.
[[nodiscard]] std::vector<double> centredMedian(const std::vector<double>& values, std::size_t h);

/// The mean of each window: the window's exact sum rounded once to a double, divided by its
/// length. The values must be finite.
[[nodiscard]] std::vector<double> centredMean(const std::vector<double>& values, std::size_t h);

} // namespace lrscope::engine::detail
