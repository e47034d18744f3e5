// A user's TorchScript model, made here in C++ (no Python): a module "Tiny" with two child
// modules "hidden" and "head" that hold parameters, a child "act" that holds none, a direct
// parameter "scale" and a buffer that counts the examples seen in training.
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"
#include "lrscope/engine/range_test.h"
#include "lrscope/engine/tensor_dataset.h"

#include "model_impl.h"
#include "synthetic_data.h"

#include "engine/data/test_files.h"
#include "tensor_checks.h"
#include <ATen/CPUGeneratorImpl.h>

#include <gtest/gtest.h>
#include <torch/script.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace lrscope::engine {
namespace {

namespace fs = std::filesystem;

/// A TorchScript module as torch.jit.script makes one: with a "training" attribute.
torch::jit::Module scriptModule(const std::string& className) {
  torch::jit::Module module("__torch__." + className);
  module.register_attribute("training", c10::BoolType::get(), true);
  return module;
}

/// A child computing x @ weight.t() + bias.
torch::jit::Module linear(const std::string& className, int64_t in, int64_t out) {
  torch::jit::Module module = scriptModule(className);
  // Parameters saved from Python require gradients; so do these.
  module.register_parameter("weight", (torch::randn({out, in}) * 0.3).requires_grad_(), false);
  module.register_parameter("bias", torch::zeros({out}).requires_grad_(), false);
  module.define(R"(
def forward(self, x):
    return x.matmul(self.weight.t()) + self.bias
)");
  return module;
}

/// Tiny: inputs 8 -> hidden 16 -> relu -> head `outputs`, times a learned scale.
torch::jit::Module tinyModule(int64_t outputs) {
  torch::manual_seed(7);
  torch::jit::Module act = scriptModule("Relu");
  act.define(R"(
def forward(self, x):
    return x.relu()
)");
  torch::jit::Module tiny = scriptModule("Tiny");
  tiny.register_module("hidden", linear("Hidden", 8, 16));
  tiny.register_module("act", act);
  tiny.register_module("head", linear("Head", 16, outputs));
  tiny.register_parameter("scale", torch::ones({1}).requires_grad_(), false);
  tiny.register_buffer("seen", torch::zeros({1}));
  tiny.define(R"(
def forward(self, x):
    if self.training:
        self.seen.add_(x.size(0))
    return self.head.forward(self.act.forward(self.hidden.forward(x.flatten(1)))) * self.scale
)");
  return tiny;
}

constexpr int64_t kTinyParameters = (8 * 16 + 16) + (16 * 3 + 3) + 1;

using testing::bitIdentical;
using testing::copies;
using testing::globalRngState;

using test::contains;
using test::inputErrorOf;

class TorchScriptModel : public ::testing::Test {
protected:
  /// Saves the module and returns the path of its file.
  std::string save(const torch::jit::Module& module, const std::string& name) const {
    const std::string path = (m_dir / name).string();
    module.save(path);
    return path;
  }

  test::TempDir m_dir;
};

TEST_F(TorchScriptModel, LayerGroupsAreTheChildrenWithParametersThenOther) {
  const std::string path = save(tinyModule(3), "tiny.pt");
  const auto model = Model::create({path, {}}, {8}, 3, 1);
  EXPECT_EQ(model->name(), path);
  EXPECT_EQ(model->layerGroupNames(), (std::vector<std::string>{"hidden", "head", "other"}));
  EXPECT_EQ(model->parameterCount(), kTinyParameters);

  int64_t grouped = 0;
  for (const auto& group : model->impl().layerGroups())
    for (const auto& p : group.parameters) {
      grouped += p.numel();
      EXPECT_TRUE(p.requires_grad()) << group.name;
    }
  EXPECT_EQ(grouped, kTinyParameters);
  EXPECT_EQ(model->impl().buffers().size(), 1u);
}

TEST_F(TorchScriptModel, AcceptsImageShapedExamplesWhenTheModelFlattensThem) {
  const std::string path = save(tinyModule(3), "tiny.pt");
  EXPECT_EQ(Model::create({path, {}}, {2, 2, 2}, 3, 1)->parameterCount(), kTinyParameters);
}

TEST_F(TorchScriptModel, RangeTestTrainsItAndRestoresItBitIdentically) {
  const std::string path = save(tinyModule(3), "tiny.pt");
  const Dataset data = testing::blobs(40, 8);
  const auto model = Model::create({path, {}}, data.exampleShape, data.outputSize(), 1);
  const auto optimizer = Optimizer::create(OptimizerSpec{}, *model, 0.01);
  const TensorDataset tensors(data);
  const auto parametersBefore = copies(model->impl().parameters());
  const auto buffersBefore = copies(model->impl().buffers());
  const auto lrsBefore = optimizer->learningRates();
  const torch::Tensor rngBefore = globalRngState();
  ASSERT_EQ(lrsBefore.size(), 3u); // hidden, head, other

  RangeTestOptions options;
  options.startLr = 1e-3;
  options.endLr = 1.0;
  options.iterations = 12;
  options.batchSize = 16;
  const RangeTestResult result =
      RangeTest(options).run(*model, *optimizer, tensors, nullptr, nullptr, nullptr);

  ASSERT_EQ(result.status, RunStatus::Completed) << result.message;
  ASSERT_EQ(result.steps.size(), 12u);
  for (const StepRecord& r : result.steps) {
    EXPECT_TRUE(std::isfinite(r.loss)) << r.step;
    EXPECT_EQ(r.groupLrs.size(), 3u);
  }
  EXPECT_NE(result.steps.front().loss, result.steps.back().loss); // it did train
  EXPECT_TRUE(bitIdentical(model->impl().parameters(), parametersBefore));
  EXPECT_TRUE(bitIdentical(model->impl().buffers(), buffersBefore));
  EXPECT_EQ(optimizer->learningRates(), lrsBefore);
  EXPECT_TRUE(model->impl().isTraining());
  EXPECT_TRUE(torch::equal(globalRngState(), rngBefore));
}

TEST_F(TorchScriptModel, AnOutputWidthThatDoesNotFitTheClassesIsAnInputError) {
  const std::string path = save(tinyModule(5), "five_outputs.pt");
  const std::string message = inputErrorOf([&] { (void)Model::create({path, {}}, {8}, 3, 1); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "[5]")) << message;
  EXPECT_TRUE(contains(message, "3 (classes)")) << message;
}

TEST_F(TorchScriptModel, AnInputWidthThatDoesNotFitTheExamplesIsAnInputError) {
  const std::string path = save(tinyModule(3), "tiny.pt");
  std::string message;
  try {
    (void)Model::create({path, {}}, {4}, 3, 1);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    message = error.what();
  }
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "cannot take examples of shape [4]")) << message;
  // The TorchScript traceback is cut down to the interpreter's own last line.
  EXPECT_TRUE(contains(message, "cannot be multiplied")) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(TorchScriptModel, FrozenParametersStayFrozenAndOutOfTheOptimizer) {
  torch::jit::Module tiny = tinyModule(3);
  for (torch::Tensor p : tiny.attr("hidden").toModule().parameters())
    p.requires_grad_(false); // a frozen backbone
  const std::string path = save(tiny, "frozen.pt");
  const auto model = Model::create({path, {}}, {8}, 3, 1);
  EXPECT_EQ(model->layerGroupNames(), (std::vector<std::string>{"head", "other"}));
  EXPECT_EQ(model->parameterCount(), (16 * 3 + 3) + 1);
  for (const torch::Tensor& p : model->impl().parameters())
    if (p.numel() == 8 * 16)
      EXPECT_FALSE(p.requires_grad());
}

TEST_F(TorchScriptModel, AGroupFrozenByTheSpecKeepsItsPlace) {
  // Unlike a part saved frozen, a group frozen by --freeze stays a layer group, so that the
  // groups' LRs and the per-group test keep their indices.
  const std::string path = save(tinyModule(3), "tiny.pt");
  ModelSpec spec{path, {}};
  spec.frozenGroups = {"hidden"};
  const auto model = Model::create(spec, {8}, 3, 1);
  EXPECT_EQ(model->layerGroupNames(), (std::vector<std::string>{"hidden", "head", "other"}));
  EXPECT_EQ(model->frozenGroupNames(), (std::vector<std::string>{"hidden"}));
  EXPECT_EQ(model->parameterCount(), (16 * 3 + 3) + 1);
  const auto groups = model->impl().layerGroups();
  for (const torch::Tensor& p : groups[0].parameters)
    EXPECT_FALSE(p.requires_grad());
}

TEST_F(TorchScriptModel, TiedWeightsAreOneParameterInOneGroup) {
  torch::jit::Module shared = linear("Shared", 8, 8);
  torch::jit::Module tied = scriptModule("Tied");
  tied.register_module("first", shared);
  tied.register_module("second", shared);
  tied.define(R"(
def forward(self, x):
    return self.second.forward(self.first.forward(x.flatten(1)))
)");
  const std::string path = save(tied, "tied.pt");
  const auto model = Model::create({path, {}}, {8}, 8, 1);
  EXPECT_EQ(model->layerGroupNames(), (std::vector<std::string>{"first"}));
  EXPECT_EQ(model->parameterCount(), 8 * 8 + 8);
}

TEST_F(TorchScriptModel, AMistypedBuiltInNameSaysWhichNamesExist) {
  const std::string message = inputErrorOf([] { (void)Model::create({"MLP", {}}, {8}, 3, 1); });
  EXPECT_TRUE(contains(message, "unknown model \"MLP\"")) << message;
  EXPECT_TRUE(contains(message, "logreg, mlp, cnn, resnet")) << message;
}

TEST_F(TorchScriptModel, AModelWithoutParametersIsAnInputError) {
  torch::jit::Module identity = scriptModule("Identity");
  identity.define(R"(
def forward(self, x):
    return x.flatten(1)
)");
  const std::string path = save(identity, "identity.pt");
  const std::string message = inputErrorOf([&] { (void)Model::create({path, {}}, {3}, 3, 1); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "no trainable parameters")) << message;
}

TEST_F(TorchScriptModel, AForwardThatReturnsNoTensorIsAnInputError) {
  torch::jit::Module pair = scriptModule("Pair");
  pair.register_parameter("weight", torch::ones({3, 8}).requires_grad_(), false);
  pair.define(R"(
def forward(self, x):
    y = x.matmul(self.weight.t())
    return (y, y)
)");
  const std::string path = save(pair, "pair.pt");
  const std::string message = inputErrorOf([&] { (void)Model::create({path, {}}, {8}, 3, 1); });
  EXPECT_TRUE(contains(message, "one tensor")) << message;
}

} // namespace
} // namespace lrscope::engine
