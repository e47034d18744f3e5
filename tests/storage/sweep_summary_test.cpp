// A stored sweep read back by loadSweepSummary: eliminations typed (the rule and the values it
// compared) as stored now, and as stored before (only the reason text, cut before its rung);
// the candidates by LR, an unreadable LR last, ties by run id; the extremes around the best.
#include "lrscope/storage/stored_sweep.h"
#include "lrscope/storage/sweep_summary.h"
#include "storage/temp_dir.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace lrscope::storage {
namespace {

using test::errorOf;
using test::TempDir;

struct Sweep {
  int64_t id = 0;
  std::vector<int64_t> candidates; ///< in the order stored
};

/// A sweep with one training run per LR (NaN: a config without an LR), finished `status`.
Sweep storeSweep(RunDatabase& db, const std::vector<double>& lrs,
                 engine::RunStatus status = engine::RunStatus::Completed) {
  Sweep sweep;
  NewRun parent;
  parent.kind = engine::RunKind::Sweep;
  parent.configJson = R"({"sweep": {"candidates": 4, "epochs_per_rung": 1, "max_rungs": 0}})";
  sweep.id = db.createRun(parent);
  for (const double lr : lrs) {
    NewRun child;
    child.kind = engine::RunKind::Training;
    child.parentRunId = sweep.id;
    child.configJson = std::isnan(lr) ? std::string(R"({"schedule": {}})")
                                      : nlohmann::json{{"schedule", {{"max_lr", lr}}}}.dump();
    sweep.candidates.push_back(db.createRun(child));
  }
  db.finishRun(sweep.id, status, "", 1.0);
  return sweep;
}

void addOldElimination(RunDatabase& db, int64_t run, int rung, const std::string& reason,
                       bool diverged) {
  db.addEvent(
      run, 10, "eliminated",
      nlohmann::json{{"rung", rung}, {"reason", reason}, {"lr", 0.1}, {"diverged", diverged}}
          .dump());
}

const SweepCandidateRun& candidateOf(const SweepSummary& summary, int64_t runId) {
  for (const SweepCandidateRun& c : summary.candidates)
    if (c.runId == runId)
      return c;
  throw std::runtime_error("no candidate " + std::to_string(runId));
}

TEST(SweepSummary, AnOldEliminationKeepsItsReasonAndLosesOnlyTheTrailingRung) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  const Sweep sweep = storeSweep(db, {1e-3, 1e-2, 1e-1, 1.0});
  addOldElimination(db, sweep.candidates[0], 2, "validation loss 0.6100 > median 0.4800 at rung 2",
                    false);
  addOldElimination(db, sweep.candidates[2], 3,
                    "validation loss 0.7 > best 0.5 at rung 3, the last", false);
  addOldElimination(db, sweep.candidates[3], 1, "diverged at step 37: loss is nan", true);

  const SweepSummary summary = loadSweepSummary(db, sweep.id);
  const SweepCandidateRun& median = candidateOf(summary, sweep.candidates[0]);
  EXPECT_EQ(median.status, engine::CandidateStatus::Eliminated);
  EXPECT_EQ(median.rung, 2);
  EXPECT_EQ(median.reason, "validation loss 0.6100 > median 0.4800 at rung 2");
  EXPECT_EQ(median.reasonWithoutRung, "validation loss 0.6100 > median 0.4800");
  EXPECT_FALSE(median.elimination.has_value()); // the values were not stored then

  const SweepCandidateRun& last = candidateOf(summary, sweep.candidates[2]);
  EXPECT_EQ(last.rung, 3);
  EXPECT_EQ(last.reason, "validation loss 0.7 > best 0.5 at rung 3, the last");
  EXPECT_EQ(last.reasonWithoutRung, "validation loss 0.7 > best 0.5");

  const SweepCandidateRun& diverged = candidateOf(summary, sweep.candidates[3]);
  EXPECT_EQ(diverged.status, engine::CandidateStatus::Diverged);
  EXPECT_EQ(diverged.reasonWithoutRung, "diverged at step 37: loss is nan"); // names no rung

  const SweepCandidateRun& best = candidateOf(summary, sweep.candidates[1]);
  EXPECT_EQ(best.status, engine::CandidateStatus::Best);
  EXPECT_EQ(best.reason, "");
  EXPECT_EQ(best.reasonWithoutRung, "");
  EXPECT_EQ(summary.best, 1u);
  EXPECT_EQ(summary.lowestEliminated, 0u);
  EXPECT_EQ(summary.highestEliminated, 3u);
}

TEST(SweepSummary, AnOldReasonThatDoesNotEndInItsRungStaysWhole) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  const Sweep sweep = storeSweep(db, {1e-3, 1e-2});
  addOldElimination(db, sweep.candidates[0], 1, "slow at rung 1 of many", false);
  const SweepSummary summary = loadSweepSummary(db, sweep.id);
  EXPECT_EQ(summary.candidates[0].reasonWithoutRung, "slow at rung 1 of many");
}

TEST(SweepSummary, ANewEliminationIsTypedWithTheValuesItCompared) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  const Sweep sweep = storeSweep(db, {1e-3, 1e-2, 1e-1});

  engine::Elimination median;
  median.rule = engine::EliminationRule::WorseThanMedian;
  median.rung = 2;
  median.validationLoss = 0.61;
  median.comparedWith = 0.48;
  median.candidate = 0;
  median.lr = 1e-3;
  median.step = 40;
  median.reason = engine::eliminationReason(median);
  db.addEvent(sweep.candidates[0], median.step, "eliminated", eliminationPayload(median));

  engine::Elimination diverged;
  diverged.rule = engine::EliminationRule::Diverged;
  diverged.rung = 1;
  diverged.divergedAtStep = 17;
  diverged.divergence = "loss is inf";
  diverged.diverged = true;
  diverged.lr = 1e-1;
  diverged.reason = engine::eliminationReason(diverged);
  db.addEvent(sweep.candidates[2], 18, "eliminated", eliminationPayload(diverged));

  // The payload still has what older readers read.
  const nlohmann::json payload = nlohmann::json::parse(eliminationPayload(median));
  EXPECT_EQ(payload.at("reason"), "validation loss 0.6100 > median 0.4800 at rung 2");
  EXPECT_EQ(payload.at("rung"), 2);
  EXPECT_EQ(payload.at("diverged"), false);
  EXPECT_EQ(payload.at("lr"), 1e-3);

  const SweepSummary summary = loadSweepSummary(db, sweep.id);
  const SweepCandidateRun& out = candidateOf(summary, sweep.candidates[0]);
  EXPECT_EQ(out.status, engine::CandidateStatus::Eliminated);
  EXPECT_EQ(out.rung, 2);
  EXPECT_EQ(out.reason, "validation loss 0.6100 > median 0.4800 at rung 2");
  EXPECT_EQ(out.reasonWithoutRung, "validation loss 0.6100 > median 0.4800");
  ASSERT_TRUE(out.elimination.has_value());
  EXPECT_EQ(out.elimination->rule, engine::EliminationRule::WorseThanMedian);
  EXPECT_EQ(out.elimination->rung, 2);
  EXPECT_EQ(out.elimination->validationLoss, 0.61);
  EXPECT_EQ(out.elimination->comparedWith, 0.48);

  const SweepCandidateRun& blewUp = candidateOf(summary, sweep.candidates[2]);
  EXPECT_EQ(blewUp.status, engine::CandidateStatus::Diverged);
  ASSERT_TRUE(blewUp.elimination.has_value());
  EXPECT_EQ(blewUp.elimination->rule, engine::EliminationRule::Diverged);
  EXPECT_EQ(blewUp.elimination->divergedAtStep, 17);
  EXPECT_TRUE(std::isnan(blewUp.elimination->validationLoss));
  EXPECT_EQ(blewUp.reason, "diverged at step 17: loss is inf");
  EXPECT_EQ(blewUp.reasonWithoutRung, "diverged at step 17: loss is inf");
}

TEST(SweepSummary, AnUnreadableLrSortsLastTiesByRunId) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  const double nan = std::nan("");
  const Sweep sweep = storeSweep(db, {nan, 1e-1, 1e-3, nan, 1e-1}, engine::RunStatus::Cancelled);
  const SweepSummary summary = loadSweepSummary(db, sweep.id);
  std::vector<int64_t> order;
  for (const SweepCandidateRun& c : summary.candidates)
    order.push_back(c.runId);
  const std::vector<int64_t>& ids = sweep.candidates;
  EXPECT_EQ(order, (std::vector<int64_t>{ids[2], ids[1], ids[4], ids[0], ids[3]}));
  EXPECT_TRUE(std::isnan(summary.candidates.back().lr));
}

TEST(SweepSummary, RefusesARunOfAnotherKind) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun run;
  run.kind = engine::RunKind::Training;
  const int64_t id = db.createRun(run);
  EXPECT_NE(errorOf([&] { (void)loadSweepSummary(db, id); }).find("not a sweep"),
            std::string::npos);
}

} // namespace
} // namespace lrscope::storage
