// find --repeats --shard I/N and lrscope merge as real processes: the shards of a repeated range
// test, merged in any order, store exactly what one local run stores; a missing shard leaves
// the parent incomplete, naming it, until it is merged.
#include "app/lrscope_process.h"
#include "app/stored_count.h"
#include "app/stored_rows.h"
#include "engine/data/test_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::TempDir;
using test::count;
using test::failedWithOneLine;
using test::parentOf;
using test::ProcessResult;
using test::repeatsOf;
using test::rowsOf;
using test::runLrscope;

/// Four repeats of a small MLP on 600 Fashion-MNIST images, stored in `db`, plus `extra`.
std::vector<std::string> fashionRepeats(const std::string& db, std::vector<std::string> extra) {
  std::vector<std::string> args = {"find",      "--data",   "fashion-mnist",
                                   "--model",   "mlp",      "--widths",
                                   "32",        "--sample", "600",
                                   "--iters",   "40",       "--validation",
                                   "0",         "--seed",   "5",
                                   "--repeats", "4",        "--db",
                                   db,          "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(CliShards, ShardsMergedInAnyOrderStoreExactlyWhatOneLocalRunStores) {
  const TempDir dir;
  const ProcessResult local = runLrscope(fashionRepeats("local.db", {}), dir.path());
  ASSERT_EQ(local.exitCode, 0) << local.err;
  for (const char* shard : {"0/3", "1/3", "2/3"}) {
    const ProcessResult part =
        runLrscope(fashionRepeats("merged.db", {"--shard", shard}), dir.path());
    ASSERT_EQ(part.exitCode, 0) << shard << ": " << part.err;
    EXPECT_NE(part.out.find("once every shard has run: lrscope merge"), std::string::npos)
        << part.out;
  }
  const fs::path shard0 = dir / "merged.shard-0-of-3.db";
  const fs::path shard1 = dir / "merged.shard-1-of-3.db";
  const fs::path shard2 = dir / "merged.shard-2-of-3.db";
  // Four repeats over three shards: blocks of 1, 1 and 2 repeats.
  EXPECT_EQ(count(shard0, "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 1);
  EXPECT_EQ(count(shard2, "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 2);
  // A shard's file needs no shared memory: a rollback journal, never a WAL.
  EXPECT_EQ(rowsOf(shard1, "PRAGMA journal_mode"), "delete\n");
  EXPECT_FALSE(fs::exists(dir / "merged.shard-1-of-3.db-wal"));

  // Two of three shards: the parent is there, incomplete, naming the one missing.
  ProcessResult merge =
      runLrscope({"merge", "--db", "merged.db", shard2.string(), shard0.string()}, dir.path());
  ASSERT_EQ(merge.exitCode, 0) << merge.err;
  EXPECT_NE(merge.out.find("2 of 3 shards; shard 1/3 missing"), std::string::npos) << merge.out;
  EXPECT_EQ(count(dir / "merged.db", "SELECT count(*) FROM runs WHERE kind = "
                                     "'repeated_range_test' AND status = 'interrupted' AND "
                                     "message LIKE 'incomplete: 2 of 3 shards merged; shard 1/3 "
                                     "not merged yet%'"),
            1)
      << parentOf(dir / "merged.db");

  // The last one completes it: the same parent, repeats and verdict as the local run.
  merge = runLrscope({"merge", "--db", "merged.db", shard1.string()}, dir.path());
  ASSERT_EQ(merge.exitCode, 0) << merge.err;
  EXPECT_NE(merge.out.find("3 of 3 shards, completed: 4 of 4 repeats"), std::string::npos)
      << merge.out;
  EXPECT_EQ(parentOf(dir / "merged.db"), parentOf(dir / "local.db"));
  EXPECT_EQ(repeatsOf(dir / "merged.db"), repeatsOf(dir / "local.db"));
  EXPECT_EQ(count(dir / "merged.db", "SELECT count(*) FROM runs r JOIN runs p ON p.id = "
                                     "r.parent_run_id WHERE p.kind = 'repeated_range_test'"),
            4);

  // Merging a shard twice changes nothing.
  const std::string before = parentOf(dir / "merged.db") + repeatsOf(dir / "merged.db");
  merge = runLrscope({"merge", "--db", "merged.db", shard0.string(), shard1.string()}, dir.path());
  ASSERT_EQ(merge.exitCode, 0) << merge.err;
  EXPECT_NE(merge.out.find("copied 0 runs"), std::string::npos) << merge.out;
  EXPECT_EQ(parentOf(dir / "merged.db") + repeatsOf(dir / "merged.db"), before);
  EXPECT_EQ(count(dir / "merged.db", "SELECT count(*) FROM runs"), 5);

  // A shard run again finds its end in its file and runs nothing.
  const ProcessResult again =
      runLrscope(fashionRepeats("merged.db", {"--shard", "1/3"}), dir.path());
  ASSERT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.out.find("shard 1/3 already ran"), std::string::npos) << again.out;
  EXPECT_EQ(count(shard1, "SELECT count(*) FROM runs"), 2);
}

TEST(CliShards, MoreShardsThanRepeatsLeaveSomeShardsEmptyAndStillMerge) {
  const TempDir dir;
  std::vector<std::string> files;
  for (int i = 0; i < 6; ++i) {
    const std::string shard = std::to_string(i) + "/6";
    const ProcessResult part = runLrscope(fashionRepeats("m.db", {"--shard", shard}), dir.path());
    ASSERT_EQ(part.exitCode, 0) << shard << ": " << part.err;
    files.push_back((dir / ("m.shard-" + std::to_string(i) + "-of-6.db")).string());
  }
  std::vector<std::string> merge = {"merge", "--db", "m.db"};
  merge.insert(merge.end(), files.begin(), files.end());
  const ProcessResult merged = runLrscope(merge, dir.path());
  ASSERT_EQ(merged.exitCode, 0) << merged.err;
  EXPECT_NE(merged.out.find("6 of 6 shards, completed: 4 of 4 repeats"), std::string::npos)
      << merged.out;
  EXPECT_EQ(count(dir / "m.db", "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 4);
}

TEST(CliShards, AShardOfAnotherRunIsRefusedBeforeAnythingIsMerged) {
  const TempDir dir;
  // Shard 1 ran another command (another seed) with the same --db: another parent.
  ASSERT_EQ(runLrscope(fashionRepeats("m.db", {"--shard", "0/2"}), dir.path()).exitCode, 0);
  std::vector<std::string> other = fashionRepeats("m.db", {"--shard", "1/2"});
  *std::find(other.begin(), other.end(), "5") = "6";
  ASSERT_EQ(runLrscope(other, dir.path()).exitCode, 0);
  ASSERT_EQ(runLrscope({"find", "--data", "fashion-mnist", "--model", "logreg", "--sample", "200",
                        "--iters", "20", "--db", "m.db", "-q"},
                       dir.path())
                .exitCode,
            0);
  const ProcessResult merged =
      runLrscope({"merge", "--db", "m.db", "m.shard-0-of-2.db", "./m.shard-1-of-2.db"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(merged, {"m.shard-1-of-2.db holds a shard of another run than "
                                         "m.shard-0-of-2.db",
                                         "nothing merged"}))
      << merged.err;
  EXPECT_EQ(count(dir / "m.db", "SELECT count(*) FROM runs"), 1); // the run stored before
  // Each on its own is a run of its own, waiting for its other shard.
  const ProcessResult alone =
      runLrscope({"merge", "--db", "m.db", "m.shard-1-of-2.db"}, dir.path());
  EXPECT_EQ(alone.exitCode, 0) << alone.err;
  EXPECT_NE(alone.out.find("1 of 2 shards; shard 0/2 missing"), std::string::npos) << alone.out;
}

TEST(CliShards, BadShardsAreRefusedInOneLineAndStoreNothing) {
  const TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"--shard", "3/2"}, {"--shard 3/2", "numbered 0 to 1"}},
      {{"--shard", "0/0"}, {"--shard 0/0", "at least 1"}},
      {{"--shard", "two"}, {"expected I/N"}},
      {{"--shard", "auto"}, {"SLURM_ARRAY_TASK_ID is not set"}},
      {{"--shard", "0/2", "--no-store"}, {"--no-store"}},
  };
  for (const auto& [extra, mentions] : cases) {
    const ProcessResult r = runLrscope(fashionRepeats("bad.db", extra), dir.path());
    EXPECT_TRUE(failedWithOneLine(r, mentions)) << extra.front() << " " << extra.back();
  }
  const ProcessResult single = runLrscope(
      {"find", "--data", "fashion-mnist", "--shard", "0/2", "--db", "bad.db"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(single, {"--repeats K"}));
  EXPECT_FALSE(fs::exists(dir / "bad.db"));
  EXPECT_FALSE(fs::exists(dir / "bad.shard-0-of-2.db"));
}

} // namespace
} // namespace lrscope::cli
