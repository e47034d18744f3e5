#pragma once

#include <vector>

namespace lrscope::engine::detail {

/// numpy.gradient(values): unit spacing, central differences inside, one-sided at the edges.
/// Fewer than two values give zeros.
[[nodiscard]] std::vector<double> gradient(const std::vector<double>& values);

/// numpy.gradient(values, coords): second-order central differences for non-uniform spacing
/// inside, first-order one-sided at the edges.
[[nodiscard]] std::vector<double> gradient(const std::vector<double>& values,
                                           const std::vector<double>& coords);

} // namespace lrscope::engine::detail
