#pragma once

#include <utility>
#include <vector>

namespace lrscope::ui {

/// The value below which a share p (0..1) of the samples lie (nearest rank); 0 for none.
[[nodiscard]] double percentile(std::vector<double> samples, double p);
[[nodiscard]] inline double median(std::vector<double> samples) {
  return percentile(std::move(samples), 0.5);
}
[[nodiscard]] double maximum(const std::vector<double>& samples);

} // namespace lrscope::ui
