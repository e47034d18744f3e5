#include "torchscript_model.h"

#include "error_text.h"

#include "lrscope/engine/atomic_file.h"
#include "lrscope/engine/input_error.h"

#include <torch/script.h>

#include <set>

namespace lrscope::engine::detail {
namespace {

/// Trainable: floating point and requires_grad as the user saved it (a backbone saved frozen
/// stays frozen and is no layer group's).
bool trainable(const torch::Tensor& p) {
  return p.requires_grad() && p.is_floating_point();
}

class TorchScriptModel final : public ModelImpl {
public:
  /// The trainable parameters are those as saved, remembered: a group frozen later (freeze())
  /// keeps its place in layerGroups(). Moving the module keeps each parameter's identity.
  explicit TorchScriptModel(torch::jit::Module module) : m_module(std::move(module)) {
    for (const torch::Tensor& p : m_module.parameters())
      if (trainable(p))
        m_trainable.insert(p.unsafeGetTensorImpl());
  }

  /// Trainable parameters of each top-level child, then "other" for the module's own. A
  /// parameter shared by several children (tied weights) belongs to the first only, so the
  /// optimizer updates it once.
  std::vector<LayerGroup> layerGroups() override {
    std::vector<LayerGroup> groups;
    std::set<const void*> seen;
    auto take = [this, &seen](LayerGroup& group, const torch::Tensor& p) {
      const void* impl = p.unsafeGetTensorImpl();
      if (m_trainable.count(impl) != 0 && seen.insert(impl).second)
        group.parameters.push_back(p);
    };
    for (const auto& child : m_module.named_children()) {
      LayerGroup group{child.name, {}};
      for (const torch::Tensor& p : child.value.parameters())
        take(group, p);
      if (!group.parameters.empty())
        groups.push_back(std::move(group));
    }
    LayerGroup own{"other", {}};
    for (const auto& p : m_module.named_parameters(/*recurse=*/false))
      take(own, p.value);
    if (!own.parameters.empty())
      groups.push_back(std::move(own));
    return groups;
  }

  std::vector<torch::Tensor> parameters() override {
    std::vector<torch::Tensor> result;
    std::set<const void*> seen;
    for (const torch::Tensor& p : m_module.parameters())
      if (seen.insert(p.unsafeGetTensorImpl()).second)
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

protected:
  torch::Tensor forwardOnDevice(const torch::Tensor& input) override {
    const c10::IValue output = m_module.forward({input});
    if (!output.isTensor())
      throw InputError(name() + ": the TorchScript model's forward() must return one tensor");
    return output.toTensor();
  }
  void moveModuleTo(const torch::Device& device) override { m_module.to(device); }

private:
  torch::jit::Module m_module;
  std::set<const void*> m_trainable;
};

} // namespace

std::unique_ptr<ModelImpl> loadTorchScriptModel(const std::string& path) {
  torch::jit::Module module;
  try {
    rememberInputFile(path);
    module = torch::jit::load(path, torch::kCPU); // saved on any device; moved where it runs
  } catch (const c10::Error& error) {
    throw InputError(path + ": not a TorchScript model file (" + detail::errorText(error) +
                     "); save one with torch.jit.script(model).save(path)");
  }
  auto model = std::make_unique<TorchScriptModel>(std::move(module));
  if (model->layerGroups().empty())
    throw InputError(path + ": the TorchScript model has no trainable parameters (floating "
                            "point, requires_grad)");
  model->setName(path);
  return model;
}

} // namespace lrscope::engine::detail
