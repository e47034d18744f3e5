#include "plots/loss_range.h"

#include <algorithm>
#include <cmath>

namespace lrscope::ui {

std::optional<QCPRange> interestingLossRange(const QCPGraphDataContainer& smoothed,
                                             const QCPGraphDataContainer& raw,
                                             const QCPGraphDataContainer* validation) {
  // The first lowest smoothed loss and the highest one before it.
  auto lowest = smoothed.constEnd();
  for (auto it = smoothed.constBegin(); it != smoothed.constEnd(); ++it)
    if (std::isfinite(it->value) && (lowest == smoothed.constEnd() || it->value < lowest->value))
      lowest = it;
  if (lowest == smoothed.constEnd())
    return std::nullopt;
  const double lowestKey = lowest->key;
  double low = lowest->value;
  double high = lowest->value;
  for (auto it = smoothed.constBegin(); it != lowest; ++it)
    if (std::isfinite(it->value))
      high = std::max(high, it->value);
  // A curve lowest at its start (a test from a trained checkpoint, whose loss only rises): the
  // rise up to where a range test calls it diverged (4 x the lowest) is what there is to see.
  constexpr double kDivergeFactor = 4.0;
  if (high - low <= 1e-3 * std::abs(low) && low > 0.0)
    for (auto it = lowest; it != smoothed.constEnd(); ++it)
      if (std::isfinite(it->value) && it->value <= kDivergeFactor * low)
        high = std::max(high, it->value);
  for (const QCPGraphDataContainer* other : {&raw, validation}) {
    if (other == nullptr)
      continue;
    for (auto it = other->constBegin(); it != other->constEnd() && it->key <= lowestKey; ++it)
      if (std::isfinite(it->value))
        low = std::min(low, it->value);
  }
  if (validation != nullptr)
    for (auto it = validation->constBegin(); it != validation->constEnd() && it->key <= lowestKey;
         ++it)
      if (std::isfinite(it->value))
        high = std::max(high, it->value);
  const double pad = std::max(0.25 * (high - low), 1e-6);
  return QCPRange(low - pad, high + pad);
}

void expandRange(std::optional<QCPRange>& into, const std::optional<QCPRange>& range) {
  if (!range)
    return;
  if (into)
    into->expand(*range);
  else
    into = range;
}

std::optional<std::pair<double, double>> typicalLossSpan(std::vector<double> losses) {
  losses.erase(std::remove_if(losses.begin(), losses.end(),
                              [](double loss) { return !std::isfinite(loss); }),
               losses.end());
  if (losses.empty())
    return std::nullopt;
  std::sort(losses.begin(), losses.end());
  const double median = losses[losses.size() / 2];
  const double cap = median > 0.0 ? 3.0 * median : losses.back();
  double upper = losses.front();
  for (const double loss : losses)
    if (loss <= cap)
      upper = loss;
  return std::pair{losses.front(), upper};
}

} // namespace lrscope::ui
