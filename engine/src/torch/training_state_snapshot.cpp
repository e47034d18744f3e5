#include "training_state_snapshot.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <sstream>

namespace lrscope::engine::detail {
namespace {

std::vector<torch::Tensor> deepCopy(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> copies;
  copies.reserve(tensors.size());
  for (const torch::Tensor& t : tensors)
    copies.push_back(t.defined() ? t.detach().clone() : torch::Tensor());
  return copies;
}

} // namespace

TrainingStateSnapshot::TrainingStateSnapshot(ModelImpl& model, torch::optim::Optimizer& optimizer)
    : m_model(model), m_optimizer(optimizer), m_training(model.isTraining()) {
  const std::vector<torch::Tensor> parameters = model.parameters();
  m_parameters = deepCopy(parameters);
  for (const torch::Tensor& p : parameters)
    m_gradients.push_back(p.grad().defined() ? p.grad().detach().clone() : torch::Tensor());
  m_buffers = deepCopy(model.buffers());

  std::ostringstream state;
  torch::serialize::OutputArchive archive;
  optimizer.save(archive);
  archive.save_to(state);
  m_optimizerState = state.str();
  for (auto& group : optimizer.param_groups())
    m_groupOptions.push_back(group.options().clone());

  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  m_rngState = generator.get_state();
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

  // load() only adds the saved entries, so the state gathered since the snapshot goes first.
  m_optimizer.state().clear();
  std::istringstream state(m_optimizerState);
  torch::serialize::InputArchive archive;
  archive.load_from(state);
  m_optimizer.load(archive);
  auto& groups = m_optimizer.param_groups();
  for (std::size_t i = 0; i < groups.size(); ++i)
    groups[i].set_options(m_groupOptions[i]->clone());

  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(m_rngState);
}

} // namespace lrscope::engine::detail
