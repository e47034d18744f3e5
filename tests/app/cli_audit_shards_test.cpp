// lrscope audit --shard I/N and lrscope merge as real processes: an audit's shards, merged,
// store exactly what one local audit stores (the same range tests, trainings, curves and
// verdict); a missing shard leaves it incomplete until it is merged.
#include "app/lrscope_process.h"
#include "app/stored_count.h"
#include "app/stored_rows.h"
#include "engine/data/test_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::TempDir;
using test::auditOf;
using test::count;
using test::failedWithOneLine;
using test::jsonOf;
using test::ProcessResult;
using test::rowsOf;
using test::runLrscope;

/// Two seeds of a small MLP on 1000 Fashion-MNIST images, one epoch, a 3-point centred grid:
/// 8 units (per seed its range test and suggestion, then 3 grid points).
std::vector<std::string> fashionAudit(const std::string& db, std::vector<std::string> extra) {
  std::vector<std::string> args = {"audit",
                                   "--data",
                                   "fashion-mnist",
                                   "--model",
                                   "mlp",
                                   "--widths",
                                   "16",
                                   "--sample",
                                   "1000",
                                   "--validation",
                                   "200",
                                   "--epochs",
                                   "1",
                                   "--grid-points",
                                   "3",
                                   "--seeds",
                                   "2",
                                   "--seed",
                                   "4",
                                   "--db",
                                   db,
                                   "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

/// The verdict without its cost, which tells the time the trainings took.
std::string verdictOf(const fs::path& db) {
  const std::string message = rowsOf(db, "SELECT message FROM runs WHERE kind = 'audit'");
  return message.substr(0, message.find(", at "));
}

TEST(CliAuditShards, ShardsMergedStoreExactlyWhatOneLocalAuditStores) {
  const TempDir dir;
  const ProcessResult local = runLrscope(fashionAudit("local.db", {}), dir.path());
  ASSERT_EQ(local.exitCode, 0) << local.err;
  for (const char* shard : {"0/3", "1/3", "2/3"}) {
    const ProcessResult part =
        runLrscope(fashionAudit("merged.db", {"--shard", shard}), dir.path());
    ASSERT_EQ(part.exitCode, 0) << shard << ": " << part.err;
    EXPECT_NE(part.out.find("once every shard has run: lrscope merge"), std::string::npos)
        << part.out;
  }
  const fs::path shard0 = dir / "merged.shard-0-of-3.db";
  const fs::path shard1 = dir / "merged.shard-1-of-3.db";
  const fs::path shard2 = dir / "merged.shard-2-of-3.db";
  // Units 0..2 (seed 4's range test, suggestion and grid; its suggestion is the middle point),
  // 3..5 and 6..7: each range test stored once, by the shard that owns it.
  EXPECT_EQ(count(shard0, "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 1);
  EXPECT_EQ(count(shard1, "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 1);
  EXPECT_EQ(count(shard2, "SELECT count(*) FROM runs WHERE kind = 'range_test'"), 0);
  EXPECT_EQ(rowsOf(shard1, "PRAGMA journal_mode"), "delete\n");

  ProcessResult merge =
      runLrscope({"merge", "--db", "merged.db", shard2.string(), shard0.string()}, dir.path());
  ASSERT_EQ(merge.exitCode, 0) << merge.err;
  EXPECT_NE(merge.out.find("(audit): 2 of 3 shards; shard 1/3 missing"), std::string::npos)
      << merge.out;
  EXPECT_EQ(count(dir / "merged.db", "SELECT count(*) FROM runs WHERE kind = 'audit' AND status "
                                     "= 'interrupted' AND message LIKE 'incomplete: 2 of 3 "
                                     "shards merged; shard 1/3 not merged yet%'"),
            1);

  merge = runLrscope({"merge", "--db", "merged.db", shard1.string()}, dir.path());
  ASSERT_EQ(merge.exitCode, 0) << merge.err;
  EXPECT_NE(merge.out.find("3 of 3 shards, completed: the suggestion is"), std::string::npos)
      << merge.out;
  EXPECT_EQ(auditOf(dir / "merged.db"), auditOf(dir / "local.db"));
  EXPECT_EQ(verdictOf(dir / "merged.db"), verdictOf(dir / "local.db"));
  // show reads the same audit back: grid, suggestion and every rule's score.
  nlohmann::json shownMerged =
      jsonOf(runLrscope({"show", "1", "--db", "merged.db", "--json"}, dir.path()))["audit"];
  nlohmann::json shownLocal =
      jsonOf(runLrscope({"show", "1", "--db", "local.db", "--json"}, dir.path()))["audit"];
  for (nlohmann::json* shown : {&shownMerged, &shownLocal}) {
    shown->erase("range_test_seconds");
    shown->erase("cost_ratio");
    (*shown)["suggested"].erase("seconds");
    for (nlohmann::json& point : (*shown)["grid"])
      point.erase("seconds");
  }
  EXPECT_EQ(shownMerged, shownLocal) << shownMerged.dump(2) << "\n" << shownLocal.dump(2);

  // Merging a shard twice changes nothing; a shard run again finds its end and runs nothing.
  const std::string before = auditOf(dir / "merged.db") + verdictOf(dir / "merged.db");
  merge = runLrscope({"merge", "--db", "merged.db", shard0.string()}, dir.path());
  ASSERT_EQ(merge.exitCode, 0) << merge.err;
  EXPECT_NE(merge.out.find("copied 0 runs"), std::string::npos) << merge.out;
  EXPECT_EQ(auditOf(dir / "merged.db") + verdictOf(dir / "merged.db"), before);
  const ProcessResult again = runLrscope(fashionAudit("merged.db", {"--shard", "2/3"}), dir.path());
  ASSERT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.out.find("shard 2/3 already ran"), std::string::npos) << again.out;
}

TEST(CliAuditShards, AFixedGridShardedAndMergedIsTheLocalOne) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", test::blobsCsv(300));
  const auto audit = [](const std::string& db, std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "audit", "--data", "table.csv", "--label", "y", "--model",      "logreg", "--epochs",
        "1",     "--grid", "fixed",     "--seeds", "2", "--validation", "30",     "--batch-size",
        "20",    "--db",   db,          "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  ASSERT_EQ(runLrscope(audit("local.db", {}), dir.path()).exitCode, 0);
  std::vector<std::string> merge = {"merge", "--db", "merged.db"};
  for (int i = 0; i < 4; ++i) { // 28 units: each seed's range test, suggestion and 13 points
    const std::string shard = std::to_string(i) + "/4";
    const ProcessResult part = runLrscope(audit("merged.db", {"--shard", shard}), dir.path());
    ASSERT_EQ(part.exitCode, 0) << shard << ": " << part.err;
    merge.push_back("merged.shard-" + std::to_string(i) + "-of-4.db");
  }
  const ProcessResult merged = runLrscope(merge, dir.path());
  ASSERT_EQ(merged.exitCode, 0) << merged.err;
  EXPECT_NE(merged.out.find("4 of 4 shards, completed"), std::string::npos) << merged.out;
  EXPECT_EQ(auditOf(dir / "merged.db"), auditOf(dir / "local.db"));
  EXPECT_EQ(verdictOf(dir / "merged.db"), verdictOf(dir / "local.db"));
}

TEST(CliAuditShards, BadShardsAreRefusedInOneLineAndStoreNothing) {
  const TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"--shard", "3/2"}, {"--shard 3/2", "numbered 0 to 1"}},
      {{"--shard", "0/0"}, {"--shard 0/0", "at least 1"}},
      {{"--shard", "auto"}, {"SLURM_ARRAY_TASK_ID is not set"}},
      {{"--shard", "0/2", "--no-store"}, {"--no-store"}},
  };
  for (const auto& [extra, mentions] : cases) {
    const ProcessResult r = runLrscope(fashionAudit("bad.db", extra), dir.path());
    EXPECT_TRUE(failedWithOneLine(r, mentions)) << extra.front() << " " << extra.back();
  }
  EXPECT_FALSE(fs::exists(dir / "bad.db"));
  EXPECT_FALSE(fs::exists(dir / "bad.shard-0-of-2.db"));
}

} // namespace
} // namespace lrscope::cli
