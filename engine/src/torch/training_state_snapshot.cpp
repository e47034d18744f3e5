#include "training_state_snapshot.h"

#include "global_rng_guard.h"

#include <mutex>
#include <stdexcept>

namespace lrscope::engine::detail {
namespace {

std::vector<torch::Tensor> deepCopy(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> copies;
  copies.reserve(tensors.size());
  for (const torch::Tensor& t : tensors)
    copies.push_back(t.defined() ? t.detach().clone() : torch::Tensor());
  return copies;
}

torch::Tensor copyOf(const torch::Tensor& t) {
  return t.defined() ? t.detach().clone() : t;
}

/// A copy of one parameter's optimizer state whose tensors share nothing with the original.
/// (OptimizerParamState::clone() copies tensor handles, and the optimizers update those tensors
/// in place.) Serializing through an archive would also work but costs ~1 ms per snapshot.
std::unique_ptr<torch::optim::OptimizerParamState>
deepCopy(const torch::optim::OptimizerParamState& state) {
  namespace optim = torch::optim;
  if (const auto* sgd = dynamic_cast<const optim::SGDParamState*>(&state)) {
    auto copy = std::make_unique<optim::SGDParamState>(*sgd);
    copy->momentum_buffer(copyOf(sgd->momentum_buffer()));
    return copy;
  }
  if (const auto* adam = dynamic_cast<const optim::AdamParamState*>(&state)) {
    auto copy = std::make_unique<optim::AdamParamState>(*adam);
    copy->exp_avg(copyOf(adam->exp_avg()));
    copy->exp_avg_sq(copyOf(adam->exp_avg_sq()));
    copy->max_exp_avg_sq(copyOf(adam->max_exp_avg_sq()));
    return copy;
  }
  if (const auto* adamw = dynamic_cast<const optim::AdamWParamState*>(&state)) {
    auto copy = std::make_unique<optim::AdamWParamState>(*adamw);
    copy->exp_avg(copyOf(adamw->exp_avg()));
    copy->exp_avg_sq(copyOf(adamw->exp_avg_sq()));
    copy->max_exp_avg_sq(copyOf(adamw->max_exp_avg_sq()));
    return copy;
  }
  if (const auto* rms = dynamic_cast<const optim::RMSpropParamState*>(&state)) {
    auto copy = std::make_unique<optim::RMSpropParamState>(*rms);
    copy->square_avg(copyOf(rms->square_avg()));
    copy->momentum_buffer(copyOf(rms->momentum_buffer()));
    copy->grad_avg(copyOf(rms->grad_avg()));
    return copy;
  }
  throw std::logic_error("cannot snapshot the state of this optimizer");
}

} // namespace

TrainingStateSnapshot::TrainingStateSnapshot(ModelImpl& model, torch::optim::Optimizer& optimizer)
    : m_model(model), m_optimizer(optimizer), m_training(model.isTraining()) {
  const std::vector<torch::Tensor> parameters = model.parameters();
  m_parameters = deepCopy(parameters);
  for (const torch::Tensor& p : parameters)
    m_gradients.push_back(p.grad().defined() ? p.grad().detach().clone() : torch::Tensor());
  m_buffers = deepCopy(model.buffers());

  for (const auto& [key, state] : optimizer.state())
    m_optimizerState.emplace(key, deepCopy(*state));
  for (auto& group : optimizer.param_groups())
    m_groupOptions.push_back(group.options().clone());

  const std::lock_guard<std::mutex> rngLock(globalRngLock());
  m_rngState = globalRngState();
}

void TrainingStateSnapshot::restore() {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> parameters = m_model.parameters();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    parameters[i].copy_(m_parameters[i]);
    torch::Tensor& grad = parameters[i].mutable_grad();
    grad = m_gradients[i].defined() ? m_gradients[i].clone() : torch::Tensor();
  }
  std::vector<torch::Tensor> buffers = m_model.buffers();
  for (std::size_t i = 0; i < buffers.size(); ++i)
    buffers[i].copy_(m_buffers[i]);
  m_model.setTraining(m_training);

  m_optimizer.state().clear();
  for (const auto& [key, state] : m_optimizerState)
    m_optimizer.state()[key] = deepCopy(*state);
  auto& groups = m_optimizer.param_groups();
  for (std::size_t i = 0; i < groups.size(); ++i)
    groups[i].set_options(m_groupOptions[i]->clone());

  const std::lock_guard<std::mutex> rngLock(globalRngLock()); // never inside a model's build
  setGlobalRngState(m_rngState);
}

} // namespace lrscope::engine::detail
