#include "builtin_models.h"

#include "lrscope/engine/input_error.h"

#include <numeric>

namespace lrscope::engine::detail {
namespace {

namespace nn = torch::nn;

/// A torch module whose direct children are gathered into named layer groups.
struct GroupedNet : nn::Module {
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
};

int64_t product(const std::vector<int64_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<>());
}

struct LogisticRegression : GroupedNet {
  LogisticRegression(int64_t inputs, int64_t outputs) {
    head = register_module("head", nn::Linear(inputs, outputs));
    groups = {{"head", {"head"}}};
  }
  torch::Tensor forward(torch::Tensor x) override { return head->forward(x.flatten(1)); }
  nn::Linear head{nullptr};
};

struct Mlp : GroupedNet {
  Mlp(int64_t inputs, const std::vector<int64_t>& widths, int64_t outputs) {
    int64_t in = inputs;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string name = "hidden" + std::to_string(i + 1);
      hidden.push_back(register_module(name, nn::Linear(in, widths[i])));
      groups.push_back({name, {name}});
      in = widths[i];
    }
    head = register_module("head", nn::Linear(in, outputs));
    groups.push_back({"head", {"head"}});
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = x.flatten(1);
    for (auto& layer : hidden)
      x = torch::relu(layer->forward(x));
    return head->forward(x);
  }
  std::vector<nn::Linear> hidden;
  nn::Linear head{nullptr};
};

/// The reference model for benchmarks: two 3x3 convolutions of 16 and 32 channels, each
/// followed by ReLU and 2x2 max-pooling, and a linear head.
struct SmallCnn : GroupedNet {
  SmallCnn(const std::vector<int64_t>& shape, int64_t outputs) {
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(shape[0], 16, 3).padding(1)));
    conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(16, 32, 3).padding(1)));
    head = register_module("head", nn::Linear(32 * (shape[1] / 4) * (shape[2] / 4), outputs));
    groups = {{"conv1", {"conv1"}}, {"conv2", {"conv2"}}, {"head", {"head"}}};
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = torch::max_pool2d(torch::relu(conv1->forward(x)), 2);
    x = torch::max_pool2d(torch::relu(conv2->forward(x)), 2);
    return head->forward(x.flatten(1));
  }
  nn::Conv2d conv1{nullptr};
  nn::Conv2d conv2{nullptr};
  nn::Linear head{nullptr};
};

struct BasicBlockImpl : nn::Module {
  BasicBlockImpl(int64_t in, int64_t out, int64_t stride) {
    conv1 = register_module(
        "conv1", nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    bn1 = register_module("bn1", nn::BatchNorm2d(out));
    conv2 =
        register_module("conv2", nn::Conv2d(nn::Conv2dOptions(out, out, 3).padding(1).bias(false)));
    bn2 = register_module("bn2", nn::BatchNorm2d(out));
    if (stride != 1 || in != out) {
      shortcut = register_module(
          "shortcut",
          nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)),
                         nn::BatchNorm2d(out)));
    }
  }
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor y = torch::relu(bn1->forward(conv1->forward(x)));
    y = bn2->forward(conv2->forward(y));
    return torch::relu(y + (shortcut.is_empty() ? x : shortcut->forward(x)));
  }
  nn::Conv2d conv1{nullptr};
  nn::Conv2d conv2{nullptr};
  nn::BatchNorm2d bn1{nullptr};
  nn::BatchNorm2d bn2{nullptr};
  nn::Sequential shortcut{nullptr};
};
TORCH_MODULE(BasicBlock);

/// A small ResNet for 28x28 and 32x32 images: a 3x3 stem of 16 channels, three stages of two
/// basic blocks (16, 32, 64 channels; the last two halve the resolution), global average
/// pooling and a linear head. About 0.27 M parameters.
struct SmallResNet : GroupedNet {
  SmallResNet(const std::vector<int64_t>& shape, int64_t outputs) {
    stem = register_module(
        "stem",
        nn::Sequential(nn::Conv2d(nn::Conv2dOptions(shape[0], 16, 3).padding(1).bias(false)),
                       nn::BatchNorm2d(16), nn::ReLU()));
    stage1 =
        register_module("stage1", nn::Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 16, 1)));
    stage2 =
        register_module("stage2", nn::Sequential(BasicBlock(16, 32, 2), BasicBlock(32, 32, 1)));
    stage3 =
        register_module("stage3", nn::Sequential(BasicBlock(32, 64, 2), BasicBlock(64, 64, 1)));
    head = register_module("head", nn::Linear(64, outputs));
    groups = {{"stem", {"stem"}},
              {"stage1", {"stage1"}},
              {"stage2", {"stage2"}},
              {"stage3", {"stage3"}},
              {"head", {"head"}}};
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = stage3->forward(stage2->forward(stage1->forward(stem->forward(x))));
    return head->forward(x.mean({2, 3}));
  }
  nn::Sequential stem{nullptr};
  nn::Sequential stage1{nullptr};
  nn::Sequential stage2{nullptr};
  nn::Sequential stage3{nullptr};
  nn::Linear head{nullptr};
};

class BuiltInModel final : public ModelImpl {
public:
  explicit BuiltInModel(std::shared_ptr<GroupedNet> net) : m_net(std::move(net)) {}

  std::vector<LayerGroup> layerGroups() override {
    std::vector<LayerGroup> result;
    const auto children = m_net->named_children();
    for (const auto& [groupName, childNames] : m_net->groups) {
      LayerGroup group{groupName, {}};
      for (const std::string& child : childNames)
        for (const torch::Tensor& p : children[child]->parameters())
          group.parameters.push_back(p);
      result.push_back(std::move(group));
    }
    return result;
  }
  std::vector<torch::Tensor> parameters() override { return m_net->parameters(); }
  std::vector<torch::Tensor> buffers() override { return m_net->buffers(); }
  void setTraining(bool training) override { m_net->train(training); }
  bool isTraining() const override { return m_net->is_training(); }

protected:
  torch::Tensor forwardOnDevice(const torch::Tensor& input) override {
    return m_net->forward(input);
  }
  void moveModuleTo(const torch::Device& device) override { m_net->to(device); }

private:
  std::shared_ptr<GroupedNet> m_net;
};

void requireImage(const std::string& model, const std::vector<int64_t>& shape) {
  if (shape.size() != 3 || shape[1] < 8 || shape[2] < 8)
    throw InputError("model \"" + model +
                     "\" needs images of at least 8x8 pixels; use logreg or mlp for tables");
}

} // namespace

std::unique_ptr<ModelImpl>
makeBuiltInModel(const ModelSpec& spec, const std::vector<int64_t>& exampleShape, int64_t outputs) {
  std::shared_ptr<GroupedNet> net;
  if (spec.name == "logreg") {
    net = std::make_shared<LogisticRegression>(product(exampleShape), outputs);
  } else if (spec.name == "mlp") {
    if (spec.hiddenWidths.empty())
      throw InputError("mlp needs at least one hidden width (e.g. --widths 256)");
    for (const int64_t w : spec.hiddenWidths)
      if (w <= 0)
        throw InputError("mlp hidden widths must be positive, got " + std::to_string(w));
    net = std::make_shared<Mlp>(product(exampleShape), spec.hiddenWidths, outputs);
  } else if (spec.name == "cnn") {
    requireImage(spec.name, exampleShape);
    net = std::make_shared<SmallCnn>(exampleShape, outputs);
  } else if (spec.name == "resnet") {
    requireImage(spec.name, exampleShape);
    net = std::make_shared<SmallResNet>(exampleShape, outputs);
  } else {
    throw InputError("unknown built-in model \"" + spec.name + "\"");
  }
  auto model = std::make_unique<BuiltInModel>(std::move(net));
  model->setName(spec.name);
  return model;
}

} // namespace lrscope::engine::detail
