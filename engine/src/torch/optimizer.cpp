#include "lrscope/engine/optimizer.h"

#include "model_impl.h"
#include "optimizer_impl.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_limits.h"
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

/// The field setMomentum sets in one group's options.
class MomentumField {
public:
  explicit MomentumField(optim::OptimizerOptions& options) : m_options(options) {}

  [[nodiscard]] double get() const {
    if (const auto* sgd = dynamic_cast<const optim::SGDOptions*>(&m_options))
      return sgd->momentum();
    if (const auto* adam = dynamic_cast<const optim::AdamOptions*>(&m_options))
      return std::get<0>(adam->betas());
    if (const auto* adamw = dynamic_cast<const optim::AdamWOptions*>(&m_options))
      return std::get<0>(adamw->betas());
    if (const auto* rms = dynamic_cast<const optim::RMSpropOptions*>(&m_options))
      return rms->momentum();
    throw InputError("this optimizer has no momentum");
  }

  void set(double value) {
    if (auto* sgd = dynamic_cast<optim::SGDOptions*>(&m_options)) {
      sgd->momentum(value);
    } else if (auto* adam = dynamic_cast<optim::AdamOptions*>(&m_options)) {
      adam->betas({value, std::get<1>(adam->betas())});
    } else if (auto* adamw = dynamic_cast<optim::AdamWOptions*>(&m_options)) {
      adamw->betas({value, std::get<1>(adamw->betas())});
    } else if (auto* rms = dynamic_cast<optim::RMSpropOptions*>(&m_options)) {
      if (rms->momentum() == 0.0 && value > 0.0)
        throw InputError("rmsprop was created without momentum and cannot take one now; give it "
                         "a momentum > 0 to cycle it");
      rms->momentum(value);
    } else {
      throw InputError("this optimizer has no momentum");
    }
  }

private:
  optim::OptimizerOptions& m_options;
};

} // namespace

Optimizer::Optimizer(std::unique_ptr<detail::OptimizerImpl> impl) : m_impl(std::move(impl)) {}
Optimizer::~Optimizer() = default;

std::unique_ptr<Optimizer> Optimizer::create(const OptimizerSpec& spec, Model& model,
                                             double initialLr) {
  spec.validate();
  requireUsableLr("the learning rate", initialLr);
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
    requireUsableLr("the learning rate", lr);
  for (std::size_t i = 0; i < groups.size(); ++i)
    groups[i].options().set_lr(lrs[i]);
}

void Optimizer::setLearningRate(double lr) {
  setLearningRates(std::vector<double>(static_cast<std::size_t>(groupCount()), lr));
}

void Optimizer::setMomentum(double momentum) {
  if (!(momentum >= 0.0 && momentum < 1.0))
    throw InputError("momentum must be in [0, 1), got " + numberText(momentum));
  for (auto& group : m_impl->torchOptimizer().param_groups())
    MomentumField(group.options()).set(momentum);
}

std::vector<double> Optimizer::momenta() const {
  std::vector<double> values;
  for (auto& group : m_impl->torchOptimizer().param_groups())
    values.push_back(MomentumField(group.options()).get());
  return values;
}

} // namespace lrscope::engine
