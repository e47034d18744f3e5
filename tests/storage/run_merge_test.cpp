// Merging the runs of another LR Scope database: new ids, everything recorded comes along,
// nothing twice, and the other file is only read.
#include "lrscope/storage/run_database.h"
#include "storage/temp_dir.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace lrscope::storage {
namespace {

using test::errorOf;
using test::makeSteps;
using test::TempDir;

std::string bytesOf(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A database on "another machine" with a finished run (tags, notes, range, event, classes) in
/// experiment "remote" and a run still being written.
std::filesystem::path otherDatabase(const std::filesystem::path& folder) {
  const auto file = folder / "other.db";
  RunDatabase other(file);
  NewRun run;
  run.experiment = "remote";
  run.model = "resnet";
  const int64_t done = other.createRun(run);
  other.appendSteps(done, makeSteps(0, 700));
  other.finishRun(done, engine::RunStatus::Completed, "done", 3.0);
  other.saveSuggestions(done, {{"valley", 1, 1e-3, 1.5, 40}},
                        engine::LrRange{1e-4, 1e-2, "lrscope-range", 1});
  other.setManualRange(done, 2e-4, 5e-3);
  other.setTags(done, {"gpu-box"});
  other.setNotes(done, "from the cluster");
  other.addEvent(done, 5, "lr_change", "{}");
  other.saveClassesAndWarnings(done, {"cat", "dog"}, {"skipped 1 unreadable image"});
  (void)other.createRun(run); // running, and this process is alive
  return file;
}

TEST(RunMerge, CopiesFinishedRunsWithNewIdsOnceAndLeavesTheOtherFileAsItWas) {
  const TempDir dir;
  const auto other = otherDatabase(dir.path());
  { SQLite::Database(other.string()).exec("PRAGMA wal_checkpoint(TRUNCATE)"); }
  const std::string before = bytesOf(other);

  RunDatabase db(dir.path() / "runs.db");
  const int64_t local = db.createRun({});
  db.appendSteps(local, makeSteps(0, 10));

  const MergeResult first = db.mergeFrom(other);
  EXPECT_EQ(first.copied, 1);
  EXPECT_EQ(first.alreadyPresent, 0);
  EXPECT_EQ(first.stillRunning, 1);
  const MergeResult second = db.mergeFrom(other);
  EXPECT_EQ(second.copied, 0);
  EXPECT_EQ(second.alreadyPresent, 1);
  EXPECT_EQ(bytesOf(other), before);

  RunFilter remote;
  remote.experiment = "remote";
  const std::vector<RunSummary> merged = db.listRuns(remote);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_NE(merged[0].id, local);
  const RunDetails details = db.loadRun(merged[0].id);
  EXPECT_EQ(details.summary.model, "resnet");
  EXPECT_EQ(details.summary.status, engine::StoredStatus::Completed);
  EXPECT_EQ(details.summary.steps, 700);
  EXPECT_EQ(details.summary.notes, "from the cluster");
  EXPECT_EQ(details.summary.tags, (std::vector<std::string>{"gpu-box"}));
  EXPECT_EQ(details.classNames, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(details.warnings, std::vector<std::string>{"skipped 1 unreadable image"});
  ASSERT_EQ(details.suggestions.size(), 1u);
  ASSERT_TRUE(details.range.has_value());
  EXPECT_EQ(details.range->source, "manual");
  EXPECT_EQ(details.range->automatic->lower, 1e-4);
  const std::vector<engine::StepRecord> steps = db.loadSteps(merged[0].id);
  ASSERT_EQ(steps.size(), 700u);
  EXPECT_EQ(steps[699].groupLrs.size(), 2u);
  EXPECT_EQ(db.loadEvents(merged[0].id).size(), 1u);
  EXPECT_EQ(db.loadSteps(local).size(), 10u); // the local run is untouched
}

TEST(RunMerge, MergingTheMergedDatabaseBackDuplicatesNothing) {
  const TempDir dir;
  const auto other = otherDatabase(dir.path());
  const auto file = dir.path() / "runs.db";
  {
    RunDatabase db(file);
    db.finishRun(db.createRun({}), engine::RunStatus::Cancelled, "stopped", 1.0);
    EXPECT_EQ(db.mergeFrom(other).copied, 1);
  }
  RunDatabase back(other);
  const MergeResult result = back.mergeFrom(file);
  EXPECT_EQ(result.copied, 1); // only the run that was made here
  EXPECT_EQ(result.alreadyPresent, 1);
  EXPECT_EQ(back.listRuns().size(), 3u);
}

TEST(RunMerge, TheChildrenOfARunStillBeingWrittenWaitWithIt) {
  const TempDir dir;
  const auto other = dir.path() / "other.db";
  {
    RunDatabase db(other);
    const int64_t parent = db.createRun({}); // running, and this process is alive
    NewRun child;
    child.parentRunId = parent;
    const int64_t done = db.createRun(child);
    db.finishRun(done, engine::RunStatus::Completed, "done", 1.0);
  }
  RunDatabase db(dir.path() / "runs.db");
  const MergeResult merged = db.mergeFrom(other);
  EXPECT_EQ(merged.copied, 0);
  EXPECT_EQ(merged.stillRunning, 1);
  EXPECT_TRUE(db.listRuns().empty()); // no orphan without its parent
}

TEST(RunMerge, ASharedUidExtendsTheRunWithWhatItLacksAndAnUnfinishedShardWaits) {
  const TempDir dir;
  const std::string uid = "sharded-0-00000000000000aa";
  auto shardFile = [&](const std::string& name, int firstStep, bool ended) {
    const auto file = dir.path() / name;
    RunDatabase db(file, RunDatabase::Access::ReadWrite, RunDatabase::Journal::Rollback);
    NewRun parentRun;
    parentRun.kind = engine::RunKind::Sweep;
    parentRun.uid = uid;
    const int64_t parent = db.createRun(parentRun);
    NewRun childRun;
    childRun.kind = engine::RunKind::Training;
    childRun.parentRunId = parent;
    childRun.uid = uid + "-lr0";
    const int64_t child = db.createRun(childRun);
    db.appendSteps(child, makeSteps(firstStep, 5));
    db.addEvent(child, firstStep, "plateau", "{\"at\": " + std::to_string(firstStep) + "}");
    db.finishRun(child, engine::StoredStatus::Interrupted, "rung", 1.0);
    if (ended)
      db.addEvent(parent, 0, "shard",
                  "{\"shard\": 0, \"of\": 1, \"rung\": " + std::to_string(firstStep / 5 + 1) + "}");
    db.finishRun(parent, engine::StoredStatus::Interrupted, "rung", 1.0);
    return file;
  };
  const auto first = shardFile("rung1.db", 0, true);
  const auto second = shardFile("rung2.db", 5, true);
  const auto failed = shardFile("rung3.db", 10, false);
  RunDatabase db(dir.path() / "runs.db");
  EXPECT_EQ(db.mergeFrom(first).copied, 2);
  const MergeResult extended = db.mergeFrom(second);
  EXPECT_EQ(extended.copied, 0);
  EXPECT_EQ(extended.alreadyPresent, 2);
  const MergeResult skipped = db.mergeFrom(failed);
  EXPECT_EQ(skipped.alreadyPresent, 0);
  ASSERT_EQ(skipped.unfinishedShards.size(), 1U);
  EXPECT_NE(skipped.unfinishedShards.front().find("a shard that did not finish"),
            std::string::npos);
  EXPECT_EQ(db.mergeFrom(second).alreadyPresent, 2); // again: nothing added twice

  const int64_t child = *db.findRunByUid(uid + "-lr0");
  EXPECT_EQ(db.loadSteps(child).size(), 10U); // steps 0-9: both rungs, none of the third
  EXPECT_EQ(db.loadRun(child).summary.steps, 10);
  EXPECT_EQ(db.loadEvents(child).size(), 2U);
  EXPECT_EQ(db.loadEvents(*db.findRunByUid(uid)).size(), 2U); // a shard end per rung
}

TEST(RunMerge, RefusesMissingSelfForeignAndNewerFiles) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  RunDatabase db(file);
  EXPECT_EQ(errorOf([&] { (void)db.mergeFrom(dir.path() / "nope.db"); }),
            (dir.path() / "nope.db").string() + ": no such database file; check the path");
  EXPECT_NE(errorOf([&] { (void)db.mergeFrom(file); }).find("is this database itself"),
            std::string::npos);

  const auto text = dir.path() / "notes.txt";
  std::ofstream(text) << "not a database at all, just some text that is long enough\n";
  EXPECT_NE(errorOf([&] { (void)db.mergeFrom(text); }).find("not an LR Scope database"),
            std::string::npos);

  const auto newer = dir.path() / "newer.db";
  {
    SQLite::Database(newer.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
        .exec("CREATE TABLE runs (id INTEGER); PRAGMA user_version = 99");
  }
  EXPECT_NE(errorOf([&] { (void)db.mergeFrom(newer); }).find("written by a newer LR Scope"),
            std::string::npos);
  EXPECT_TRUE(db.listRuns().empty());
}

} // namespace
} // namespace lrscope::storage
