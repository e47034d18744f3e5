// The database under faults, through the real lrscope executable: a find killed mid-run, two
// finds writing one file at once, a file locked by another connection past the busy timeout,
// a --db that cannot exist. The file is read back through a raw SQLite connection.
#include "app/lrscope_process.h"
#include "engine/data/test_files.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::TempDir;
using test::blobsCsv;
using test::failedWithOneLine;
using test::jsonOf;
using test::LrscopeProcess;
using test::ProcessResult;
using test::runLrscope;

/// How long a test waits for something that takes about a second; only a hang reaches it,
/// however loaded the machine (the test carries the ctest label `timing`).
constexpr std::chrono::seconds kDeadline{300};

/// The first column of the first row of `sql`, read through a read-only connection of its own.
int64_t queryInt(const fs::path& file, const std::string& sql) {
  SQLite::Database db(file, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

std::string integrityOf(const fs::path& file) {
  SQLite::Database db(file, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA integrity_check").getString();
}

/// Whether a writer could begin on `file` right now, without waiting (it rolls back at once).
bool writableNow(const fs::path& file) {
  SQLite::Database db(file, SQLite::OPEN_READWRITE);
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception&) {
    return false;
  }
  db.exec("ROLLBACK");
  return true;
}

/// `lrscope find` on the table.csv in its folder, quiet; LRs too small to diverge.
std::vector<std::string> findArgs(int iterations, const std::string& database = "runs.db") {
  std::vector<std::string> args{"find", "--data", "table.csv", "--label", "y", "--model", "mlp"};
  args.insert(args.end(), {"--iters", std::to_string(iterations), "--start-lr", "1e-7"});
  args.insert(args.end(), {"--end-lr", "1e-5", "--db", database, "-q"});
  return args;
}

nlohmann::json listedRuns(const fs::path& dir) {
  const ProcessResult runs = runLrscope({"runs", "--db", "runs.db", "--json"}, dir);
  EXPECT_EQ(runs.exitCode, 0) << runs.err;
  return jsonOf(runs);
}

TEST(CliStorageFaults, AFindKilledMidRunKeepsEveryCommittedStepAndIsMarkedInterrupted) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", blobsCsv(3000));
  const fs::path file = dir / "runs.db";
  // Two writer batches (RunWriter::kBatchRows = 300) must be committed before the kill.
  constexpr int64_t kCommittedBeforeKill = 600;
  // Far more steps than it takes before it is killed: on a busy machine this poll may get few
  // turns while lrscope runs on, and it must still be running when the poll sees the steps.
  LrscopeProcess find(findArgs(200000), dir.path());

  int64_t seenBeforeKill = 0;
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (seenBeforeKill < kCommittedBeforeKill && find.running() &&
         std::chrono::steady_clock::now() < deadline) {
    try {
      seenBeforeKill = queryInt(file, "SELECT count(*) FROM step_metrics");
    } catch (const SQLite::Exception&) { // not created yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Stopped first, so that it cannot end between the check and the kill; SIGKILL ends a
  // stopped process where it stands, as it would a running one.
  find.kill(SIGSTOP);
  ASSERT_TRUE(find.running()) << "lrscope ended before it could be killed, after " << seenBeforeKill
                              << " steps:\n"
                              << find.wait().err;
  find.kill(SIGKILL);
  const ProcessResult killed = find.wait();
  ASSERT_GE(seenBeforeKill, kCommittedBeforeKill) << "no steps committed within the deadline";
  ASSERT_TRUE(killed.signaled && killed.signal == SIGKILL) << "exit " << killed.exitCode;

  // What the killed writer left, before any lrscope opens the file again.
  const int64_t steps = queryInt(file, "SELECT count(*) FROM step_metrics");
  EXPECT_GE(steps, seenBeforeKill);
  {
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    SQLite::Statement select(db, "SELECT step FROM step_metrics WHERE run_id = 1 ORDER BY step");
    int64_t expected = 0;
    while (select.executeStep() && select.getColumn(0).getInt64() == expected)
      ++expected;
    EXPECT_EQ(expected, steps) << "the steps are not 0.." << steps - 1;
  }
  // A step and its group LRs are committed together: every step has as many as step 0.
  const int64_t groups = queryInt(file, "SELECT count(*) FROM step_group_lrs WHERE step = 0");
  EXPECT_GE(groups, 1);
  EXPECT_EQ(queryInt(file, "SELECT count(DISTINCT step) FROM step_group_lrs"), steps);
  EXPECT_EQ(queryInt(file, "SELECT count(*) FROM step_group_lrs"), steps * groups);
  EXPECT_EQ(queryInt(file, "SELECT count(*) FROM runs WHERE status = 'running'"), 1);
  EXPECT_EQ(integrityOf(file), "ok");

  const nlohmann::json runs = listedRuns(dir.path());
  ASSERT_EQ(runs.size(), 1U) << runs.dump(2);
  EXPECT_EQ(runs[0].at("status"), "interrupted");
  EXPECT_EQ(runs[0].at("steps"), steps);
}

TEST(CliStorageFaults, TwoFindsWritingOneDatabaseAtOnceBothStoreEveryStep) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", blobsCsv(3000));
  std::vector<std::string> first = findArgs(3000);
  std::vector<std::string> second = findArgs(2000);
  first.push_back("--json");
  second.push_back("--json");
  LrscopeProcess one(first, dir.path());
  LrscopeProcess two(second, dir.path());
  const ProcessResult results[] = {one.wait(), two.wait()};

  const fs::path file = dir / "runs.db";
  for (const ProcessResult& result : results) {
    ASSERT_FALSE(result.signaled) << "signal " << result.signal;
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const nlohmann::json json = jsonOf(result);
    ASSERT_TRUE(json.is_object());
    const std::string status = json.at("status").get<std::string>();
    EXPECT_TRUE(status == "completed" || status == "diverged") << status;
    const int64_t runId = json.at("run_id").get<int64_t>();
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    SQLite::Statement count(db, "SELECT count(*), count(DISTINCT step), max(step) FROM "
                                "step_metrics WHERE run_id = ?");
    count.bind(1, runId);
    ASSERT_TRUE(count.executeStep());
    const int64_t steps = json.at("run").at("steps").get<int64_t>();
    EXPECT_EQ(count.getColumn(0).getInt64(), steps) << "run " << runId;
    EXPECT_EQ(count.getColumn(1).getInt64(), steps) << "run " << runId;
    EXPECT_EQ(count.getColumn(2).getInt64(), steps - 1) << "run " << runId;
    SQLite::Statement stored(db, "SELECT status FROM runs WHERE id = ?");
    stored.bind(1, runId);
    ASSERT_TRUE(stored.executeStep()) << "no run " << runId;
    EXPECT_EQ(stored.getColumn(0).getString(), status);
  }
  EXPECT_NE(jsonOf(results[0]).at("run_id"), jsonOf(results[1]).at("run_id"));
  EXPECT_EQ(queryInt(file, "SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(integrityOf(file), "ok");
}

/// A command that must write, and so must wait for a lock held elsewhere.
struct LockedCommand {
  const char* name;
  std::vector<std::string> args;
  friend void PrintTo(const LockedCommand& command, std::ostream* out) { *out << command.name; }
};

class CliOnALockedDatabase : public ::testing::TestWithParam<LockedCommand> {};

TEST_P(CliOnALockedDatabase, GivesUpAfterTheBusyTimeoutInOneLineAndChangesNothing) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", blobsCsv(150));
  const fs::path file = dir / "runs.db";
  const ProcessResult setup = runLrscope(findArgs(20), dir.path());
  ASSERT_EQ(setup.exitCode, 0) << setup.err;
  const nlohmann::json before = listedRuns(dir.path());
  ASSERT_EQ(before.size(), 1U) << before.dump(2);
  const int64_t stepsBefore = queryInt(file, "SELECT count(*) FROM step_metrics");

  SQLite::Database lock(file, SQLite::OPEN_READWRITE);
  ASSERT_EQ(lock.execAndGet("PRAGMA journal_mode").getString(), "wal");
  lock.exec("BEGIN EXCLUSIVE");
  // In WAL mode EXCLUSIVE keeps out writers only (readers go on): make sure it does.
  ASSERT_FALSE(writableNow(file)) << "BEGIN EXCLUSIVE does not block a writer";

  const ProcessResult result = runLrscope(GetParam().args, dir.path());
  lock.exec("ROLLBACK");
  EXPECT_TRUE(failedWithOneLine(result, {"runs.db", "locked"}))
      << test::commandLine(GetParam().args);

  EXPECT_EQ(listedRuns(dir.path()), before);
  EXPECT_EQ(queryInt(file, "SELECT count(*) FROM step_metrics"), stepsBefore);
}

INSTANTIATE_TEST_SUITE_P(WriteCommands, CliOnALockedDatabase,
                         ::testing::Values(LockedCommand{"Find", findArgs(20)},
                                           LockedCommand{"Rm", {"rm", "1", "--db", "runs.db"}}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(CliStorageFaults, ADbInsideARegularFileIsRefusedInOneLineNamingThePath) {
  const TempDir dir;
  engine::test::writeText(dir / "plain.txt", "not a folder\n");
  engine::test::writeText(dir / "table.csv", blobsCsv(150));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"runs", "--db", "plain.txt/runs.db"},
        findArgs(20, "plain.txt/runs.db")}) {
    const ProcessResult result = runLrscope(args, dir.path());
    EXPECT_TRUE(failedWithOneLine(result, {"plain.txt/runs.db"})) << test::commandLine(args);
  }
  EXPECT_EQ(test::readFile(dir / "plain.txt"), "not a folder\n");
}

TEST(CliStorageFaults, RmOfARunThatDoesNotExistIsRefusedInOneLineAndDeletesNothing) {
  const TempDir dir;
  engine::test::writeText(dir / "table.csv", blobsCsv(150));
  ASSERT_EQ(runLrscope(findArgs(20), dir.path()).exitCode, 0);
  const ProcessResult rm = runLrscope({"rm", "7", "--db", "runs.db"}, dir.path());
  EXPECT_TRUE(failedWithOneLine(rm, {"no run 7", "runs.db"}));
  EXPECT_EQ(listedRuns(dir.path()).size(), 1U);
}

} // namespace
} // namespace lrscope::cli
