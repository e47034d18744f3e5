#include "lrscope/engine/model.h"

#include "builtin_models.h"
#include "error_text.h"
#include "global_rng_guard.h"
#include "model_impl.h"
#include "torch_device.h"
#include "torchscript_model.h"

#include "lrscope/engine/input_error.h"

#include <torch/version.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace lrscope::engine {
namespace {

std::string shapeText(c10::IntArrayRef shape) {
  std::ostringstream out;
  out << shape;
  return out.str();
}

/// A forward pass on a batch of two zero examples: the output must be [2, outputs].
void checkOutputFits(detail::ModelImpl& model, const std::vector<int64_t>& exampleShape,
                     int64_t outputs) {
  std::vector<int64_t> batchShape{2};
  batchShape.insert(batchShape.end(), exampleShape.begin(), exampleShape.end());
  torch::Tensor output;
  const bool wasTraining = model.isTraining();
  model.setTraining(false);
  try {
    torch::NoGradGuard noGrad;
    output = model.forward(torch::zeros(batchShape));
  } catch (const InputError&) {
    model.setTraining(wasTraining);
    throw;
  } catch (const std::exception& error) { // c10::Error, or the TorchScript interpreter's
    model.setTraining(wasTraining);
    throw InputError("model \"" + model.name() + "\" cannot take examples of shape " +
                     shapeText(exampleShape) + ": " + detail::errorText(error));
  }
  model.setTraining(wasTraining);
  if (output.dim() != 2 || output.size(0) != 2 || output.size(1) != outputs)
    throw InputError("model \"" + model.name() + "\" gives outputs of shape " +
                     shapeText(output.sizes().slice(1)) + " per example, but the data needs " +
                     std::to_string(outputs) + (outputs == 1 ? " (regression)" : " (classes)"));
}

/// Freezes the spec's groups, refusing a group the model lacks and a model left nothing to train.
void freezeGroups(detail::ModelImpl& model, const ModelSpec& spec) {
  if (spec.frozenGroups.empty())
    return;
  std::vector<std::string> groups;
  for (const auto& group : model.layerGroups())
    groups.push_back(group.name);
  requireFreezable(model.name(), groups, spec.frozenGroups);
  model.freeze(spec);
}

} // namespace

namespace detail {

void ModelImpl::freeze(const ModelSpec& spec) {
  for (const LayerGroup& group : layerGroups())
    if (spec.freezes(group.name)) {
      for (const torch::Tensor& p : group.parameters)
        p.requires_grad_(false);
      m_frozenGroups.push_back(group.name);
    }
}

bool ModelImpl::isFrozen(const std::string& group) const {
  return std::find(m_frozenGroups.begin(), m_frozenGroups.end(), group) != m_frozenGroups.end();
}

} // namespace detail

Model::Model(std::unique_ptr<detail::ModelImpl> impl) : m_impl(std::move(impl)) {}
Model::~Model() = default;

std::unique_ptr<Model> Model::create(const ModelSpec& spec,
                                     const std::vector<int64_t>& exampleShape, int64_t outputs,
                                     uint64_t seed) {
  spec.requireKnown();
  requireAvailable(spec.device);
  try {
    // One model at a time, and no range test's restore meanwhile (the guard's lock): each seeds
    // libtorch's global generator and draws its weights from it, so that models built on
    // several threads at once (repeats side by side) get exactly the weights their seed gives.
    const detail::GlobalRngGuard rngGuard;
    detail::seedGlobalRng(seed);
    std::unique_ptr<detail::ModelImpl> impl =
        spec.isBuiltIn() ? detail::makeBuiltInModel(spec, exampleShape, outputs)
                         : detail::loadTorchScriptModel(spec.name);
    impl->setTraining(true);
    impl->moveTo(detail::torchDevice(spec.device)); // the weights drawn on the CPU, as anywhere
    checkOutputFits(*impl, exampleShape, outputs);
    freezeGroups(*impl, spec);
    return std::unique_ptr<Model>(new Model(std::move(impl)));
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) { // anything libtorch raised while building or loading
    throw InputError("model \"" + spec.name + "\": " + detail::errorText(error));
  }
}

const std::string& Model::name() const {
  return m_impl->name();
}

std::vector<std::string> Model::layerGroupNames() const {
  std::vector<std::string> names;
  for (const auto& group : m_impl->layerGroups())
    names.push_back(group.name);
  return names;
}

std::vector<std::string> Model::frozenGroupNames() const {
  std::vector<std::string> names;
  for (const auto& group : m_impl->layerGroups())
    if (m_impl->isFrozen(group.name))
      names.push_back(group.name);
  return names;
}

int64_t Model::parameterCount() const {
  int64_t count = 0;
  for (const auto& group : m_impl->layerGroups())
    if (!m_impl->isFrozen(group.name))
      for (const torch::Tensor& p : group.parameters)
        count += p.numel();
  return count;
}

std::string Model::torchVersion() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

} // namespace lrscope::engine
