// TrainConfig as JSON: round trip, defaults, unknown keys (plain C++, no torch).
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/training_job.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lrscope::engine {
namespace {

TEST(TrainConfig, RoundTripsThroughJson) {
  TrainConfig config;
  config.data = {"data.csv", "price", TaskKind::Regression};
  config.sample = {2000, 0.0, 300, 9};
  config.model = {"mlp", {64, 32}};
  config.optimizer.kind = OptimizerKind::Adam;
  config.schedule.kind = ScheduleKind::CosineWarmup;
  config.schedule.maxLr = 3e-3;
  config.schedule.warmupSteps = 50;
  config.groupLrFactors = {0.01, 0.1, 1.0};
  config.epochs = 7;
  config.batchSize = 32;
  config.seed = 9;
  config.lrEvents = {{100, LrChange::Kind::Set, 1e-3}, {200, LrChange::Kind::Scale, 0.5}};
  config.checkpoint = "out/model.pt";
  config.resumeFrom = "in/model.pt";

  const nlohmann::json json = toJson(config);
  const TrainConfig back = trainConfigFromJson(json);
  EXPECT_EQ(toJson(back), json);
  EXPECT_EQ(back.data.task, TaskKind::Regression);
  EXPECT_EQ(back.schedule.kind, ScheduleKind::CosineWarmup);
  EXPECT_EQ(back.schedule.warmupSteps, 50);
  EXPECT_EQ(back.groupLrFactors, config.groupLrFactors);
  ASSERT_EQ(back.lrEvents.size(), 2u);
  EXPECT_EQ(back.lrEvents[1].kind, LrChange::Kind::Scale);
  EXPECT_EQ(back.lrEvents[1].step, 200);
  EXPECT_EQ(back.checkpoint, config.checkpoint);
  EXPECT_EQ(back.sample.seed, 9u);
}

TEST(TrainConfig, MissingFieldsKeepDefaultsAndUnknownKeysAreNamed) {
  const TrainConfig config =
      trainConfigFromJson(nlohmann::json::parse(R"({"training": {"epochs": 3}})"));
  EXPECT_EQ(config.epochs, 3);
  EXPECT_EQ(config.batchSize, 128);
  EXPECT_EQ(config.sample.validationCount, 5000);
  EXPECT_EQ(config.data.source, "fashion-mnist");
  for (const char* text :
       {R"({"training": {"epoch": 3}})", R"({"schedule": {"max_lr": "high"}})",
        R"({"training": {"lr_events": [{"step": 1, "kind": "double", "value": 2}]}})",
        R"({"training": {"lr_events": [{"step": 1, "kinds": "set", "value": 2}]}})",
        R"({"range_test": {}})"}) {
    try {
      (void)trainConfigFromJson(nlohmann::json::parse(text));
      ADD_FAILURE() << "expected an InputError for " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("config"), std::string::npos) << e.what();
    }
  }
}

} // namespace
} // namespace lrscope::engine
