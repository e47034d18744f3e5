#include "lrscope/engine/optimizer.h"

#include "model_impl.h"
#include "optimizer_impl.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/number_text.h"

#include <cmath>

namespace lrscope::engine {
namespace {

namespace optim = torch::optim;

std::vector<optim::OptimizerParamGroup> paramGroups(Model& model) {
  std::vector<optim::OptimizerParamGroup> groups;
  for (const auto& group : model.impl().layerGroups())
    groups.emplace_back(group.parameters);
  return groups;
}

std::unique_ptr<optim::Optimizer> makeTorchOptimizer(const OptimizerSpec& spec, Model& model,
                                                     double lr) {
  switch (spec.kind) {
  case OptimizerKind::Sgd:
    return std::make_unique<optim::SGD>(paramGroups(model), optim::SGDOptions(lr)
                                                                .momentum(spec.effectiveMomentum())
                                                                .nesterov(spec.nesterov)
                                                                .weight_decay(spec.weightDecay));
  case OptimizerKind::Adam:
    return std::make_unique<optim::Adam>(paramGroups(model), optim::AdamOptions(lr)
                                                                 .betas({spec.beta1, spec.beta2})
                                                                 .eps(spec.eps)
                                                                 .weight_decay(spec.weightDecay));
  case OptimizerKind::AdamW:
    return std::make_unique<optim::AdamW>(paramGroups(model), optim::AdamWOptions(lr)
                                                                  .betas({spec.beta1, spec.beta2})
                                                                  .eps(spec.eps)
                                                                  .weight_decay(spec.weightDecay));
  case OptimizerKind::RmsProp:
    return std::make_unique<optim::RMSprop>(paramGroups(model),
                                            optim::RMSpropOptions(lr)
                                                .alpha(spec.alpha)
                                                .eps(spec.eps)
                                                .momentum(spec.effectiveMomentum())
                                                .weight_decay(spec.weightDecay));
  }
  throw InputError("unknown optimizer");
}

void requirePositive(double lr) {
  if (!(lr > 0.0) || !std::isfinite(lr))
    throw InputError("learning rates must be positive numbers, got " + numberText(lr));
}

} // namespace

Optimizer::Optimizer(std::unique_ptr<detail::OptimizerImpl> impl) : m_impl(std::move(impl)) {}
Optimizer::~Optimizer() = default;

std::unique_ptr<Optimizer> Optimizer::create(const OptimizerSpec& spec, Model& model,
                                             double initialLr) {
  spec.validate();
  requirePositive(initialLr);
  return std::unique_ptr<Optimizer>(new Optimizer(
      std::make_unique<detail::OptimizerImpl>(makeTorchOptimizer(spec, model, initialLr))));
}

int Optimizer::groupCount() const {
  return static_cast<int>(m_impl->torchOptimizer().param_groups().size());
}

std::vector<double> Optimizer::learningRates() const {
  std::vector<double> lrs;
  for (auto& group : m_impl->torchOptimizer().param_groups())
    lrs.push_back(group.options().get_lr());
  return lrs;
}

void Optimizer::setLearningRates(const std::vector<double>& lrs) {
  auto& groups = m_impl->torchOptimizer().param_groups();
  if (lrs.size() != groups.size())
    throw InputError("got " + std::to_string(lrs.size()) + " learning rates for " +
                     std::to_string(groups.size()) + " layer groups");
  for (const double lr : lrs)
    requirePositive(lr);
  for (std::size_t i = 0; i < groups.size(); ++i)
    groups[i].options().set_lr(lrs[i]);
}

void Optimizer::setLearningRate(double lr) {
  setLearningRates(std::vector<double>(static_cast<std::size_t>(groupCount()), lr));
}

} // namespace lrscope::engine
