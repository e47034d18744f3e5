#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lrscope::engine {
namespace {

TEST(FindConfig, RoundTripsThroughJson) {
  FindConfig config;
  config.data = {"data.csv", "species", TaskKind::Classification};
  config.sample = {500, 0.0, 100, 7};
  config.model.name = "mlp";
  config.model.hiddenWidths = {128, 64};
  config.optimizer.kind = OptimizerKind::AdamW;
  config.optimizer.weightDecay = 0.01;
  config.rangeTest.startLr = 1e-6;
  config.rangeTest.endLr = 3.0;
  config.rangeTest.iterations = 250;
  config.rangeTest.mode = LadderMode::Linear;
  config.rangeTest.validateEvery = 10;
  config.rangeTest.seed = 7;

  const FindConfig back = findConfigFromJson(toJson(config));
  EXPECT_EQ(toJson(back), toJson(config));
  EXPECT_EQ(back.model.hiddenWidths, (std::vector<int64_t>{128, 64}));
  EXPECT_EQ(back.optimizer.kind, OptimizerKind::AdamW);
  EXPECT_EQ(back.rangeTest.mode, LadderMode::Linear);
  EXPECT_EQ(back.sample.seed, 7u);
}

TEST(FindConfig, MissingFieldsKeepDefaults) {
  const FindConfig config =
      findConfigFromJson(nlohmann::json::parse(R"({"range_test": {"iterations": 50}})"));
  EXPECT_EQ(config.rangeTest.iterations, 50);
  EXPECT_EQ(config.rangeTest.startLr, 1e-7);
  EXPECT_EQ(config.rangeTest.endLr, 10.0);
  EXPECT_EQ(config.data.source, "fashion-mnist");
}

TEST(FindConfig, UnknownKeysAndWrongTypesNameTheKey) {
  try {
    (void)findConfigFromJson(nlohmann::json::parse(R"({"range_test": {"iters": 50}})"));
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("range_test.iters"), std::string::npos) << e.what();
  }
  try {
    (void)findConfigFromJson(nlohmann::json::parse(R"({"optimizer": {"momentum": "high"}})"));
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("optimizer.momentum"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)findConfigFromJson(nlohmann::json::parse(R"({"models": {}})")), InputError);
  EXPECT_THROW(
      (void)findConfigFromJson(nlohmann::json::parse(R"({"optimizer": {"kind": "lion"}})")),
      InputError);
}

TEST(FindConfig, MomentumDefaultsFollowTheOptimizer) {
  OptimizerSpec sgd;
  EXPECT_EQ(sgd.effectiveMomentum(), 0.9);
  OptimizerSpec rmsprop;
  rmsprop.kind = OptimizerKind::RmsProp;
  EXPECT_EQ(rmsprop.effectiveMomentum(), 0.0);
  rmsprop.momentum = 0.5;
  EXPECT_EQ(rmsprop.effectiveMomentum(), 0.5);
  const FindConfig fromJson =
      findConfigFromJson(nlohmann::json::parse(R"({"optimizer": {"kind": "rmsprop"}})"));
  EXPECT_EQ(fromJson.optimizer.effectiveMomentum(), 0.0);
}

/// "All groups" is an absent swept group, never a number: absent, null and the -1 that configs
/// stored before 2026-12 wrote all read as none; a group is written as its index, none as null.
TEST(FindConfig, SweptGroupIsOptional) {
  for (const char* text : {R"({"range_test": {}})", R"({"range_test": {"swept_group": null}})",
                           R"({"range_test": {"swept_group": -1}})"}) {
    const FindConfig config = findConfigFromJson(nlohmann::json::parse(text));
    EXPECT_EQ(config.rangeTest.sweptGroup, std::nullopt) << text;
    EXPECT_TRUE(toJson(config)["range_test"]["swept_group"].is_null()) << text;
    EXPECT_NO_THROW(config.validate()) << text;
  }
  const FindConfig second =
      findConfigFromJson(nlohmann::json::parse(R"({"range_test": {"swept_group": 1}})"));
  EXPECT_EQ(second.rangeTest.sweptGroup, 1);
  EXPECT_EQ(findConfigFromJson(toJson(second)).rangeTest.sweptGroup, 1);
  const FindConfig negative =
      findConfigFromJson(nlohmann::json::parse(R"({"range_test": {"swept_group": -2}})"));
  EXPECT_THROW(negative.validate(), InputError);
  EXPECT_THROW(
      (void)findConfigFromJson(nlohmann::json::parse(R"({"range_test": {"swept_group": 0.5}})")),
      InputError);
}

TEST(FindConfig, ValidateRejectsBadRangeTests) {
  FindConfig config;
  config.rangeTest.startLr = 1.0;
  config.rangeTest.endLr = 0.1;
  EXPECT_THROW(config.validate(), InputError);
  config = FindConfig{};
  config.rangeTest.iterations = 4;
  EXPECT_THROW(config.validate(), InputError);
  config = FindConfig{};
  config.rangeTest.divergeFactor = 1.0;
  EXPECT_THROW(config.validate(), InputError);
  config = FindConfig{};
  config.optimizer.nesterov = true;
  config.optimizer.momentum = 0.0;
  EXPECT_THROW(config.validate(), InputError);
  EXPECT_NO_THROW(FindConfig{}.validate());
}

TEST(FindConfig, AStartingCheckpointIsStoredOnlyWhenGiven) {
  FindConfig config;
  EXPECT_FALSE(toJson(config)["range_test"].contains("from_checkpoint")); // configs as before
  config.fromCheckpoint = "runs/mid.pt";
  const nlohmann::json json = toJson(config);
  EXPECT_EQ(json["range_test"]["from_checkpoint"], "runs/mid.pt");
  EXPECT_EQ(findConfigFromJson(json).fromCheckpoint, "runs/mid.pt");
}

TEST(FindConfig, FrozenGroupsAreStoredOnlyWhenGiven) {
  FindConfig config;
  EXPECT_FALSE(toJson(config)["model"].contains("freeze")); // configs read as before
  config.model.frozenGroups = {"conv1", "conv2"};
  const nlohmann::json json = toJson(config);
  EXPECT_EQ(json["model"]["freeze"], nlohmann::json({"conv1", "conv2"}));
  EXPECT_EQ(findConfigFromJson(json).model.frozenGroups, config.model.frozenGroups);
}

TEST(ModelSpec, RequireFreezableNamesTheModelsGroups) {
  const std::vector<std::string> groups{"conv1", "conv2", "head"};
  EXPECT_NO_THROW(requireFreezable("cnn", groups, {}));
  EXPECT_NO_THROW(requireFreezable("cnn", groups, {"conv1", "conv2"}));
  try {
    requireFreezable("cnn", groups, {"conv3"});
    ADD_FAILURE() << "froze a group the model lacks";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "cannot freeze \"conv3\": model \"cnn\" has no such "
                                         "layer group; its groups are conv1, conv2, head");
  }
  EXPECT_THROW(requireFreezable("cnn", groups, {"head", "conv2", "conv1"}), InputError);
  try { // a name given twice would count as two groups wherever groups are counted
    requireFreezable("cnn", groups, {"conv1", "conv1"});
    ADD_FAILURE() << "froze a group twice";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "layer group \"conv1\" is named twice in --freeze");
  }
}

} // namespace
} // namespace lrscope::engine
