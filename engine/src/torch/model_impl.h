#pragma once

#include "lrscope/engine/model_spec.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace lrscope::engine::detail {

struct LayerGroup {
  std::string name;
  std::vector<torch::Tensor> parameters;
};

/// The libtorch side of a Model: a built-in torch::nn module or a TorchScript module.
class ModelImpl {
public:
  virtual ~ModelImpl() = default;

  /// The model's outputs for `input`, which is moved to the model's device first (batches are
  /// cut on the CPU).
  [[nodiscard]] torch::Tensor forward(const torch::Tensor& input) {
    return forwardOnDevice(input.to(m_device));
  }
  /// Moves parameters and buffers to `device` (the same tensors, their data moved).
  void moveTo(const torch::Device& device) {
    moveModuleTo(device);
    m_device = device;
  }
  [[nodiscard]] const torch::Device& device() const { return m_device; }
  [[nodiscard]] virtual std::vector<LayerGroup> layerGroups() = 0;
  [[nodiscard]] virtual std::vector<torch::Tensor> parameters() = 0;
  [[nodiscard]] virtual std::vector<torch::Tensor> buffers() = 0;
  virtual void setTraining(bool training) = 0;
  [[nodiscard]] virtual bool isTraining() const = 0;

  [[nodiscard]] const std::string& name() const { return m_name; }
  void setName(std::string name) { m_name = std::move(name); }

  /// Turns requires_grad off for the parameters of the groups spec.frozenGroups names, which the
  /// optimizer then leaves as they are (no gradient, no step, no weight decay). The groups keep
  /// their place in layerGroups(). Names are checked by the caller (Model::create).
  void freeze(const ModelSpec& spec);
  [[nodiscard]] bool isFrozen(const std::string& group) const;

protected:
  [[nodiscard]] virtual torch::Tensor forwardOnDevice(const torch::Tensor& input) = 0;
  virtual void moveModuleTo(const torch::Device& device) = 0;

private:
  std::string m_name;
  torch::Device m_device = torch::kCPU;
  std::vector<std::string> m_frozenGroups;
};

} // namespace lrscope::engine::detail
