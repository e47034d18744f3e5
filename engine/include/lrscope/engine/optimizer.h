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

  /// The momentum of every group: SGD's and RMSprop's momentum, Adam's and AdamW's beta1 (what
  /// a one-cycle schedule cycles). Throws InputError outside [0, 1), or when raising the
  /// momentum of an RMSprop optimizer from 0 (libtorch gives it no momentum buffer then).
  void setMomentum(double momentum);
  /// The momentum (or beta1) of every group, as setMomentum sets it.
  [[nodiscard]] std::vector<double> momenta() const;

  [[nodiscard]] detail::OptimizerImpl& impl() const { return *m_impl; }

private:
  explicit Optimizer(std::unique_ptr<detail::OptimizerImpl> impl);
  std::unique_ptr<detail::OptimizerImpl> m_impl;
};

} // namespace lrscope::engine
