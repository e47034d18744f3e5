// lrscope slurm on a real single-node Slurm (munge, slurmctld and slurmd started for this test by
// tests/slurm/cluster.sh in a temporary folder, and stopped by their pids whatever happens): a
// 4-task repeated range test, submitted, waited for and merged, equals the local run bit for bit;
// a task that fails leaves the merge incomplete, and --resubmit-missing reruns only it. A sweep
// raced rung by rung and an audit spread over two tasks equal their local runs too.
#include "app/lrscope_process.h"
#include "app/stored_count.h"
#include "app/stored_rows.h"
#include "engine/data/test_files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using engine::test::TempDir;
using test::count;
using test::parentOf;
using test::ProcessResult;
using test::readFile;
using test::repeatsOf;
using test::runLrscope;

/// Runs tests/slurm/cluster.sh ACTION FOLDER; its output goes to FOLDER/cluster-ACTION.log.
int cluster(const std::string& action, const fs::path& folder) {
  const std::string command =
      std::string("bash '") + LRSCOPE_SOURCE_DIR + "/tests/slurm/cluster.sh' " + action + " '" +
      folder.string() + "' > '" + (folder.parent_path() / ("cluster-" + action + ".log")).string() +
      "' 2>&1";
  return std::system(command.c_str());
}

/// A single-node Slurm cluster for as long as this lives; SLURM_CONF points at it meanwhile.
class SlurmCluster {
public:
  explicit SlurmCluster(const fs::path& folder) : m_folder(folder) {
    m_started = cluster("start", m_folder) == 0;
    if (m_started)
      ::setenv("SLURM_CONF", (m_folder / "slurm.conf").c_str(), 1);
  }
  ~SlurmCluster() {
    (void)cluster("stop", m_folder); // by the pid files, whatever start got to
    ::unsetenv("SLURM_CONF");
  }
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  [[nodiscard]] bool started() const { return m_started; }
  [[nodiscard]] std::string startLog() const {
    return readFile(m_folder.parent_path() / "cluster-start.log");
  }

private:
  fs::path m_folder;
  bool m_started = false;
};

/// Four repeats of a small MLP on 1000 Fashion-MNIST images, 40 steps each.
std::vector<std::string> repeats(const std::string& db) {
  return {"find",    "--data",    "fashion-mnist",
          "--model", "mlp",       "--widths",
          "32",      "--sample",  "1000",
          "--iters", "40",        "--seed",
          "11",      "--repeats", "4",
          "--db",    db,          "-q"};
}

TEST(CliSlurm, AFourTaskRepeatedTestOnARealSlurmEqualsTheLocalRunAndResubmitsAFailedTask) {
  const TempDir dir;
  const SlurmCluster slurm(dir / "slurm");
  ASSERT_TRUE(slurm.started()) << "the single-node Slurm did not start:\n" << slurm.startLog();

  const ProcessResult local = runLrscope(repeats("local.db"), dir.path());
  ASSERT_EQ(local.exitCode, 0) << local.err;

  // Task 2 cannot write its file (a folder stands in its place): it fails, the others merge.
  fs::create_directories(dir / "merged.shard-2-of-4.db");
  std::vector<std::string> submit = {"slurm"};
  const std::vector<std::string> find = repeats("merged.db");
  submit.insert(submit.end(), find.begin(), find.end());
  for (const char* flag :
       {"--array-limit", "2", "--out", "job", "--submit", "--wait", "--wait-timeout", "400"})
    submit.emplace_back(flag);
  ProcessResult run = runLrscope(submit, dir.path());
  EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("shards: tasks 2 of 4 did not end"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("lrscope slurm --resubmit-missing --out"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("incomplete: 3 of 4 shards merged; shard 2/4 not merged yet"),
            std::string::npos)
      << run.out;
  for (const char* script : {"shards.sbatch", "merge.sbatch", "submit.sh", "lrscope-slurm.json"})
    EXPECT_TRUE(fs::exists(dir / "job" / script)) << script;
  EXPECT_NE(readFile(dir / "job" / "shards.sbatch").find("#SBATCH --array=0-3%2"),
            std::string::npos);

  // Mended, only task 2 runs again; the merge completes the parent.
  fs::remove(dir / "merged.shard-2-of-4.db");
  run =
      runLrscope({"slurm", "--resubmit-missing", "--out", "job", "--wait", "--wait-timeout", "400"},
                 dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("(tasks 2)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("status: completed (4 of 4 repeats"), std::string::npos) << run.out;
  EXPECT_EQ(parentOf(dir / "merged.db"), parentOf(dir / "local.db"));
  EXPECT_EQ(repeatsOf(dir / "merged.db"), repeatsOf(dir / "local.db"));
  EXPECT_EQ(count(dir / "merged.db", "SELECT count(*) FROM runs"), 5);

  // Nothing left to resubmit.
  run = runLrscope({"slurm", "--resubmit-missing", "--out", "job"}, dir.path());
  EXPECT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.out.find("nothing to resubmit"), std::string::npos) << run.out;
}

/// Three LRs of a small MLP on 1000 Fashion-MNIST images, one epoch per rung: two rungs.
std::vector<std::string> sweep(const std::string& db) {
  return {"sweep",    "--data",  "fashion-mnist", "--model", "mlp",
          "--widths", "32",      "--sample",      "1000",    "--validation",
          "200",      "--lower", "1e-3",          "--upper", "3",
          "--lrs",    "3",       "--seed",        "7",       "--db",
          db,         "-q"};
}

TEST(CliSlurm, ASweepRacedRungByRungOnARealSlurmEqualsTheLocalSweep) {
  const TempDir dir;
  const SlurmCluster slurm(dir / "slurm");
  ASSERT_TRUE(slurm.started()) << "the single-node Slurm did not start:\n" << slurm.startLog();
  const ProcessResult local = runLrscope(sweep("local.db"), dir.path());
  ASSERT_EQ(local.exitCode, 0) << local.err;

  std::vector<std::string> submit = {"slurm"};
  const std::vector<std::string> race = sweep("race.db");
  submit.insert(submit.end(), race.begin(), race.end());
  for (const char* flag : {"--out", "job", "--submit", "--wait", "--wait-timeout", "400"})
    submit.emplace_back(flag);
  const ProcessResult run = runLrscope(submit, dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("submitted rung-1 as job"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("submitted promote-2 as job"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("status: completed (best lr"), std::string::npos) << run.out;
  EXPECT_NE(readFile(dir / "job" / "rung-2.sbatch").find("#SBATCH --array=0-1"), std::string::npos);
  EXPECT_EQ(test::sweepOf(dir / "race.db"), test::sweepOf(dir / "local.db"));
}

/// One seed of a small MLP on 1000 Fashion-MNIST images, one epoch, a 3-point centred grid: 4
/// units (the range test with the suggestion, the middle grid point, the other two).
std::vector<std::string> audit(const std::string& db) {
  return {"audit",
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
          "--seed",
          "8",
          "--db",
          db,
          "-q"};
}

TEST(CliSlurm, AnAuditSpreadOverARealSlurmEqualsTheLocalAudit) {
  const TempDir dir;
  const SlurmCluster slurm(dir / "slurm");
  ASSERT_TRUE(slurm.started()) << "the single-node Slurm did not start:\n" << slurm.startLog();
  const ProcessResult local = runLrscope(audit("local.db"), dir.path());
  ASSERT_EQ(local.exitCode, 0) << local.err;

  std::vector<std::string> submit = {"slurm"};
  const std::vector<std::string> spread = audit("spread.db");
  submit.insert(submit.end(), spread.begin(), spread.end());
  for (const char* flag :
       {"--tasks", "2", "--out", "job", "--submit", "--wait", "--wait-timeout", "400"})
    submit.emplace_back(flag);
  const ProcessResult run = runLrscope(submit, dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("submitted shards as job"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("<- best of the grid"), std::string::npos) << run.out; // shown
  EXPECT_NE(readFile(dir / "job" / "shards.sbatch").find("#SBATCH --array=0-1"), std::string::npos);
  EXPECT_EQ(test::auditOf(dir / "spread.db"), test::auditOf(dir / "local.db"));
}

TEST(CliSlurm, ARefusedJobShowsSlurmsMessageAndBadCommandsAreRefusedBeforeAnyScript) {
  const TempDir dir;
  const SlurmCluster slurm(dir / "slurm");
  ASSERT_TRUE(slurm.started()) << "the single-node Slurm did not start:\n" << slurm.startLog();
  std::vector<std::string> submit = {"slurm"};
  const std::vector<std::string> find = repeats("m.db");
  submit.insert(submit.end(), find.begin(), find.end());
  for (const char* flag : {"--partition", "no-such-partition", "--out", "job", "--submit"})
    submit.emplace_back(flag);
  const ProcessResult refused = runLrscope(submit, dir.path());
  EXPECT_TRUE(test::failedWithOneLine(refused, {"Slurm refused the job", "partition"}));

  const ProcessResult noRepeats =
      runLrscope({"slurm", "find", "--data", "fashion-mnist", "--out", "x"}, dir.path());
  EXPECT_TRUE(test::failedWithOneLine(noRepeats, {"--repeats K"}));
  const ProcessResult typo = runLrscope(
      {"slurm", "find", "--data", "fashion-mnist", "--repeats", "4", "--itres", "5", "--out", "x"},
      dir.path());
  EXPECT_TRUE(test::failedWithOneLine(typo, {"--itres"}));
  const ProcessResult train = runLrscope({"slurm", "train", "--out", "x"}, dir.path());
  EXPECT_TRUE(test::failedWithOneLine(train, {"'train' is not sharded yet"}));
  const ProcessResult fixedPoints = runLrscope(
      {"slurm", "audit", "--grid", "fixed", "--grid-points", "5", "--out", "x"}, dir.path());
  EXPECT_TRUE(test::failedWithOneLine(fixedPoints, {"--grid-points sets a centred grid"}));
  const ProcessResult tooManyTasks = runLrscope(
      {"slurm", "audit", "--grid-points", "3", "--tasks", "5", "--out", "x"}, dir.path());
  EXPECT_TRUE(test::failedWithOneLine(tooManyTasks, {"--tasks must be 1 to", "(4)"}));
  const ProcessResult rung = runLrscope({"slurm", "sweep", "--data", "fashion-mnist", "--lower",
                                         "1e-3", "--upper", "1", "--rung", "1", "--out", "x"},
                                        dir.path());
  EXPECT_TRUE(test::failedWithOneLine(rung, {"leave out --rung"}));
  EXPECT_FALSE(fs::exists(dir / "x"));
}

TEST(CliSlurm, WithoutSbatchOnThePathTheErrorNamesThePackage) {
  const TempDir dir;
  const char* path = std::getenv("PATH");
  const std::string saved = path ? path : "";
  ::setenv("PATH", "/nonexistent", 1);
  std::vector<std::string> submit = {"slurm"};
  const std::vector<std::string> find = repeats("m.db");
  submit.insert(submit.end(), find.begin(), find.end());
  submit.insert(submit.end(), {"--out", "job", "--submit"});
  const ProcessResult r = runLrscope(submit, dir.path());
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_TRUE(test::failedWithOneLine(r, {"sbatch is not on the PATH", "slurm-client"}));
  EXPECT_TRUE(fs::exists(dir / "job" / "shards.sbatch")); // written, to submit by hand
}

} // namespace
} // namespace lrscope::cli
