#include "torchscript_model.h"

#include "error_text.h"

#include "lrscope/engine/input_error.h"

#include <torch/script.h>

namespace lrscope::engine::detail {
namespace {

class TorchScriptModel final : public ModelImpl {
public:
  explicit TorchScriptModel(torch::jit::Module module) : m_module(std::move(module)) {
    for (torch::Tensor p : m_module.parameters())
      p.requires_grad_(true);
  }

  torch::Tensor forward(const torch::Tensor& input) override {
    const c10::IValue output = m_module.forward({input});
    if (!output.isTensor())
      throw InputError(name() + ": the TorchScript model's forward() must return one tensor");
    return output.toTensor();
  }

  std::vector<LayerGroup> layerGroups() override {
    std::vector<LayerGroup> groups;
    for (const auto& child : m_module.named_children()) {
      LayerGroup group{child.name, {}};
      for (const torch::Tensor& p : child.value.parameters())
        group.parameters.push_back(p);
      if (!group.parameters.empty())
        groups.push_back(std::move(group));
    }
    LayerGroup own{"other", {}};
    for (const auto& p : m_module.named_parameters(/*recurse=*/false))
      own.parameters.push_back(p.value);
    if (!own.parameters.empty())
      groups.push_back(std::move(own));
    return groups;
  }

  std::vector<torch::Tensor> parameters() override {
    std::vector<torch::Tensor> result;
    for (const torch::Tensor& p : m_module.parameters())
      result.push_back(p);
    return result;
  }

  std::vector<torch::Tensor> buffers() override {
    std::vector<torch::Tensor> result;
    for (const torch::Tensor& b : m_module.buffers())
      result.push_back(b);
    return result;
  }

  void setTraining(bool training) override { m_module.train(training); }
  bool isTraining() const override { return m_module.is_training(); }

private:
  torch::jit::Module m_module;
};

} // namespace

std::unique_ptr<ModelImpl> loadTorchScriptModel(const std::string& path) {
  torch::jit::Module module;
  try {
    module = torch::jit::load(path);
  } catch (const c10::Error& error) {
    throw InputError(path + ": not a TorchScript model file (" + detail::errorText(error) +
                     "); save one with torch.jit.script(model).save(path)");
  }
  auto model = std::make_unique<TorchScriptModel>(std::move(module));
  if (model->parameters().empty())
    throw InputError(path + ": the TorchScript model has no parameters to train");
  model->setName(path);
  return model;
}

} // namespace lrscope::engine::detail
