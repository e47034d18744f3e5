#pragma once

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

  [[nodiscard]] virtual torch::Tensor forward(const torch::Tensor& input) = 0;
  [[nodiscard]] virtual std::vector<LayerGroup> layerGroups() = 0;
  [[nodiscard]] virtual std::vector<torch::Tensor> parameters() = 0;
  [[nodiscard]] virtual std::vector<torch::Tensor> buffers() = 0;
  virtual void setTraining(bool training) = 0;
  [[nodiscard]] virtual bool isTraining() const = 0;

  [[nodiscard]] const std::string& name() const { return m_name; }
  void setName(std::string name) { m_name = std::move(name); }

private:
  std::string m_name;
};

} // namespace lrscope::engine::detail
