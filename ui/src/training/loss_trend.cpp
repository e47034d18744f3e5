#include "training/loss_trend.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrscope::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Least-squares slope of ys against 0, 1, 2, ...; NaN for fewer than two points.
double slope(const std::vector<double>& ys) {
  const std::size_t n = ys.size();
  if (n < 2)
    return kNaN;
  const double meanX = (static_cast<double>(n) - 1.0) / 2.0;
  double meanY = 0.0;
  for (const double y : ys)
    meanY += y;
  meanY /= static_cast<double>(n);
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - meanX;
    sxy += dx * (ys[i] - meanY);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

} // namespace

TrendVerdict assessTrend(const std::vector<engine::EpochRecord>& epochs,
                         const std::vector<double>& smoothedLosses, const TrendOptions& options) {
  TrendVerdict verdict;
  verdict.trainSlopePer100Steps = kNaN;
  verdict.validationSlopePerEpoch = kNaN;

  // Training slope in ln(loss) per 100 steps over the recent steps.
  const std::size_t recent =
      std::min(smoothedLosses.size(), static_cast<std::size_t>(std::max(options.recentSteps, 2)));
  bool nonFinite = false;
  std::vector<double> logs;
  for (std::size_t i = smoothedLosses.size() - recent; i < smoothedLosses.size(); ++i) {
    const double loss = smoothedLosses[i];
    if (!std::isfinite(loss) || loss <= 0.0) {
      nonFinite = nonFinite || !std::isfinite(loss);
      continue; // a loss of exactly 0 has no logarithm; it is not a rise either
    }
    logs.push_back(std::log(loss));
  }
  if (static_cast<int>(logs.size()) >= options.minSteps)
    verdict.trainSlopePer100Steps = slope(logs) * 100.0;

  // Validation slope per epoch over the last 3 epochs with a finite validation loss.
  std::vector<double> validation;
  for (auto it = epochs.rbegin(); it != epochs.rend() && validation.size() < 3; ++it)
    if (std::isfinite(it->validationLoss))
      validation.insert(validation.begin(), it->validationLoss);
  verdict.validationSlopePerEpoch = slope(validation);

  const std::size_t n = epochs.size();
  const auto overfitting = [&] {
    const auto k = static_cast<std::size_t>(options.overfitEpochs);
    if (k == 0 || n < k + 1)
      return false;
    for (std::size_t i = n - k; i < n; ++i) {
      const engine::EpochRecord& before = epochs[i - 1];
      const engine::EpochRecord& now = epochs[i];
      if (!(now.validationLoss > before.validationLoss && now.trainLoss < before.trainLoss))
        return false;
    }
    return true;
  };
  const auto flat = [&] {
    const auto k = static_cast<std::size_t>(options.flatEpochs);
    if (k < 2 || n < k)
      return false;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (std::size_t i = n - k; i < n; ++i) {
      if (!std::isfinite(epochs[i].trainLoss))
        return false;
      low = std::min(low, epochs[i].trainLoss);
      high = std::max(high, epochs[i].trainLoss);
    }
    return low > 0.0 && (high - low) / low < options.flatRelativeChange;
  };

  if (nonFinite || verdict.trainSlopePer100Steps > options.risingSlope) {
    verdict.kind = TrendKind::Rising;
    verdict.message = "The training loss is rising: lower the learning rate.";
  } else if (overfitting()) {
    verdict.kind = TrendKind::Overfitting;
    verdict.message = "Validation loss is rising while training loss falls: overfitting. Stop "
                      "early, add regularization, or lower the rate.";
  } else if (flat()) {
    verdict.kind = TrendKind::Flat;
    verdict.message = "The loss has been flat for " + std::to_string(options.flatEpochs) +
                      " epochs: raise the rate, or let the schedule decay it.";
  } else if (std::isfinite(verdict.trainSlopePer100Steps) || n > 0) {
    verdict.kind = TrendKind::Improving;
    verdict.message = "Improving.";
  } else {
    verdict.kind = TrendKind::TooEarly;
    verdict.message = "Too early to tell: waiting for more steps.";
  }
  return verdict;
}

} // namespace lrscope::ui
