#include "bench/sample_stats.h"

#include <algorithm>
#include <cmath>

namespace lrscope::ui {

double percentile(std::vector<double> samples, double p) {
  if (samples.empty())
    return 0.0;
  const double rank = std::ceil(std::clamp(p, 0.0, 1.0) * static_cast<double>(samples.size()));
  const auto index = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index),
                   samples.end());
  return samples[index];
}

double maximum(const std::vector<double>& samples) {
  return samples.empty() ? 0.0 : *std::max_element(samples.begin(), samples.end());
}

} // namespace lrscope::ui
