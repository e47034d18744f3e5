#pragma once

#include "lrscope/engine/model_spec.h"

#include <memory>
#include <vector>

namespace lrscope::engine {

class Model;
namespace detail {
class OptimizerImpl;
}

/// A torch optimizer over a model's parameters, one parameter group per layer group.
class Optimizer {
public:
  /// Borrows the model, which must outlive the optimizer. Throws InputError for bad settings.
  [[nodiscard]] static std::unique_ptr<Optimizer> create(const OptimizerSpec& spec, Model& model,
                                                         double initialLr);
  ~Optimizer();
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  [[nodiscard]] int groupCount() const;
  [[nodiscard]] std::vector<double> learningRates() const;
  /// One LR per group; throws InputError when the count differs or an LR is not positive.
  void setLearningRates(const std::vector<double>& lrs);
  void setLearningRate(double lr);

  [[nodiscard]] detail::OptimizerImpl& impl() const { return *m_impl; }

private:
  explicit Optimizer(std::unique_ptr<detail::OptimizerImpl> impl);
  std::unique_ptr<detail::OptimizerImpl> m_impl;
};

} // namespace lrscope::engine
