#include "lrscope/storage/curve_downsampling.h"

#include <cmath>

namespace lrscope::storage {
namespace {

/// Index of the lowest and of the highest finite loss in [first, last); first when none is
/// finite.
std::pair<std::size_t, std::size_t> extremes(const std::vector<engine::StepRecord>& steps,
                                             std::size_t first, std::size_t last) {
  std::size_t low = first;
  std::size_t high = first;
  for (std::size_t i = first; i < last; ++i) {
    const double loss = steps[i].loss;
    if (std::isnan(loss)) {
      continue;
    }
    if (std::isnan(steps[low].loss) || loss < steps[low].loss) {
      low = i;
    }
    if (std::isnan(steps[high].loss) || loss > steps[high].loss) {
      high = i;
    }
  }
  return {low, high};
}

} // namespace

std::vector<engine::StepRecord> downsampleMinMax(const std::vector<engine::StepRecord>& steps,
                                                 std::size_t maxPoints) {
  if (maxPoints == 0 || steps.size() <= maxPoints || steps.size() < 3) {
    return steps;
  }
  // The first and last step are kept as they are; the steps between are cut into buckets of
  // equal size, each giving two points.
  const std::size_t inner = steps.size() - 2;
  const std::size_t buckets = std::max<std::size_t>(1, (maxPoints - 2) / 2);
  std::vector<engine::StepRecord> kept;
  kept.reserve(2 * buckets + 2);
  kept.push_back(steps.front());
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    const std::size_t first = 1 + bucket * inner / buckets;
    const std::size_t last = 1 + (bucket + 1) * inner / buckets;
    if (first == last) {
      continue;
    }
    const auto [low, high] = extremes(steps, first, last);
    kept.push_back(steps[std::min(low, high)]);
    if (low != high) {
      kept.push_back(steps[std::max(low, high)]);
    }
  }
  kept.push_back(steps.back());
  return kept;
}

} // namespace lrscope::storage
