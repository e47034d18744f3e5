#pragma once

#include <vector>

namespace lrscope::engine {

/// Debiased exponential moving average of the loss (fastai's lr_find smoothing):
/// avg_i = beta * avg_{i-1} + (1 - beta) * loss_i, smooth_i = avg_i / (1 - beta^(i+1)).
class LossSmoother {
public:
  /// Throws InputError unless 0 <= beta < 1.
  explicit LossSmoother(double beta);

  /// Adds the next raw loss and returns the smoothed value at this step.
  double add(double loss);
  [[nodiscard]] double beta() const { return m_beta; }

  /// The whole smoothed series of a raw series.
  [[nodiscard]] static std::vector<double> smooth(const std::vector<double>& raw, double beta);

private:
  double m_beta;
  double m_average = 0.0;
  double m_betaPower = 1.0;
};

} // namespace lrscope::engine
