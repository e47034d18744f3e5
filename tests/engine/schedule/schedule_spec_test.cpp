#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_schedule.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace lrscope::engine {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const std::vector<ScheduleKind> kAllKinds{
    ScheduleKind::Constant, ScheduleKind::StepDecay,      ScheduleKind::CosineWarmup,
    ScheduleKind::OneCycle, ScheduleKind::Triangular,     ScheduleKind::Triangular2,
    ScheduleKind::ExpRange, ScheduleKind::ReduceOnPlateau};

/// The message of the InputError `action` throws; fails the test when it throws none.
std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(ScheduleKind, NamesRoundTrip) {
  const std::vector<std::string> names{"constant",   "step",        "cosine",    "one-cycle",
                                       "triangular", "triangular2", "exp-range", "plateau"};
  ASSERT_EQ(names.size(), kAllKinds.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(toString(kAllKinds[i]), names[i]);
    EXPECT_EQ(parseScheduleKind(names[i]), kAllKinds[i]);
  }
  EXPECT_EQ(errorOf([] { (void)parseScheduleKind("linear"); }),
            "unknown schedule \"linear\" (use constant, step, cosine, one-cycle, triangular, "
            "triangular2, exp-range, plateau)");
}

TEST(ScheduleSpec, DefaultsAreValidAndFastai) {
  const ScheduleSpec spec;
  EXPECT_NO_THROW(spec.validate());
  EXPECT_EQ(spec.kind, ScheduleKind::OneCycle);
  EXPECT_EQ(spec.divFactor, 25.0);
  EXPECT_EQ(spec.finalDivFactor, 1e5);
  EXPECT_EQ(spec.pctStart, 0.25);
  EXPECT_EQ(spec.maxMomentum, 0.95);
  EXPECT_EQ(spec.baseMomentum, 0.85);
}

struct BadField {
  std::function<void(ScheduleSpec&)> change;
  std::string message;
};

TEST(ScheduleSpec, ValidationNamesTheField) {
  const std::vector<BadField> cases{
      {[](ScheduleSpec& s) { s.maxLr = -1; }, "schedule maxLr must be a positive number, got -1"},
      {[](ScheduleSpec& s) { s.maxLr = kNan; },
       "schedule maxLr must be a positive number, got nan"},
      {[](ScheduleSpec& s) { s.maxLr = kInf; },
       "schedule maxLr must be a positive number, got inf"},
      {[](ScheduleSpec& s) { s.maxLr = 1e300; },
       "schedule maxLr must be at most 3.4028234663852886e+38 (the largest float32, what the "
       "model's weights hold), got 1e+300"},
      {[](ScheduleSpec& s) { s.minLr = -0.5; },
       "schedule minLr must be a finite number >= 0, got -0.5"},
      {[](ScheduleSpec& s) { s.minLr = 0.01; },
       "schedule minLr must not exceed maxLr (0.001), got 0.01"},
      {[](ScheduleSpec& s) { s.stepSize = -1; },
       "schedule stepSize must be >= 0 (0: one epoch), got -1"},
      {[](ScheduleSpec& s) { s.gamma = 0; }, "schedule gamma must be in (0, 1], got 0"},
      {[](ScheduleSpec& s) { s.gamma = 1.5; }, "schedule gamma must be in (0, 1], got 1.5"},
      {[](ScheduleSpec& s) { s.warmupSteps = -3; }, "schedule warmupSteps must be >= 0, got -3"},
      {[](ScheduleSpec& s) { s.divFactor = 0.5; }, "schedule divFactor must be >= 1, got 0.5"},
      {[](ScheduleSpec& s) { s.finalDivFactor = kInf; },
       "schedule finalDivFactor must be finite, got inf"},
      {[](ScheduleSpec& s) { s.pctStart = 1.25; }, "schedule pctStart must be in [0, 1], got 1.25"},
      {[](ScheduleSpec& s) { s.maxMomentum = 1.0; },
       "schedule maxMomentum must be in [0, 1), got 1"},
      {[](ScheduleSpec& s) { s.baseMomentum = -0.1; },
       "schedule baseMomentum must be in [0, 1), got -0.1"},
      {[](ScheduleSpec& s) { s.baseMomentum = 0.97; },
       "schedule baseMomentum must not exceed maxMomentum (0.95), got 0.97"},
      {[](ScheduleSpec& s) { s.halfCycleSteps = -2; },
       "schedule halfCycleSteps must be >= 0 (0: two epochs), got -2"},
      {[](ScheduleSpec& s) { s.expGamma = 0; }, "schedule expGamma must be in (0, 1], got 0"},
      {[](ScheduleSpec& s) { s.plateauFactor = 1; },
       "schedule plateauFactor must be in (0, 1), got 1"},
      {[](ScheduleSpec& s) { s.plateauPatience = -1; },
       "schedule plateauPatience must be >= 0, got -1"},
      {[](ScheduleSpec& s) { s.plateauThreshold = 1; },
       "schedule plateauThreshold must be in [0, 1), got 1"},
      {[](ScheduleSpec& s) { s.plateauCooldown = -1; },
       "schedule plateauCooldown must be >= 0, got -1"},
      {[](ScheduleSpec& s) { s.plateauMinLr = kNan; },
       "schedule plateauMinLr must be a finite number >= 0, got nan"},
      {[](ScheduleSpec& s) { s.plateauMinLr = 0.5; },
       "schedule plateauMinLr must not exceed maxLr (0.001), got 0.5"},
  };
  for (const BadField& bad : cases) {
    ScheduleSpec spec;
    bad.change(spec);
    EXPECT_EQ(errorOf([&] { spec.validate(); }), bad.message);
  }
}

ScheduleSpec unusualSpec() {
  ScheduleSpec s;
  s.kind = ScheduleKind::Triangular2;
  s.maxLr = 0.3;
  s.minLr = 0.003;
  s.stepSize = 7;
  s.gamma = 0.25;
  s.warmupSteps = 11;
  s.divFactor = 10;
  s.finalDivFactor = 1e3;
  s.pctStart = 0.4;
  s.cycleMomentum = false;
  s.maxMomentum = 0.9;
  s.baseMomentum = 0.8;
  s.halfCycleSteps = 123;
  s.expGamma = 0.999;
  s.plateauFactor = 0.3;
  s.plateauPatience = 4;
  s.plateauThreshold = 0.01;
  s.plateauCooldown = 1;
  s.plateauMinLr = 1e-5;
  return s;
}

TEST(ScheduleSpec, RoundTripsThroughJson) {
  const ScheduleSpec spec = unusualSpec();
  const nlohmann::json json = toJson(spec);
  EXPECT_EQ(json.at("kind"), "triangular2");
  EXPECT_EQ(json.at("max_lr"), 0.3);
  EXPECT_EQ(json.size(), 19u);
  const ScheduleSpec back = scheduleSpecFromJson(json);
  EXPECT_EQ(toJson(back), json);
  EXPECT_EQ(back.kind, ScheduleKind::Triangular2);
  EXPECT_EQ(back.halfCycleSteps, 123);
  EXPECT_FALSE(back.cycleMomentum);
  EXPECT_EQ(back.plateauMinLr, 1e-5);
  // And through text, as a config file holds it.
  EXPECT_EQ(toJson(scheduleSpecFromJson(nlohmann::json::parse(json.dump()))), json);
}

TEST(ScheduleSpec, MissingJsonFieldsKeepDefaults) {
  const ScheduleSpec spec =
      scheduleSpecFromJson(nlohmann::json::parse(R"({"kind": "cosine", "warmup_steps": 100})"));
  EXPECT_EQ(spec.kind, ScheduleKind::CosineWarmup);
  EXPECT_EQ(spec.warmupSteps, 100);
  EXPECT_EQ(spec.maxLr, 1e-3);
  EXPECT_EQ(toJson(scheduleSpecFromJson(nlohmann::json::object())), toJson(ScheduleSpec{}));
}

TEST(ScheduleSpec, JsonErrorsNameTheKey) {
  const auto read = [](const char* text) {
    return errorOf([text] { (void)scheduleSpecFromJson(nlohmann::json::parse(text)); });
  };
  EXPECT_EQ(read(R"({"max_LR": 0.1})"), "config: unknown key \"schedule.max_LR\"");
  EXPECT_EQ(read(R"({"max_lr": "big"})"),
            "config: \"schedule.max_lr\" must be a number, got \"big\"");
  EXPECT_EQ(read(R"({"step_size": 2.5})"), "config: \"schedule.step_size\" must be a whole "
                                           "number from -2147483648 to 2147483647, got 2.5");
  EXPECT_EQ(read(R"({"step_size": 3000000000})"),
            "config: \"schedule.step_size\" must be a whole number from -2147483648 to "
            "2147483647, got 3000000000");
  EXPECT_EQ(read(R"({"step_size": 1e12})"),
            "config: \"schedule.step_size\" must be a whole number from -2147483648 to "
            "2147483647, got 1000000000000.0");
  EXPECT_EQ(read(R"({"cycle_momentum": 1})"),
            "config: \"schedule.cycle_momentum\" must be true or false, got 1");
  EXPECT_EQ(read(R"({"kind": "linear"})").rfind("config: \"schedule.kind\": unknown schedule", 0),
            0u);
  EXPECT_EQ(read(R"([1, 2])"), "config: \"schedule\" must be an object, got [1,2]");
}

TEST(ScheduleFromRange, EachKindUsesTheRange) {
  const double lower = 1e-4;
  const double upper = 1e-2;
  for (const ScheduleKind kind : kAllKinds) {
    const ScheduleSpec spec = scheduleFromRange(kind, lower, upper);
    EXPECT_EQ(spec.kind, kind);
    EXPECT_EQ(spec.maxLr, upper) << toString(kind);
    EXPECT_NO_THROW(spec.validate()) << toString(kind);
  }

  const ScheduleSpec oneCycle = scheduleFromRange(ScheduleKind::OneCycle, lower, upper);
  EXPECT_NEAR(oneCycle.divFactor, 100.0, 1e-9); // 1e-2 / 1e-4
  EXPECT_EQ(oneCycle.finalDivFactor, 1e5);
  const auto schedule = LrSchedule::create(oneCycle, 100, 10);
  EXPECT_NEAR(schedule->lr(0), lower, 1e-15);
  EXPECT_DOUBLE_EQ(schedule->lr(25), upper);
  EXPECT_EQ(scheduleFromRange(ScheduleKind::OneCycle, 0.01, 0.01).divFactor, 1.0);

  for (const ScheduleKind kind :
       {ScheduleKind::CosineWarmup, ScheduleKind::StepDecay, ScheduleKind::Triangular,
        ScheduleKind::Triangular2, ScheduleKind::ExpRange})
    EXPECT_EQ(scheduleFromRange(kind, lower, upper).minLr, lower) << toString(kind);
  const auto cosine =
      LrSchedule::create(scheduleFromRange(ScheduleKind::CosineWarmup, lower, upper), 50, 10);
  EXPECT_EQ(cosine->lr(0), upper);
  EXPECT_NEAR(cosine->lr(49), lower, 1e-15);
  const auto triangular =
      LrSchedule::create(scheduleFromRange(ScheduleKind::Triangular, lower, upper), 100, 10);
  EXPECT_NEAR(triangular->lr(0), lower, 1e-15);
  EXPECT_NEAR(triangular->lr(20), upper, 1e-15); // S = 2 epochs of 10 steps

  EXPECT_EQ(scheduleFromRange(ScheduleKind::Constant, lower, upper).minLr, 0.0);
  const ScheduleSpec plateau = scheduleFromRange(ScheduleKind::ReduceOnPlateau, lower, upper);
  EXPECT_EQ(plateau.plateauMinLr, lower);
  EXPECT_EQ(plateau.minLr, 0.0);
}

TEST(ScheduleFromRange, RefusesABadRange) {
  EXPECT_EQ(errorOf([] { (void)scheduleFromRange(ScheduleKind::OneCycle, 0.1, 0.01); }),
            "a schedule's range needs 0 < lower <= upper, got lower 0.1 and upper 0.01");
  EXPECT_THROW((void)scheduleFromRange(ScheduleKind::OneCycle, 0.0, 0.01), InputError);
  EXPECT_THROW((void)scheduleFromRange(ScheduleKind::Constant, 1e-3, kInf), InputError);
  EXPECT_THROW((void)scheduleFromRange(ScheduleKind::Constant, kNan, 1e-3), InputError);
}

} // namespace
} // namespace lrscope::engine
