#include "lrscope/engine/input_error.h"
#include "lrscope/engine/sweep_job.h"

#include "common/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <random>

namespace lrscope::engine {
namespace {

using lrscope::test::TempDir;

/// A linear target of 8 features with a little noise, as a CSV file: linear regression
/// ("logreg" with one output) learns it at moderate LRs and blows up, exponentially, at LRs
/// far past 2/curvature. A fifth of the rows is held out as the test split when it is loaded.
std::filesystem::path writeLinearCsv(const TempDir& dir, int rows = 750) {
  const std::filesystem::path file = dir / "linear.csv";
  std::ofstream out(file);
  for (int d = 0; d < 8; ++d)
    out << "x" << d << ",";
  out << "y\n";
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int i = 0; i < rows; ++i) {
    double y = 0.0;
    for (int d = 0; d < 8; ++d) {
      const double x = normal(rng);
      y += (d + 1) * 0.25 * x;
      out << x << ",";
    }
    out << y + 0.1 * normal(rng) << "\n";
  }
  return file;
}

/// 500 examples to train on in batches of 50 (10 steps an epoch), 100 to rank by; K = 4 LRs
/// from 1e-7 to 1e3: 1e-7 (learns nothing), 2.15e-4 (slow), 0.464 (fine) and 1e3 (diverges
/// in its first epoch; anything past about 1.5 diverges sooner or later).
SweepConfig linearSweep(const TempDir& dir) {
  SweepConfig config;
  config.training.data = {writeLinearCsv(dir).string(), "y", TaskKind::Regression};
  config.training.sample = {0, 0.0, 100, 1};
  config.training.model = {"logreg", {}};
  config.training.batchSize = 50;
  config.lowerLr = 1e-7;
  config.upperLr = 1e3;
  config.candidates = 4;
  config.epochsPerRung = 1;
  return config;
}

constexpr int kStepsPerEpoch = 10;

/// Keeps everything a sweep reports, per candidate.
class RecordingSweep : public SweepObserver {
public:
  class Candidate : public TrainingObserver {
  public:
    void onStep(const StepRecord& record) override {
      steps.push_back(record.step);
      if (hook)
        hook(record);
    }
    void onEpoch(const EpochRecord& record) override { epochs.push_back(record.epoch); }
    void onEvent(int, const std::string& kind, const std::string&) override {
      events.push_back(kind);
    }
    std::vector<int> steps;
    std::vector<int> epochs;
    std::vector<std::string> events;
    std::function<void(const StepRecord&)> hook;
  };

  void onCandidates(const std::vector<TrainConfig>& configs) override {
    candidates = configs;
    observers.resize(configs.size());
  }
  TrainingObserver* candidateObserver(int index) override {
    return &observers[static_cast<std::size_t>(index)];
  }
  void onCandidateTrained(int index, int rung, const TrainingReport& report) override {
    trained.push_back({index, rung});
    lastStatus[index] = report.status;
  }
  void onEliminated(const Elimination& e) override { eliminations.push_back(e); }

  std::vector<TrainConfig> candidates;
  std::vector<Candidate> observers;
  std::vector<std::pair<int, int>> trained; ///< (candidate, rung) in order
  std::map<int, RunStatus> lastStatus;
  std::vector<Elimination> eliminations;
};

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// --- Pieces --------------------------------------------------------------------------------

TEST(SweepJob, LrsAreLogSpacedWithBothEnds) {
  const std::vector<double> lrs = logSpacedLrs(1e-7, 1e3, 4);
  ASSERT_EQ(lrs.size(), 4u);
  EXPECT_EQ(lrs.front(), 1e-7);
  EXPECT_EQ(lrs.back(), 1e3);
  EXPECT_NEAR(std::log10(lrs[1]), -7.0 + 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(std::log10(lrs[2]), -7.0 + 20.0 / 3.0, 1e-12);
}

TEST(SweepJob, SpanAroundARangeIsHalfADecadeBeyondEachEnd) {
  const auto [lo, hi] = sweepSpanAround(1e-3, 1e-1);
  EXPECT_NEAR(lo, 1e-3 / std::sqrt(10.0), 1e-15);
  EXPECT_NEAR(hi, 1e-1 * std::sqrt(10.0), 1e-12);
  EXPECT_THROW((void)sweepSpanAround(1e-1, 1e-3), InputError);
  EXPECT_THROW((void)sweepSpanAround(0.0, 1e-3), InputError);
}

TEST(SweepJob, PlannedRungsHalveToOne) {
  EXPECT_EQ(plannedRungs(2, 0), 1);
  EXPECT_EQ(plannedRungs(4, 0), 2);
  EXPECT_EQ(plannedRungs(5, 0), 3); // 5 -> 3 -> 2 -> 1
  EXPECT_EQ(plannedRungs(8, 0), 3);
  EXPECT_EQ(plannedRungs(9, 0), 4);
  EXPECT_EQ(plannedRungs(8, 2), 2);
}

TEST(SweepJob, PlannedEpochsAddUpTheSurvivorsOfEveryRung) {
  EXPECT_EQ(plannedEpochs(8, 1, 0), 14); // 8 + 4 + 2
  EXPECT_EQ(plannedEpochs(4, 2, 0), 12); // (4 + 2) x 2
  EXPECT_EQ(plannedEpochs(5, 1, 0), 10); // 5 + 3 + 2
  EXPECT_EQ(plannedEpochs(8, 1, 2), 12); // 8 + 4, then the best of 4
}

// --- The race ------------------------------------------------------------------------------

/// The bookkeeping of successive halving: the diverging LR goes first, with its reason; the
/// survivors halve every rung; each candidate trained as many epochs as the rung it stopped
/// at; steps number on across rungs; the cost adds up.
TEST(SweepJob, HalvesTheSurvivorsEveryRungAndStopsTheDivergedFirst) {
  TempDir dir;
  const SweepConfig config = linearSweep(dir);
  RecordingSweep observer;
  const SweepReport report = runSweepJob(config, &observer, nullptr);

  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  ASSERT_EQ(report.candidates.size(), 4u);
  ASSERT_EQ(observer.candidates.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(observer.candidates[i].schedule.kind, ScheduleKind::Constant);
    EXPECT_EQ(observer.candidates[i].schedule.maxLr, report.candidates[i].lr);
    EXPECT_EQ(observer.candidates[i].epochs, 2); // planned: 4 -> 2 -> 1
    EXPECT_TRUE(observer.candidates[i].checkpoint.empty());
  }
  EXPECT_EQ(report.rungs, 2);

  // Rung 1: all four train; the absurd LR diverges and goes first, then the worst of the rest.
  const std::vector<std::pair<int, int>> rung1{{0, 1}, {1, 1}, {2, 1}, {3, 1}};
  ASSERT_GE(observer.trained.size(), 4u);
  const std::vector<std::pair<int, int>> firstFour(observer.trained.begin(),
                                                   observer.trained.begin() + 4);
  EXPECT_EQ(firstFour, rung1);
  ASSERT_EQ(observer.eliminations.size(), 3u);
  const Elimination& diverged = observer.eliminations[0];
  EXPECT_EQ(diverged.candidate, 3);
  EXPECT_EQ(diverged.rung, 1);
  EXPECT_TRUE(diverged.diverged);
  EXPECT_TRUE(startsWith(diverged.reason, "diverged at step ")) << diverged.reason;
  EXPECT_LT(diverged.step, kStepsPerEpoch);
  const Elimination& slow = observer.eliminations[1];
  EXPECT_EQ(slow.rung, 1);
  EXPECT_FALSE(slow.diverged);
  EXPECT_NE(slow.reason.find("> median"), std::string::npos) << slow.reason;
  EXPECT_NE(slow.reason.find("at rung 1"), std::string::npos) << slow.reason;

  // Rung 2: the two survivors train one more epoch each, from their checkpoints.
  ASSERT_EQ(observer.trained.size(), 6u);
  const Elimination& second = observer.eliminations[2];
  EXPECT_EQ(second.rung, 2);
  EXPECT_NE(second.reason.find("at rung 2"), std::string::npos) << second.reason;

  int best = -1;
  for (int i = 0; i < 4; ++i) {
    const SweepCandidate& c = report.candidates[static_cast<std::size_t>(i)];
    if (c.status == CandidateStatus::Best)
      best = i;
    switch (c.status) {
    case CandidateStatus::Diverged:
      EXPECT_EQ(i, 3);
      EXPECT_EQ(c.rung, 1);
      EXPECT_EQ(c.epochs, 0);
      EXPECT_FALSE(std::isfinite(c.last.validationLoss));
      break;
    case CandidateStatus::Eliminated:
    case CandidateStatus::Best:
      EXPECT_EQ(c.epochs, c.rung * config.epochsPerRung) << "lr " << c.lr;
      EXPECT_EQ(c.steps, c.epochs * kStepsPerEpoch);
      EXPECT_TRUE(std::isfinite(c.last.validationLoss));
      break;
    case CandidateStatus::Running:
      ADD_FAILURE() << "lr " << c.lr << " still running";
    }
  }
  // 1e-7 learns nothing and goes at rung 1; 2.15e-4 loses to 0.464 at rung 2.
  EXPECT_EQ(slow.candidate, 0);
  EXPECT_EQ(second.candidate, 1);
  ASSERT_EQ(best, 2);
  EXPECT_EQ(report.best, best);
  EXPECT_EQ(report.candidates[2].rung, 2);
  EXPECT_EQ(report.candidates[0].epochs, 1);
  EXPECT_EQ(report.candidates[1].epochs, 2);

  // The survivor of rung 2 trained on from step 10: its steps are 0..19, its epochs 0 and 1.
  const RecordingSweep::Candidate& winner = observer.observers[static_cast<std::size_t>(best)];
  ASSERT_EQ(winner.steps.size(), 2u * kStepsPerEpoch);
  for (int s = 0; s < 2 * kStepsPerEpoch; ++s)
    EXPECT_EQ(winner.steps[static_cast<std::size_t>(s)], s);
  EXPECT_EQ(winner.epochs, (std::vector<int>{0, 1}));
  for (const std::string& kind : winner.events)
    EXPECT_NE(kind, "checkpoint"); // the sweep's scratch files stay private

  // Extremes on each side of the best, and the cost: 0 + 1 + 2 + 2 against 4 x 2.
  ASSERT_TRUE(report.lowestEliminated.has_value());
  EXPECT_EQ(*report.lowestEliminated, 0);
  ASSERT_TRUE(report.highestEliminated.has_value());
  EXPECT_EQ(*report.highestEliminated, 3);
  EXPECT_EQ(report.totalEpochs, 5);
  EXPECT_EQ(report.fullRunEpochs, 8);
  EXPECT_DOUBLE_EQ(report.costRatio, 5.0 / 8.0);
  EXPECT_NE(report.message.find("best lr"), std::string::npos) << report.message;
  EXPECT_EQ(report.trainSize, 500);
  EXPECT_EQ(report.validationSize, 100);
}

/// The data set is read, sampled and normalized once, before onCandidates: the file can go
/// while the candidates train, and every rung still trains on the same examples.
TEST(SweepJob, LoadsTheDataOnceForEveryCandidate) {
  TempDir dir;
  const SweepConfig config = linearSweep(dir);
  class RemovingSweep : public RecordingSweep {
  public:
    void onCandidates(const std::vector<TrainConfig>& configs) override {
      RecordingSweep::onCandidates(configs);
      std::filesystem::remove(configs.front().data.source);
    }
  } observer;
  const SweepReport report = runSweepJob(config, &observer, nullptr);
  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  EXPECT_FALSE(std::filesystem::exists(config.training.data.source));
  EXPECT_EQ(observer.trained.size(), 6u); // 4 in rung 1, 2 in rung 2
  EXPECT_EQ(report.trainSize, 500);
}

/// With a rung limit of 1, one rung decides: the lowest validation loss wins, the others are
/// eliminated at rung 1, "the last".
TEST(SweepJob, ARungLimitTakesTheBestOfTheLastRung) {
  TempDir dir;
  SweepConfig config = linearSweep(dir);
  config.maxRungs = 1;
  config.epochsPerRung = 2;
  RecordingSweep observer;
  const SweepReport report = runSweepJob(config, &observer, nullptr);

  ASSERT_EQ(report.status, RunStatus::Completed) << report.message;
  EXPECT_EQ(report.rungs, 1);
  ASSERT_TRUE(report.best.has_value());
  int lastRungEliminations = 0;
  for (const Elimination& e : observer.eliminations) {
    EXPECT_EQ(e.rung, 1);
    if (!e.diverged) {
      ++lastRungEliminations;
      EXPECT_NE(e.reason.find("the last"), std::string::npos) << e.reason;
    }
  }
  EXPECT_EQ(lastRungEliminations, 2);
  for (const SweepCandidate& c : report.candidates)
    if (c.status != CandidateStatus::Diverged)
      EXPECT_EQ(c.epochs, 2);
}

TEST(SweepJob, StopCancelsCleanly) {
  TempDir dir;
  const SweepConfig config = linearSweep(dir);
  std::atomic<bool> stop{false};
  // Stop during the second candidate's first epoch.
  struct Stopper : RecordingSweep {
    std::atomic<bool>* stop = nullptr;
    TrainingObserver* candidateObserver(int index) override {
      TrainingObserver* o = RecordingSweep::candidateObserver(index);
      if (index == 1)
        observers[1].hook = [this](const StepRecord& s) {
          if (s.step == 3)
            *stop = true;
        };
      return o;
    }
  } stopper;
  stopper.stop = &stop;
  const SweepReport report = runSweepJob(config, &stopper, &stop);

  EXPECT_EQ(report.status, RunStatus::Cancelled) << report.message;
  EXPECT_NE(report.message.find("rung 1"), std::string::npos) << report.message;
  EXPECT_FALSE(report.best.has_value());
  EXPECT_TRUE(stopper.eliminations.empty());
  ASSERT_EQ(stopper.trained.size(), 2u); // candidate 2 and 3 never start
  EXPECT_EQ(stopper.lastStatus[1], RunStatus::Cancelled);
  EXPECT_LE(stopper.observers[1].steps.size(), 5u);
  EXPECT_TRUE(stopper.observers[2].steps.empty());
  for (const SweepCandidate& c : report.candidates)
    EXPECT_EQ(c.status, CandidateStatus::Running);
  EXPECT_EQ(report.candidates[0].epochs, 1);
  EXPECT_EQ(report.candidates[2].rung, 0);
}

TEST(SweepJob, BadInputIsRefusedBeforeAnyTraining) {
  TempDir dir;
  const SweepConfig good = linearSweep(dir);
  const auto refused = [](const SweepConfig& config, const std::string& mention) {
    RecordingSweep observer;
    try {
      (void)runSweepJob(config, &observer, nullptr);
      ADD_FAILURE() << "accepted; expected a message naming " << mention;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(mention), std::string::npos) << error.what();
    }
    EXPECT_TRUE(observer.candidates.empty());
  };
  SweepConfig c = good;
  c.candidates = 1;
  refused(c, "at least 2 learning rates");
  c = good;
  c.lowerLr = 1.0;
  c.upperLr = 0.1;
  refused(c, "lower LR must be below its upper LR");
  c = good;
  c.lowerLr = c.upperLr = 0.1;
  refused(c, "lower LR must be below its upper LR");
  c = good;
  c.lowerLr = -1.0;
  refused(c, "positive");
  c = good;
  c.upperLr = std::nan("");
  refused(c, "positive");
  c = good;
  c.epochsPerRung = 0;
  refused(c, "epochs per rung");
  c = good;
  c.maxRungs = -1;
  refused(c, "rung limit");
  c = good;
  c.training.sample.validationCount = 0;
  refused(c, "validation");
  c = good;
  c.training.batchSize = 0;
  refused(c, "batch size");
}

TEST(SweepJob, AMissingDataSetIsAnInputError) {
  TempDir dir;
  SweepConfig config = linearSweep(dir);
  config.training.data.source = (dir / "missing.csv").string();
  RecordingSweep observer;
  EXPECT_THROW((void)runSweepJob(config, &observer, nullptr), InputError);
}

TEST(SweepJob, ConfigJsonListsTheLrs) {
  SweepConfig config;
  config.lowerLr = 1e-3;
  config.upperLr = 1e-1;
  config.candidates = 3;
  const nlohmann::json json = toJson(config);
  ASSERT_EQ(json.at("sweep").at("lrs").size(), 3u);
  EXPECT_NEAR(json["sweep"]["lrs"][1].get<double>(), 1e-2, 1e-15);
  EXPECT_EQ(json["training"]["sample"]["count"], 6000);
  EXPECT_FALSE(json["training"].contains("schedule"));
  EXPECT_FALSE(json["training"]["training"].contains("epochs"));
  EXPECT_EQ(json["training"]["training"]["batch_size"], 128);
}

} // namespace
} // namespace lrscope::engine
