// A sweep raced over a cluster without Slurm: lrscope sweep --rung R --shard I/N for each task
// of each rung and --promote R between them store exactly what one local lrscope sweep stores.
#include "app/lrscope_process.h"
#include "app/stored_count.h"
#include "app/stored_rows.h"
#include "engine/data/test_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::TempDir;
using test::count;
using test::failedWithOneLine;
using test::ProcessResult;
using test::runLrscope;
using test::sweepOf;

/// Three LRs of a small MLP on 1000 Fashion-MNIST images (200 held out), from `lower` to
/// `upper`, one epoch per rung: two rungs, stored in `db`, plus `extra`.
std::vector<std::string> sweepFrom(const std::string& lower, const std::string& upper,
                                   const std::string& db, std::vector<std::string> extra) {
  std::vector<std::string> args = {
      "sweep",    "--data",  "fashion-mnist", "--model", "mlp",
      "--widths", "32",      "--sample",      "1000",    "--validation",
      "200",      "--lower", lower,           "--upper", upper,
      "--lrs",    "3",       "--seed",        "7",       "--db",
      db,         "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> sweep(const std::string& db, std::vector<std::string> extra) {
  return sweepFrom("1e-3", "3", db, std::move(extra));
}

ProcessResult ran(const std::vector<std::string>& args, const fs::path& dir) {
  ProcessResult result = runLrscope(args, dir);
  EXPECT_EQ(result.exitCode, 0) << test::commandLine(args) << "\n" << result.out << result.err;
  return result;
}

TEST(CliSweepRungs, RungsAsTasksAndPromotesStoreExactlyWhatOneLocalSweepStores) {
  const TempDir dir;
  ran(sweep("local.db", {}), dir.path());

  // Rung 2 cannot start before rung 1 is promoted.
  EXPECT_TRUE(
      failedWithOneLine(runLrscope(sweep("race.db", {"--rung", "2", "--shard", "0/2"}), dir.path()),
                        {"rung 1 of this sweep has not been promoted"}));
  ran(sweep("race.db", {"--rung", "1", "--shard", "0/2"}), dir.path());
  // Promoting with a task missing names the LRs it has not trained.
  EXPECT_TRUE(failedWithOneLine(runLrscope(sweep("race.db", {"--promote", "1"}), dir.path()),
                                {"rung 1 is not complete", "has not trained it"}));
  ran(sweep("race.db", {"--rung", "1", "--shard", "1/2"}), dir.path());
  // A promote with other flags finds the tasks of another sweep and merges nothing.
  EXPECT_TRUE(failedWithOneLine(
      runLrscope(sweep("race.db", {"--promote", "1", "--batch-size", "64"}), dir.path()),
      {"holds a task of another sweep"}));
  EXPECT_EQ(count(dir / "race.db", "SELECT count(*) FROM runs WHERE kind = 'sweep'"), 1);
  const ProcessResult first = ran(sweep("race.db", {"--promote", "1"}), dir.path());
  EXPECT_NE(first.out.find("2 candidates go on to rung 2"), std::string::npos) << first.out;
  // A second promote of the same rung changes nothing.
  const std::string promoted = sweepOf(dir / "race.db");
  const ProcessResult again = ran(sweep("race.db", {"--promote", "1"}), dir.path());
  EXPECT_NE(again.out.find("was promoted before"), std::string::npos) << again.out;
  EXPECT_EQ(sweepOf(dir / "race.db"), promoted);

  // Rung 2 in the reverse order of its tasks; a task run twice runs nothing the second time.
  ran(sweep("race.db", {"--rung", "2", "--shard", "1/2"}), dir.path());
  ran(sweep("race.db", {"--rung", "2", "--shard", "0/2"}), dir.path());
  const ProcessResult twice = ran(sweep("race.db", {"--rung", "2", "--shard", "0/2"}), dir.path());
  EXPECT_NE(twice.out.find("already ran"), std::string::npos) << twice.out;
  const ProcessResult last = ran(sweep("race.db", {"--promote", "2"}), dir.path());
  EXPECT_NE(last.out.find("status: completed (best lr"), std::string::npos) << last.out;
  EXPECT_NE(last.out.find("  lr          run     status"), std::string::npos) << last.out;

  EXPECT_EQ(sweepOf(dir / "race.db"), sweepOf(dir / "local.db"));
  EXPECT_EQ(count(dir / "race.db", "SELECT count(*) FROM runs"), 4);
  EXPECT_EQ(count(dir / "race.db", "SELECT count(*) FROM events WHERE kind = 'eliminated'"), 2);
}

TEST(CliSweepRungs, ARaceThatEndsEarlyStaysEndedThroughTheRungsPlannedAfterIt) {
  const TempDir dir;
  // Of 3, 9487 and 3e7, the two higher diverge in rung 1 and 3 is left alone: the race ends a
  // rung before the two planned for three candidates, as the local one does.
  ran(sweepFrom("3", "3e7", "local.db", {}), dir.path());
  auto rung = [&](std::vector<std::string> extra) {
    return ran(sweepFrom("3", "3e7", "race.db", std::move(extra)), dir.path());
  };
  rung({"--rung", "1", "--shard", "0/1"});
  rung({"--promote", "1"});
  const std::string ended = sweepOf(dir / "race.db");
  EXPECT_EQ(ended, sweepOf(dir / "local.db"));
  EXPECT_NE(ended.find("sweep completed | best lr 3.000e+00 after 1 rung"), std::string::npos)
      << ended;
  // The chain submitted for two rungs still runs rung 2's tasks and promote: they change nothing.
  for (const char* task : {"0/2", "1/2"}) {
    const ProcessResult second = rung({"--rung", "2", "--shard", task});
    EXPECT_NE(second.out.find("no candidate to train"), std::string::npos) << second.out;
  }
  rung({"--promote", "2"});
  EXPECT_EQ(sweepOf(dir / "race.db"), ended);
}

TEST(CliSweepRungs, BadRungFlagsAreRefusedInOneLine) {
  const TempDir dir;
  EXPECT_TRUE(failedWithOneLine(runLrscope(sweep("s.db", {"--rung", "1"}), dir.path()),
                                {"--rung R with --shard I/N"}));
  EXPECT_TRUE(failedWithOneLine(runLrscope(sweep("s.db", {"--shard", "0/2"}), dir.path()),
                                {"--rung R with --shard I/N"}));
  EXPECT_TRUE(failedWithOneLine(
      runLrscope(sweep("s.db", {"--promote", "1", "--rung", "1", "--shard", "0/1"}), dir.path()),
      {"without --rung and --shard"}));
  EXPECT_TRUE(
      failedWithOneLine(runLrscope(sweep("s.db", {"--rung", "3", "--shard", "0/1"}), dir.path()),
                        {"--rung 3: the sweep has rungs 1 to 2"}));
  EXPECT_TRUE(failedWithOneLine(runLrscope(sweep("s.db", {"--promote", "5"}), dir.path()),
                                {"the sweep has rungs 1 to 2"}));
  EXPECT_TRUE(failedWithOneLine(
      runLrscope(sweep("s.db", {"--rung", "1", "--shard", "0/1", "--no-store"}), dir.path()),
      {"--no-store"}));
}

} // namespace
} // namespace lrscope::cli
