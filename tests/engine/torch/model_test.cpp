#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"

#include "model_impl.h"
#include "optimizer_impl.h"
#include "training_state_snapshot.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace lrscope::engine {
namespace {

std::vector<torch::Tensor> parametersOf(const Model& model) {
  return model.impl().parameters();
}

TEST(Model, BuiltInsHaveNamedLayerGroups) {
  ModelSpec mlp;
  mlp.name = "mlp";
  mlp.hiddenWidths = {32, 16};
  EXPECT_EQ(Model::create(mlp, {1, 28, 28}, 10, 1)->layerGroupNames(),
            (std::vector<std::string>{"hidden1", "hidden2", "head"}));
  EXPECT_EQ(Model::create({"cnn", {}}, {1, 28, 28}, 10, 1)->layerGroupNames(),
            (std::vector<std::string>{"conv1", "conv2", "head"}));
  EXPECT_EQ(Model::create({"resnet", {}}, {3, 32, 32}, 10, 1)->layerGroupNames(),
            (std::vector<std::string>{"stem", "stage1", "stage2", "stage3", "head"}));
  EXPECT_EQ(Model::create({"logreg", {}}, {4}, 3, 1)->layerGroupNames(),
            (std::vector<std::string>{"head"}));
}

TEST(Model, TheCoreKnowsEachBuiltInsGroupsByName) {
  // ModelSpec::builtInGroupNames (torch-free, for the dialogs) names what the models build.
  for (const ModelSpec& spec : {ModelSpec{"mlp", {32, 16}}, ModelSpec{"logreg", {}},
                                ModelSpec{"cnn", {}}, ModelSpec{"resnet", {}}})
    EXPECT_EQ(Model::create(spec, {3, 32, 32}, 10, 1)->layerGroupNames(), spec.builtInGroupNames())
        << spec.name;
  EXPECT_TRUE((ModelSpec{"model.pt", {}}.builtInGroupNames().empty()));
}

TEST(Model, AFrozenGroupKeepsItsPlaceAndStopsCounting) {
  ModelSpec spec{"mlp", {16}};
  spec.frozenGroups = {"hidden1"};
  const auto model = Model::create(spec, {8}, 3, 1);
  EXPECT_EQ(model->layerGroupNames(), (std::vector<std::string>{"hidden1", "head"}));
  EXPECT_EQ(model->frozenGroupNames(), (std::vector<std::string>{"hidden1"}));
  EXPECT_EQ(model->parameterCount(), 16 * 3 + 3); // the head's only
  const auto groups = model->impl().layerGroups();
  for (const auto& p : groups[0].parameters)
    EXPECT_FALSE(p.requires_grad());
  for (const auto& p : groups[1].parameters)
    EXPECT_TRUE(p.requires_grad());
}

TEST(Model, FreezingAGroupItLacksOrEveryGroupIsRefusedNamingTheGroups) {
  auto messageOf = [](const std::vector<std::string>& frozen) {
    ModelSpec spec{"mlp", {16}};
    spec.frozenGroups = frozen;
    try {
      (void)Model::create(spec, {8}, 3, 1);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(messageOf({"conv1"}), "cannot freeze \"conv1\": model \"mlp\" has no such layer "
                                  "group; its groups are hidden1, head");
  EXPECT_EQ(messageOf({"head", "hidden1"}),
            "freezing every layer group of model \"mlp\" "
            "(hidden1, head) leaves nothing to train; leave one out");
}

TEST(Model, LayerGroupsCoverEveryParameterOnce) {
  for (const char* name : {"mlp", "cnn", "resnet"}) {
    const auto model = Model::create({name, {64}}, {1, 28, 28}, 10, 1);
    int64_t grouped = 0;
    for (const auto& group : model->impl().layerGroups())
      for (const auto& p : group.parameters)
        grouped += p.numel();
    EXPECT_EQ(grouped, model->parameterCount()) << name;
  }
}

TEST(Model, ReferenceCnnHasTheAgreedShape) {
  // conv 1->16 (160) + conv 16->32 (4640) + linear 32*7*7 -> 10 (15690).
  EXPECT_EQ(Model::create({"cnn", {}}, {1, 28, 28}, 10, 1)->parameterCount(), 160 + 4640 + 15690);
}

TEST(Model, SameSeedSameWeightsWithoutTouchingGlobalRng) {
  torch::manual_seed(123);
  const torch::Tensor expectedDraw = torch::rand({4});
  torch::manual_seed(123);
  const auto a = Model::create({"mlp", {32}}, {8}, 3, 42);
  const auto b = Model::create({"mlp", {32}}, {8}, 3, 42);
  const auto c = Model::create({"mlp", {32}}, {8}, 3, 43);
  EXPECT_TRUE(torch::equal(torch::rand({4}), expectedDraw)); // global RNG untouched
  EXPECT_TRUE(torch::equal(parametersOf(*a)[0], parametersOf(*b)[0]));
  EXPECT_FALSE(torch::equal(parametersOf(*a)[0], parametersOf(*c)[0]));
}

// Repeats side by side: one repeat's range test puts libtorch's global generator back while
// another builds its model. The restore must never land between that build's seed and its draws.
TEST(Model, ARestoreOnAnotherThreadNeverChangesTheWeightsASeedGives) {
  const auto expected = Model::create({"mlp", {64}}, {16}, 3, 42);
  auto other = Model::create({"mlp", {8}}, {16}, 3, 7);
  const auto optimizer = Optimizer::create(OptimizerSpec{}, *other, 0.1);
  torch::manual_seed(99); // the state the other repeat's snapshot holds
  detail::TrainingStateSnapshot snapshot(other->impl(), optimizer->impl().torchOptimizer());
  std::atomic<bool> building{true};
  std::thread restoring([&] {
    while (building.load())
      snapshot.restore();
  });
  int differing = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto built = Model::create({"mlp", {64}}, {16}, 3, 42);
    for (std::size_t p = 0; p < parametersOf(*built).size(); ++p)
      differing += torch::equal(parametersOf(*built)[p], parametersOf(*expected)[p]) ? 0 : 1;
  }
  building = false;
  restoring.join();
  EXPECT_EQ(differing, 0);
}

TEST(Model, ADeviceThisBuildLacksIsRefusedInOneLine) {
  const std::vector<Device> offered = availableDevices();
  ASSERT_FALSE(offered.empty());
  EXPECT_TRUE(offered.front().isCpu());
  ModelSpec spec{"mlp", {8}};
  spec.device = {Device::Kind::Cuda, static_cast<int>(offered.size()) - 1}; // one GPU too many
  try {
    (void)Model::create(spec, {4}, 2, 1);
    ADD_FAILURE() << "built on " << toString(spec.device);
  } catch (const InputError& error) {
    const std::string why = error.what();
    EXPECT_EQ(why.find('\n'), std::string::npos) << why;
    if (offered.size() == 1) // Debian's libtorch
      EXPECT_NE(why.find("has no CUDA (Debian's is built for the CPU only); see \"On a GPU\" in "
                         "docs/reference.md"),
                std::string::npos)
          << why;
    else
      EXPECT_NE(why.find("this machine has"), std::string::npos) << why;
  }
}

TEST(Model, RejectsUnfitShapesWithAMessage) {
  try {
    (void)Model::create({"cnn", {}}, {8}, 3, 1);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("images"), std::string::npos) << e.what();
  }
  ModelSpec noHidden{"mlp", {}};
  EXPECT_THROW((void)Model::create(noHidden, {8}, 3, 1), InputError);
}

TEST(Model, AFileThatIsNotTorchScriptIsAnInputError) {
  const std::string path = ::testing::TempDir() + "/not_a_model.pt";
  std::ofstream(path) << "this is not a TorchScript archive";
  try {
    (void)Model::create({path, {}}, {8}, 3, 1);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a TorchScript"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)Model::create({"/no/such/file.pt", {}}, {8}, 3, 1), InputError);
}

} // namespace
} // namespace lrscope::engine
