#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace lrscope::engine {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

/// Tolerance relative to the expected value, for numbers written out by hand.
double near(double expected) {
  return std::abs(expected) * 1e-9;
}

ScheduleSpec specOf(ScheduleKind kind, double maxLr) {
  ScheduleSpec spec;
  spec.kind = kind;
  spec.maxLr = maxLr;
  return spec;
}

TEST(LrSchedule, ConstantIsMaxLrEverywhere) {
  const auto schedule = LrSchedule::create(specOf(ScheduleKind::Constant, 0.01), 100, 10);
  EXPECT_EQ(schedule->lr(0), 0.01);
  EXPECT_EQ(schedule->lr(57), 0.01);
  EXPECT_EQ(schedule->lr(1000), 0.01);
  EXPECT_FALSE(schedule->momentum(0).has_value());
  auto mutableSchedule = LrSchedule::create(specOf(ScheduleKind::Constant, 0.01), 100, 10);
  EXPECT_FALSE(mutableSchedule->onEpochEnd(0, 5.0));
  EXPECT_EQ(mutableSchedule->lr(0), 0.01);
}

TEST(LrSchedule, StepDecayDefaultsToOneEpochPerStep) {
  ScheduleSpec spec = specOf(ScheduleKind::StepDecay, 0.1);
  spec.gamma = 0.5; // stepSize 0: one epoch = 10 steps
  const auto schedule = LrSchedule::create(spec, 100, 10);
  EXPECT_EQ(schedule->lr(0), 0.1);
  EXPECT_EQ(schedule->lr(9), 0.1);                          // floor(9/10) = 0
  EXPECT_NEAR(schedule->lr(10), 0.05, near(0.05));          // 0.1 * 0.5^1
  EXPECT_NEAR(schedule->lr(25), 0.025, near(0.025));        // 0.1 * 0.5^2
  EXPECT_NEAR(schedule->lr(99), 1.953125e-4, near(1.9e-4)); // 0.1 * 0.5^9 = 0.1/512
  EXPECT_NEAR(schedule->lr(-4), 0.1, near(0.1));            // before the run: step 0
}

TEST(LrSchedule, StepDecayWithStepSizeAndFloor) {
  ScheduleSpec spec = specOf(ScheduleKind::StepDecay, 0.1);
  spec.gamma = 0.5;
  spec.stepSize = 3;
  const auto schedule = LrSchedule::create(spec, 100, 10);
  EXPECT_NEAR(schedule->lr(5), 0.05, near(0.05));   // floor(5/3) = 1
  EXPECT_NEAR(schedule->lr(6), 0.025, near(0.025)); // floor(6/3) = 2

  spec.stepSize = 10;
  spec.minLr = 0.02;
  const auto floored = LrSchedule::create(spec, 100, 10);
  EXPECT_NEAR(floored->lr(25), 0.025, near(0.025)); // 0.1 * 0.5^2, above the floor
  EXPECT_EQ(floored->lr(30), 0.02);                 // 0.1 * 0.5^3 = 0.0125 < 0.02
  EXPECT_EQ(floored->lr(99), 0.02);
}

TEST(LrSchedule, CosineWarmsUpLinearlyThenAnnealsToMinLr) {
  ScheduleSpec spec = specOf(ScheduleKind::CosineWarmup, 1.0);
  spec.minLr = 0.2;
  spec.warmupSteps = 4;
  // 13 steps: warm-up 0..3, cosine 4..12 with t = step - 4, T = 13 - 4 - 1 = 8.
  const auto schedule = LrSchedule::create(spec, 13, 5);
  EXPECT_NEAR(schedule->lr(0), 0.25, near(0.25)); // 1 * (0+1)/4
  EXPECT_NEAR(schedule->lr(1), 0.5, near(0.5));   // 1 * 2/4
  EXPECT_EQ(schedule->lr(3), 1.0);                // 1 * 4/4
  EXPECT_EQ(schedule->lr(4), 1.0);                // t = 0: 0.2 + 0.8 * (1 + cos 0)/2
  // t = 2: 0.2 + 0.8 * (1 + cos(pi/4))/2 = 0.2 + 0.8 * 0.853553390593 = 0.882842712475
  EXPECT_NEAR(schedule->lr(6), 0.882842712475, 1e-12);
  EXPECT_NEAR(schedule->lr(8), 0.6, near(0.6)); // t = 4: 0.2 + 0.8 * (1 + cos(pi/2))/2
  EXPECT_NEAR(schedule->lr(12), 0.2, 1e-15);    // t = 8: cos(pi) = -1, minLr exactly
  EXPECT_NEAR(schedule->lr(500), 0.2, 1e-15);   // past the end: the last step
  EXPECT_NEAR(schedule->lr(-1), 0.25, near(0.25));
  EXPECT_FALSE(schedule->momentum(3).has_value());
}

TEST(LrSchedule, CosineWithoutWarmupAndOneStepRuns) {
  ScheduleSpec spec = specOf(ScheduleKind::CosineWarmup, 1.0);
  spec.minLr = 0.2;
  const auto schedule = LrSchedule::create(spec, 5, 5); // T = 4
  EXPECT_EQ(schedule->lr(0), 1.0);
  EXPECT_NEAR(schedule->lr(2), 0.6, near(0.6)); // 0.2 + 0.8 * (1 + cos(pi/2))/2
  EXPECT_NEAR(schedule->lr(4), 0.2, 1e-15);
  // T == 0: the only cosine step is its start.
  EXPECT_EQ(LrSchedule::create(spec, 1, 1)->lr(0), 1.0);
  spec.warmupSteps = 2;
  EXPECT_EQ(LrSchedule::create(spec, 3, 1)->lr(2), 1.0);
  try {
    (void)LrSchedule::create(spec, 2, 1);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "schedule warmupSteps must be less than the run's 2 steps, got 2");
  }
}

TEST(LrSchedule, OneCycleFollowsFastaiCosinePhases) {
  // 41 steps, pctStart 0.25: peak P = round(10.25) = 10; phase 2 spans 40 - 10 = 30 steps.
  const auto schedule = LrSchedule::create(specOf(ScheduleKind::OneCycle, 0.01), 41, 10);
  EXPECT_NEAR(schedule->lr(0), 4e-4, near(4e-4)); // 0.01 / 25
  // pct 5/10: 4e-4 + (0.01 - 4e-4) * (1 - cos(pi/2))/2 = 4e-4 + 0.0096 * 0.5
  EXPECT_NEAR(schedule->lr(5), 0.0052, near(0.0052));
  EXPECT_DOUBLE_EQ(schedule->lr(10), 0.01);
  // pct 5/30: 0.01 + (1e-7 - 0.01) * (1 - cos(pi/6))/2 = 0.01 - 0.0099999 * 0.0669872981
  EXPECT_NEAR(schedule->lr(15), 0.009330133717652, 1e-15);
  // pct 1/2: (0.01 + 1e-7)/2
  EXPECT_NEAR(schedule->lr(25), 0.00500005, near(0.00500005));
  EXPECT_DOUBLE_EQ(schedule->lr(40), 1e-7); // 0.01 / 1e5, fastai's lr_max/div_final
  EXPECT_DOUBLE_EQ(schedule->lr(41), 1e-7);
}

TEST(LrSchedule, OneCyclePeakIsAtRoundPctStartTimesTotal) {
  // 100 steps: P = 25, as fastai (whose phase 1 covers pct_train = step/100 < 0.25).
  const auto schedule = LrSchedule::create(specOf(ScheduleKind::OneCycle, 0.01), 100, 10);
  // step 24, pct 24/25: 4e-4 + 0.0096 * (1 - cos(0.96 pi))/2 = 4e-4 + 0.0096 * 0.996057351
  EXPECT_NEAR(schedule->lr(24), 0.009962150566309, 1e-15);
  EXPECT_DOUBLE_EQ(schedule->lr(25), 0.01);
  EXPECT_LT(schedule->lr(26), 0.01);
  EXPECT_DOUBLE_EQ(schedule->momentum(25).value(), 0.85);
  EXPECT_GT(schedule->momentum(24).value(), 0.85);
  EXPECT_GT(schedule->momentum(26).value(), 0.85);
}

TEST(LrSchedule, OneCycleMomentumGoesDownAndBackUp) {
  const auto schedule = LrSchedule::create(specOf(ScheduleKind::OneCycle, 0.01), 41, 10);
  EXPECT_DOUBLE_EQ(schedule->momentum(0).value(), 0.95);
  EXPECT_NEAR(schedule->momentum(5).value(), 0.90, 1e-12); // 0.95 - 0.1 * 0.5
  EXPECT_DOUBLE_EQ(schedule->momentum(10).value(), 0.85);  // the peak of the LR
  // pct 5/30: 0.85 + 0.1 * (1 - cos(pi/6))/2 = 0.85 + 0.1 * 0.0669872981
  EXPECT_NEAR(schedule->momentum(15).value(), 0.856698729811, 1e-12);
  EXPECT_NEAR(schedule->momentum(25).value(), 0.90, 1e-12);
  EXPECT_DOUBLE_EQ(schedule->momentum(40).value(), 0.95);

  ScheduleSpec flat = specOf(ScheduleKind::OneCycle, 0.01);
  flat.cycleMomentum = false;
  EXPECT_FALSE(LrSchedule::create(flat, 41, 10)->momentum(10).has_value());
}

TEST(LrSchedule, OneCycleEdgesOfPctStart) {
  ScheduleSpec spec = specOf(ScheduleKind::OneCycle, 0.01);
  spec.pctStart = 0.0; // P = 0: starts at the peak
  auto schedule = LrSchedule::create(spec, 11, 10);
  EXPECT_DOUBLE_EQ(schedule->lr(0), 0.01);
  EXPECT_DOUBLE_EQ(schedule->momentum(0).value(), 0.85);
  EXPECT_DOUBLE_EQ(schedule->lr(10), 1e-7);

  spec.pctStart = 1.0; // P = round(11) clamped to 10: ends at the peak
  schedule = LrSchedule::create(spec, 11, 10);
  EXPECT_NEAR(schedule->lr(0), 4e-4, near(4e-4));
  EXPECT_DOUBLE_EQ(schedule->lr(10), 0.01);

  spec.pctStart = 0.25; // one step: P = round(0.25) = 0
  EXPECT_DOUBLE_EQ(LrSchedule::create(spec, 1, 1)->lr(0), 0.01);
}

ScheduleSpec cyclical(ScheduleKind kind) {
  ScheduleSpec spec = specOf(kind, 0.006);
  spec.minLr = 0.001; // hi - lo = 0.005
  spec.halfCycleSteps = 10;
  return spec;
}

TEST(LrSchedule, TriangularAtQuarterHalfAndFullCycles) {
  const auto schedule = LrSchedule::create(cyclical(ScheduleKind::Triangular), 100, 7);
  EXPECT_NEAR(schedule->lr(0), 0.001, near(0.001));    // cycle 1, x = |0 - 2 + 1| = 1
  EXPECT_NEAR(schedule->lr(5), 0.0035, near(0.0035));  // x = |0.5 - 1| = 0.5: lo + 0.005/2
  EXPECT_NEAR(schedule->lr(10), 0.006, near(0.006));   // x = 0: hi
  EXPECT_NEAR(schedule->lr(15), 0.0035, near(0.0035)); // x = 0.5
  EXPECT_NEAR(schedule->lr(20), 0.001, near(0.001));   // cycle 2, x = |2 - 4 + 1| = 1
  EXPECT_NEAR(schedule->lr(30), 0.006, near(0.006));   // cycle 2, x = |3 - 3| = 0
}

TEST(LrSchedule, Triangular2HalvesTheAmplitudeEachCycle) {
  const auto schedule = LrSchedule::create(cyclical(ScheduleKind::Triangular2), 100, 7);
  EXPECT_NEAR(schedule->lr(5), 0.0035, near(0.0035)); // cycle 1, scale 1
  EXPECT_NEAR(schedule->lr(10), 0.006, near(0.006));
  EXPECT_NEAR(schedule->lr(20), 0.001, near(0.001));
  // cycle 2, x = |2.5 - 3| = 0.5, scale 1/2: 0.001 + 0.005 * 0.5 * 0.5
  EXPECT_NEAR(schedule->lr(25), 0.00225, near(0.00225));
  EXPECT_NEAR(schedule->lr(30), 0.0035, near(0.0035));   // 0.001 + 0.005 / 2
  EXPECT_NEAR(schedule->lr(50), 0.00225, near(0.00225)); // cycle 3, x = 0: 0.001 + 0.005 / 4
}

TEST(LrSchedule, ExpRangeScalesByGammaToTheStep) {
  ScheduleSpec spec = cyclical(ScheduleKind::ExpRange);
  spec.expGamma = 0.9;
  const auto schedule = LrSchedule::create(spec, 100, 7);
  EXPECT_NEAR(schedule->lr(0), 0.001, near(0.001));
  // x = 0.5: 0.001 + 0.005 * 0.5 * 0.9^5 = 0.001 + 0.0025 * 0.59049
  EXPECT_NEAR(schedule->lr(5), 0.002476225, near(0.002476225));
  // x = 0: 0.001 + 0.005 * 0.9^10 = 0.001 + 0.005 * 0.3486784401
  EXPECT_NEAR(schedule->lr(10), 0.0027433922005, near(0.0027433922005));
  EXPECT_NEAR(schedule->lr(20), 0.001, near(0.001));
}

TEST(LrSchedule, CyclicalHalfCycleDefaultsToTwoEpochs) {
  ScheduleSpec spec = cyclical(ScheduleKind::Triangular);
  spec.halfCycleSteps = 0; // S = 2 * 5 = 10
  const auto schedule = LrSchedule::create(spec, 100, 5);
  EXPECT_NEAR(schedule->lr(5), 0.0035, near(0.0035));
  EXPECT_NEAR(schedule->lr(10), 0.006, near(0.006));
  EXPECT_NEAR(schedule->lr(20), 0.001, near(0.001));
}

ScheduleSpec plateau() {
  ScheduleSpec spec = specOf(ScheduleKind::ReduceOnPlateau, 0.1);
  spec.plateauFactor = 0.5;
  spec.plateauPatience = 2;
  spec.plateauThreshold = 0.1; // improving means below 90% of the best
  return spec;
}

TEST(LrSchedule, PlateauReducesAfterPatienceEpochsWithoutImprovement) {
  const auto schedule = LrSchedule::create(plateau(), 100, 10);
  EXPECT_EQ(schedule->lr(0), 0.1);
  EXPECT_FALSE(schedule->onEpochEnd(0, 1.0));  // first loss: best 1.0
  EXPECT_FALSE(schedule->onEpochEnd(1, 0.95)); // not below 0.9: bad 1
  EXPECT_TRUE(schedule->onEpochEnd(2, 0.92));  // bad 2 = patience: 0.1 * 0.5
  EXPECT_NEAR(schedule->lr(0), 0.05, near(0.05));
  EXPECT_NEAR(schedule->lr(999), 0.05, near(0.05)); // the same at every step
  EXPECT_FALSE(schedule->onEpochEnd(3, 0.85));      // below 0.9: best 0.85
  EXPECT_FALSE(schedule->onEpochEnd(4, kNan));      // NaN: bad 1
  EXPECT_TRUE(schedule->onEpochEnd(5, 0.80));       // not below 0.765: bad 2
  EXPECT_NEAR(schedule->lr(0), 0.025, near(0.025));
  EXPECT_FALSE(schedule->momentum(0).has_value());
}

TEST(LrSchedule, PlateauImprovementResetsPatienceAndThresholdIsRelative) {
  const auto schedule = LrSchedule::create(plateau(), 100, 10);
  EXPECT_FALSE(schedule->onEpochEnd(0, 1.0));
  EXPECT_FALSE(schedule->onEpochEnd(1, 0.91)); // 0.91 >= 0.9: bad 1
  EXPECT_FALSE(schedule->onEpochEnd(2, 0.89)); // 0.89 < 0.9: improves, best 0.89
  EXPECT_FALSE(schedule->onEpochEnd(3, 0.85)); // 0.85 >= 0.801: bad 1
  EXPECT_EQ(schedule->lr(0), 0.1);
  EXPECT_TRUE(schedule->onEpochEnd(4, 0.85)); // bad 2
}

TEST(LrSchedule, PlateauCooldownSkipsEpochsAfterAReduction) {
  ScheduleSpec spec = plateau();
  spec.plateauPatience = 1;
  spec.plateauCooldown = 2;
  const auto schedule = LrSchedule::create(spec, 100, 10);
  EXPECT_FALSE(schedule->onEpochEnd(0, 1.0));
  EXPECT_TRUE(schedule->onEpochEnd(1, 1.0));  // bad 1 = patience: 0.05, cooldown 2
  EXPECT_FALSE(schedule->onEpochEnd(2, 1.0)); // cooldown
  EXPECT_FALSE(schedule->onEpochEnd(3, 1.0)); // cooldown
  EXPECT_NEAR(schedule->lr(0), 0.05, near(0.05));
  EXPECT_TRUE(schedule->onEpochEnd(4, 1.0)); // counting again: 0.025
  EXPECT_NEAR(schedule->lr(0), 0.025, near(0.025));
}

TEST(LrSchedule, PlateauStopsAtItsMinimum) {
  ScheduleSpec spec = plateau();
  spec.plateauPatience = 1;
  spec.plateauMinLr = 0.03;
  const auto schedule = LrSchedule::create(spec, 100, 10);
  EXPECT_FALSE(schedule->onEpochEnd(0, 1.0));
  EXPECT_TRUE(schedule->onEpochEnd(1, 1.0)); // 0.05
  EXPECT_TRUE(schedule->onEpochEnd(2, 1.0)); // max(0.025, 0.03)
  EXPECT_EQ(schedule->lr(0), 0.03);
  EXPECT_FALSE(schedule->onEpochEnd(3, 1.0)); // already at the floor
  EXPECT_EQ(schedule->lr(0), 0.03);
}

TEST(LrSchedule, PlateauWithZeroPatienceReducesOnEveryBadEpoch) {
  ScheduleSpec spec = plateau();
  spec.plateauPatience = 0;
  const auto schedule = LrSchedule::create(spec, 100, 10);
  EXPECT_FALSE(schedule->onEpochEnd(0, 1.0));
  EXPECT_TRUE(schedule->onEpochEnd(1, 1.0));
  EXPECT_TRUE(schedule->onEpochEnd(2, kNan));
  EXPECT_NEAR(schedule->lr(0), 0.025, near(0.025));
}

TEST(LrSchedule, CreateRefusesBadArguments) {
  const ScheduleSpec spec = specOf(ScheduleKind::Constant, 0.01);
  try {
    (void)LrSchedule::create(spec, 0, 10);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "schedule totalSteps must be at least 1, got 0");
  }
  try {
    (void)LrSchedule::create(spec, 10, 0);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "schedule stepsPerEpoch must be at least 1, got 0");
  }
  EXPECT_THROW((void)LrSchedule::create(specOf(ScheduleKind::OneCycle, -1.0), 10, 10), InputError);
}

TEST(GeometricGroupFactors, SpreadsFromLoToHi) {
  EXPECT_EQ(geometricGroupFactors(1e-4, 1e-2, 1), std::vector<double>{1.0});
  const std::vector<double> two = geometricGroupFactors(1e-4, 1e-2, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_NEAR(two[0], 0.01, near(0.01)); // (1e-4/1e-2)^1
  EXPECT_EQ(two[1], 1.0);
  // ratio 1e-3: exponents 3/3, 2/3, 1/3, 0
  const std::vector<double> four = geometricGroupFactors(1e-3, 1.0, 4);
  ASSERT_EQ(four.size(), 4u);
  EXPECT_NEAR(four[0], 1e-3, near(1e-3));
  EXPECT_NEAR(four[1], 1e-2, near(1e-2));
  EXPECT_NEAR(four[2], 0.1, near(0.1));
  EXPECT_EQ(four[3], 1.0);
  EXPECT_EQ(geometricGroupFactors(0.5, 0.5, 3), (std::vector<double>{1.0, 1.0, 1.0}));
}

TEST(GeometricGroupFactors, RefusesBadBounds) {
  EXPECT_THROW((void)geometricGroupFactors(0.0, 1.0, 2), InputError);
  EXPECT_THROW((void)geometricGroupFactors(2.0, 1.0, 2), InputError);
  EXPECT_THROW((void)geometricGroupFactors(kNan, 1.0, 2), InputError);
  EXPECT_THROW((void)geometricGroupFactors(1.0, std::numeric_limits<double>::infinity(), 2),
               InputError);
  EXPECT_THROW((void)geometricGroupFactors(0.1, 1.0, 0), InputError);
}

} // namespace
} // namespace lrscope::engine
