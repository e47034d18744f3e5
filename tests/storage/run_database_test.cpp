#include "lrscope/storage/run_database.h"
#include "lrscope/storage/storage_error.h"
#include "storage/temp_dir.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lrscope::storage {
namespace {

using test::errorOf;
using test::makeSteps;
using test::sameReal;
using test::TempDir;

std::string readBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int64_t countRows(const std::filesystem::path& file, const std::string& sql, int64_t runId) {
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  SQLite::Statement count(raw, sql);
  count.bind(1, runId);
  count.executeStep();
  return count.getColumn(0).getInt64();
}

NewRun newRun(const std::string& dataset, const std::string& model) {
  NewRun run;
  run.experiment = "lenet";
  run.configJson = R"({"steps": 1000})";
  run.seed = 0xFFFF'FFFF'FFFF'FFF0ull; // above INT64_MAX: stored bit for bit
  run.dataset = dataset;
  run.model = model;
  return run;
}

TEST(RunDatabase, RoundTripsARun) {
  const TempDir dir;
  const auto file = dir.path() / "nested" / "folder" / "runs.db";
  const std::vector<engine::StepRecord> steps = makeSteps(0, 1000);
  int64_t id = 0;
  {
    RunDatabase db(file);
    EXPECT_EQ(db.path(), file);
    id = db.createRun(newRun("fashion-mnist", "mlp"));
    for (std::size_t first = 0; first < steps.size(); first += 300) {
      const auto end = steps.begin() + static_cast<long>(std::min(first + 300, steps.size()));
      db.appendSteps(id, {steps.begin() + static_cast<long>(first), end});
    }
    db.finishRun(id, engine::RunStatus::Diverged, "smoothed loss 9.1 > 4 x best 2.2", 12.5);
    db.saveSuggestions(id,
                       {{"steepest", 2, 3e-3, 1.1, 410},
                        {"min-loss", 1, 1e-2, 0.9, 530},
                        {"valley", 1, 2e-3, std::nan(""), 400}},
                       engine::LrRange{1e-4, 3e-3, "lrscope-range", 1});
  }
  const RunDatabase db(file); // reopened: everything came from the file
  const RunDetails details = db.loadRun(id);
  EXPECT_EQ(details.summary.id, id);
  EXPECT_EQ(details.summary.experiment, "lenet");
  EXPECT_EQ(details.summary.kind, engine::RunKind::RangeTest);
  EXPECT_EQ(details.summary.status, engine::StoredStatus::Diverged);
  EXPECT_EQ(details.summary.dataset, "fashion-mnist");
  EXPECT_EQ(details.summary.model, "mlp");
  EXPECT_EQ(details.summary.startedAt.size(), 20u) << details.summary.startedAt; // ...T..:..:..Z
  EXPECT_EQ(details.summary.startedAt.back(), 'Z');
  EXPECT_DOUBLE_EQ(details.summary.durationSeconds, 12.5);
  EXPECT_EQ(details.summary.steps, 1000);
  EXPECT_EQ(details.configJson, R"({"steps": 1000})");
  EXPECT_EQ(details.seed, 0xFFFF'FFFF'FFFF'FFF0ull);
  EXPECT_EQ(details.message, "smoothed loss 9.1 > 4 x best 2.2");
  ASSERT_EQ(details.suggestions.size(), 3u);
  EXPECT_EQ(details.suggestions[0].rule, "steepest");
  EXPECT_EQ(details.suggestions[0].version, 2);
  EXPECT_EQ(details.suggestions[0].lr, 3e-3);
  EXPECT_EQ(details.suggestions[0].index, 410u);
  EXPECT_EQ(details.suggestions[1].rule, "min-loss");
  EXPECT_EQ(details.suggestions[2].rule, "valley");
  EXPECT_TRUE(std::isnan(details.suggestions[2].loss));
  ASSERT_TRUE(details.range.has_value());
  EXPECT_EQ(details.range->lower, 1e-4);
  EXPECT_EQ(details.range->upper, 3e-3);
  EXPECT_EQ(details.range->source, "auto");
  EXPECT_EQ(details.range->rule, "lrscope-range v1");

  const std::vector<engine::StepRecord> loaded = db.loadSteps(id);
  ASSERT_EQ(loaded.size(), steps.size());
  int nanLosses = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i));
    EXPECT_EQ(loaded[i].step, steps[i].step);
    EXPECT_EQ(loaded[i].groupLrs, steps[i].groupLrs);
    EXPECT_TRUE(sameReal(loaded[i].loss, steps[i].loss));
    EXPECT_TRUE(sameReal(loaded[i].smoothedLoss, steps[i].smoothedLoss));
    EXPECT_TRUE(sameReal(loaded[i].batchAccuracy, steps[i].batchAccuracy));
    EXPECT_EQ(loaded[i].wallSeconds, steps[i].wallSeconds);
    EXPECT_EQ(loaded[i].validationLoss, steps[i].validationLoss);
    EXPECT_EQ(loaded[i].validationAccuracy, steps[i].validationAccuracy);
    nanLosses += std::isnan(loaded[i].loss) ? 1 : 0;
  }
  EXPECT_EQ(nanLosses, 11); // steps 13, 110, ..., 983
  EXPECT_EQ(
      countRows(file, "SELECT count(*) FROM step_metrics WHERE run_id = ? AND loss IS NULL", id),
      11);
}

TEST(RunDatabase, CreatesTheCurrentSchemaInWalMode) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  { const RunDatabase db(file); }
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), RunDatabase::kSchemaVersion);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_TRUE(raw.tableExists("step_group_lrs"));
  EXPECT_TRUE(raw.tableExists("epoch_metrics"));
  EXPECT_TRUE(raw.tableExists("events"));
}

TEST(RunDatabase, ListsNewestFirstAndCombinesFiltersWithAnd) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  RunDatabase db(file);
  const int64_t a = db.createRun(newRun("fashion-mnist", "mlp"));
  const int64_t b = db.createRun(newRun("fashion-mnist", "cnn"));
  NewRun sweep = newRun("cifar10_50%", "resnet");
  sweep.kind = engine::RunKind::Sweep;
  sweep.experiment = "big-sweep";
  const int64_t c = db.createRun(sweep);
  db.appendSteps(a, makeSteps(0, 5));
  db.finishRun(a, engine::RunStatus::Completed, "done", 1.0);
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO tags (name) VALUES ('baseline'), ('keep')");
    SQLite::Statement tag(raw, "INSERT INTO run_tags (run_id, tag_id) "
                               "SELECT ?, id FROM tags WHERE name = ?");
    for (const auto& [run, name] :
         {std::pair<int64_t, const char*>{a, "keep"}, {a, "baseline"}, {b, "baseline"}}) {
      tag.bind(1, run);
      tag.bind(2, name);
      tag.exec();
      tag.reset();
    }
    SQLite::Statement notes(raw, "UPDATE runs SET notes = ? WHERE id = ?");
    notes.bind(1, "Try a warmup next");
    notes.bind(2, b);
    notes.exec();
  }

  const auto ids = [&](const RunFilter& filter) {
    std::vector<int64_t> result;
    for (const RunSummary& run : db.listRuns(filter)) {
      result.push_back(run.id);
    }
    return result;
  };
  EXPECT_EQ(ids({}), (std::vector<int64_t>{c, b, a}));

  const std::vector<RunSummary> all = db.listRuns();
  EXPECT_EQ(all[2].tags, (std::vector<std::string>{"baseline", "keep"}));
  EXPECT_EQ(all[2].steps, 5);
  EXPECT_EQ(all[2].status, engine::StoredStatus::Completed);
  EXPECT_EQ(all[1].tags, (std::vector<std::string>{"baseline"}));
  EXPECT_TRUE(all[0].tags.empty());
  EXPECT_EQ(all[0].status, engine::StoredStatus::Running);
  EXPECT_EQ(all[0].experiment, "big-sweep");

  RunFilter filter;
  filter.tag = "baseline";
  EXPECT_EQ(ids(filter), (std::vector<int64_t>{b, a}));
  filter.status = engine::StoredStatus::Completed;
  EXPECT_EQ(ids(filter), (std::vector<int64_t>{a}));
  filter.model = "cnn";
  EXPECT_TRUE(ids(filter).empty());

  EXPECT_EQ(ids({"warmup", "", {}, {}, "", ""}), (std::vector<int64_t>{b}));   // notes
  EXPECT_EQ(ids({"BIG", "", {}, {}, "", ""}), (std::vector<int64_t>{c}));      // experiment
  EXPECT_EQ(ids({"mnist", "", {}, {}, "", ""}), (std::vector<int64_t>{b, a})); // dataset
  EXPECT_EQ(ids({"0%", "", {}, {}, "", ""}), (std::vector<int64_t>{c}));       // % is literal
  EXPECT_TRUE(ids({"a_1", "", {}, {}, "", ""}).empty()); // _ is literal ("cifar" has ar1)
  EXPECT_EQ(ids({"", "", engine::RunKind::Sweep, {}, "", ""}), (std::vector<int64_t>{c})); // kind
  EXPECT_EQ(ids({"", "", {}, {}, "Fashion-MNIST", "mlp"}), (std::vector<int64_t>{a}));
  EXPECT_EQ(ids({"mnist", "keep", {}, {}, "", ""}), (std::vector<int64_t>{a}));
}

TEST(RunDatabase, DeleteRunRemovesEverythingRecordedForIt) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  RunDatabase db(file);
  const int64_t gone = db.createRun(newRun("fashion-mnist", "mlp"));
  const int64_t kept = db.createRun(newRun("fashion-mnist", "mlp"));
  db.appendSteps(gone, makeSteps(0, 50));
  db.appendSteps(kept, makeSteps(0, 20));
  db.saveSuggestions(gone, {{"steepest", 1, 1e-3, 1.0, 3}}, engine::LrRange{1e-4, 1e-3, "r", 1});

  db.deleteRun(gone);
  EXPECT_EQ(countRows(file, "SELECT count(*) FROM step_metrics WHERE run_id = ?", gone), 0);
  EXPECT_EQ(countRows(file, "SELECT count(*) FROM step_group_lrs WHERE run_id = ?", gone), 0);
  EXPECT_EQ(countRows(file, "SELECT count(*) FROM suggestions WHERE run_id = ?", gone), 0);
  EXPECT_EQ(countRows(file, "SELECT count(*) FROM ranges WHERE run_id = ?", gone), 0);
  EXPECT_EQ(countRows(file, "SELECT count(*) FROM step_group_lrs WHERE run_id = ?", kept), 40);
  EXPECT_EQ(db.loadSteps(kept).size(), 20u);
  EXPECT_EQ(errorOf([&] { (void)db.loadRun(gone); }),
            "no run " + std::to_string(gone) + " in " + file.string());
  EXPECT_NE(errorOf([&] { db.deleteRun(gone); }).find("no run"), std::string::npos);
  EXPECT_NE(errorOf([&] { (void)db.loadSteps(gone); }).find("no run"), std::string::npos);
}

TEST(RunDatabase, KeepsARunsClassesAndWarningsAndAParentShowsItsFirstChildsClasses) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun parentRun = newRun("pets", "mlp");
  parentRun.kind = engine::RunKind::Sweep;
  const int64_t parent = db.createRun(parentRun);
  NewRun childRun = newRun("pets", "mlp");
  childRun.kind = engine::RunKind::Training;
  childRun.parentRunId = parent;
  const int64_t failed = db.createRun(childRun); // ended before its data was read
  const int64_t trained = db.createRun(childRun);
  const std::vector<std::string> classes{"cat", "dog", "caf\xc3\xa9"};
  EXPECT_TRUE(db.loadRun(trained).classNames.empty());
  EXPECT_TRUE(db.loadRun(parent).classNames.empty());

  // A warning quoting a name that is not UTF-8 keeps its bytes, escaped as the readers escape them.
  db.saveClassesAndWarnings(trained, classes, {"skipped 2 unreadable images", "bad \xff.png"});
  const RunDetails child = db.loadRun(trained);
  EXPECT_EQ(child.classNames, classes);
  EXPECT_EQ(child.warnings,
            (std::vector<std::string>{"skipped 2 unreadable images", "bad \\xff.png"}));
  EXPECT_TRUE(db.loadRun(failed).classNames.empty());
  EXPECT_EQ(db.loadRun(parent).classNames, classes);
  EXPECT_TRUE(db.loadRun(parent).warnings.empty()); // warnings are each run's own

  db.saveClassesAndWarnings(parent, {"a", "b"}, {"one sample for every candidate"});
  EXPECT_EQ(db.loadRun(parent).classNames, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(db.loadRun(parent).warnings,
            std::vector<std::string>{"one sample for every candidate"});
  EXPECT_NE(errorOf([&] { db.saveClassesAndWarnings(999, {}, {}); }).find("no run 999"),
            std::string::npos);
}

TEST(RunDatabase, ListsEachRunsPickedRangeOrPeakLr) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  const int64_t ranged = db.createRun(newRun("fashion-mnist", "mlp"));
  db.saveSuggestions(ranged, {}, engine::LrRange{1e-4, 3e-2, "lrscope-range", 3});
  db.setManualRange(ranged, 2e-4, 1e-2); // the pick is what the list shows
  NewRun training = newRun("fashion-mnist", "mlp");
  training.kind = engine::RunKind::Training;
  training.configJson = R"({"schedule": {"kind": "one-cycle", "max_lr": 0.05}})";
  const int64_t trained = db.createRun(training);
  NewRun broken = newRun("fashion-mnist", "mlp");
  broken.configJson = "not JSON";
  const int64_t neither = db.createRun(broken);

  for (const RunSummary& run : db.listRuns()) {
    SCOPED_TRACE(run.id);
    EXPECT_EQ(run.rangeLower, run.id == ranged ? std::optional<double>(2e-4) : std::nullopt);
    EXPECT_EQ(run.rangeUpper, run.id == ranged ? std::optional<double>(1e-2) : std::nullopt);
    EXPECT_EQ(run.peakLr, run.id == trained ? std::optional<double>(0.05) : std::nullopt);
  }
  EXPECT_EQ(db.loadRun(trained).summary.peakLr, 0.05);
  EXPECT_FALSE(db.loadRun(neither).summary.peakLr.has_value());
}

TEST(RunDatabase, SaveSuggestionsReplacesButKeepsAManualRange) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  RunDatabase db(file);
  const int64_t id = db.createRun(newRun("fashion-mnist", "mlp"));
  db.saveSuggestions(id, {{"a", 1, 1.0, 1.0, 1}, {"b", 1, 2.0, 2.0, 2}},
                     engine::LrRange{1e-4, 1e-3, "lrscope-range", 1});
  db.saveSuggestions(id, {{"c", 3, 3.0, 3.0, 3}}, engine::LrRange{2e-4, 2e-3, "lrscope-range", 2});
  RunDetails details = db.loadRun(id);
  ASSERT_EQ(details.suggestions.size(), 1u);
  EXPECT_EQ(details.suggestions[0].rule, "c");
  ASSERT_TRUE(details.range.has_value());
  EXPECT_EQ(details.range->upper, 2e-3);
  EXPECT_EQ(details.range->rule, "lrscope-range v2");

  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement manual(raw, "UPDATE ranges SET lower = 5e-4, upper = 5e-3, "
                                  "source = 'manual', rule = '' WHERE run_id = ?");
    manual.bind(1, id);
    manual.exec();
  }
  db.saveSuggestions(id, {}, engine::LrRange{1e-5, 1e-4, "lrscope-range", 3});
  details = db.loadRun(id);
  EXPECT_TRUE(details.suggestions.empty());
  ASSERT_TRUE(details.range.has_value());
  EXPECT_EQ(details.range->source, "manual");
  EXPECT_EQ(details.range->upper, 5e-3);
  db.saveSuggestions(id, {}, std::nullopt);
  EXPECT_TRUE(db.loadRun(id).range.has_value()); // a manual range survives "no range found"

  const int64_t other = db.createRun(newRun("fashion-mnist", "mlp"));
  db.saveSuggestions(other, {}, engine::LrRange{1e-4, 1e-3, "lrscope-range", 1});
  db.saveSuggestions(other, {}, std::nullopt);
  EXPECT_FALSE(db.loadRun(other).range.has_value()); // a stale automatic one does not
}

TEST(RunDatabase, RefusesANewerSchemaWithoutTouchingTheFile) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE future (x INTEGER); PRAGMA user_version = 99");
  }
  const std::string before = readBytes(file);
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(errorOf([&] { RunDatabase db(file); }),
            file.string() + ": written by a newer LR Scope (schema 99, this build knows " +
                std::to_string(RunDatabase::kSchemaVersion) + "); use a newer lrscope");
  EXPECT_EQ(readBytes(file), before);
  EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));
}

// A version no LR Scope ever wrote (negative) is refused, not used as a migration index, and
// the file is left as it was; merging it is refused the same way.
TEST(RunDatabase, RefusesANegativeSchemaVersionWithoutTouchingTheFile) {
  const TempDir dir;
  const auto file = dir.path() / "odd.db";
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE runs (x INTEGER); PRAGMA user_version = -1");
  }
  const std::string before = readBytes(file);
  EXPECT_EQ(errorOf([&] { RunDatabase db(file); }),
            file.string() + ": not an LR Scope database (schema version -1)");
  EXPECT_EQ(readBytes(file), before);
  RunDatabase mine(dir.path() / "mine.db");
  EXPECT_EQ(errorOf([&] { (void)mine.mergeFrom(file); }),
            file.string() + ": not an LR Scope database (schema version -1)");
  EXPECT_EQ(readBytes(file), before);
}

TEST(RunDatabase, RefusesAFileThatIsNotADatabase) {
  const TempDir dir;
  const auto file = dir.path() / "notes.txt";
  {
    std::ofstream out(file);
    out << "these are my notes, not a database; they are long enough to fill a header.\n";
  }
  const std::string before = readBytes(file);
  EXPECT_EQ(errorOf([&] { RunDatabase db(file); }),
            file.string() + ": not an LR Scope database (file is not a database)");
  EXPECT_EQ(readBytes(file), before);
}

TEST(RunDatabase, RefusesAnotherProgramsDatabase) {
  const TempDir dir;
  const auto file = dir.path() / "other.db";
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE runs (name TEXT)");
  }
  EXPECT_NE(errorOf([&] { RunDatabase db(file); }).find(": not an LR Scope database"),
            std::string::npos);
}

/// The StorageError message of opening file, as a user without root's right to write
/// through permissions sees it: as root, a child process that has become `nobody` opens it.
std::string openErrorAsUnprivilegedUser(const std::filesystem::path& file) {
  const auto attempt = [&file]() -> std::string {
    try {
      RunDatabase db(file);
      return "opened";
    } catch (const StorageError& error) {
      return error.what();
    }
  };
  if (::getuid() != 0) {
    return attempt();
  }
  int channel[2];
  if (::pipe(channel) != 0) {
    ADD_FAILURE() << "pipe failed";
    return {};
  }
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(channel[0]);
    constexpr uid_t kNobody = 65534;
    const std::string message =
        ::setgid(kNobody) == 0 && ::setuid(kNobody) == 0 ? attempt() : "cannot drop root";
    const ssize_t written = ::write(channel[1], message.data(), message.size());
    ::_exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
  }
  ::close(channel[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(channel[0], buffer, sizeof buffer)) > 0;) {
    message.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(channel[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return message;
}

TEST(RunDatabase, RefusesAReadOnlyFolder) {
  const TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0); // `nobody` may look inside
  const auto folder = dir.path() / "locked";
  std::filesystem::create_directories(folder);
  ASSERT_EQ(::chmod(folder.c_str(), 0555), 0);
  const std::string suffix = ": cannot write (read-only); check permissions or choose another --db";
  EXPECT_EQ(openErrorAsUnprivilegedUser(folder / "runs.db"),
            (folder / "runs.db").string() + suffix);
  EXPECT_EQ(openErrorAsUnprivilegedUser(folder / "sub" / "runs.db"),
            (folder / "sub" / "runs.db").string() + suffix);
  EXPECT_TRUE(std::filesystem::is_empty(folder)); // nothing created
}

TEST(RunDatabase, RefusesAReadOnlyFile) {
  const TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  const auto file = dir.path() / "runs.db";
  { const RunDatabase db(file); }
  ASSERT_EQ(::chmod(file.c_str(), 0444), 0);
  const std::string before = readBytes(file);
  EXPECT_EQ(openErrorAsUnprivilegedUser(file),
            file.string() + ": cannot write (read-only); check permissions or choose another --db");
  EXPECT_EQ(readBytes(file), before);
}

TEST(RunDatabase, MarksRunsOfAGoneProcessInterrupted) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  int64_t orphan = 0;
  int64_t live = 0;
  {
    RunDatabase db(file);
    orphan = db.createRun(newRun("fashion-mnist", "mlp"));
    live = db.createRun(newRun("fashion-mnist", "mlp"));
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child); // reaped: its pid names no process now
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement update(raw, "UPDATE runs SET pid = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(child));
    update.bind(2, orphan);
    EXPECT_EQ(update.exec(), 1);
  }

  const RunDatabase db(file);
  const RunDetails gone = db.loadRun(orphan);
  EXPECT_EQ(gone.summary.status, engine::StoredStatus::Interrupted);
  EXPECT_EQ(gone.message, "the process that ran it is gone");
  EXPECT_EQ(db.loadRun(live).summary.status, engine::StoredStatus::Running);
}

TEST(RunDatabase, DefaultPathFollowsXdgDataHome) {
  const char* oldXdg = std::getenv("XDG_DATA_HOME");
  const std::string savedXdg = oldXdg != nullptr ? oldXdg : "";
  const char* oldHome = std::getenv("HOME");
  const std::string savedHome = oldHome != nullptr ? oldHome : "";

  ::setenv("XDG_DATA_HOME", "/data/home", 1);
  EXPECT_EQ(RunDatabase::defaultPath(), std::filesystem::path("/data/home/lrscope/lrscope.db"));
  ::setenv("XDG_DATA_HOME", "", 1);
  ::setenv("HOME", "/home/ada", 1);
  EXPECT_EQ(RunDatabase::defaultPath(),
            std::filesystem::path("/home/ada/.local/share/lrscope/lrscope.db"));

  oldXdg != nullptr ? ::setenv("XDG_DATA_HOME", savedXdg.c_str(), 1) : ::unsetenv("XDG_DATA_HOME");
  oldHome != nullptr ? ::setenv("HOME", savedHome.c_str(), 1) : ::unsetenv("HOME");
}

// A database written by a newer LR Scope may hold kinds this version does not know: they are
// listed and loaded as Unknown (never a crash), filtered by the known kinds, and their text
// survives in the file untouched.
TEST(RunDatabase, AKindOfANewerLrScopeReadsAsUnknown) {
  const TempDir dir;
  const auto file = dir.path() / "runs.db";
  int64_t id = 0;
  {
    RunDatabase db(file);
    id = db.createRun(NewRun{});
    db.finishRun(id, engine::RunStatus::Completed, "", 1.0);
  }
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement update(raw, "UPDATE runs SET kind = 'audit_matrix' WHERE id = ?");
    update.bind(1, id);
    update.exec();
  }
  const RunDatabase db(file);
  EXPECT_EQ(db.loadRun(id).summary.kind, engine::RunKind::Unknown);
  EXPECT_EQ(db.listRuns().front().kind, engine::RunKind::Unknown);
  RunFilter rangeTests;
  rangeTests.kind = engine::RunKind::RangeTest;
  EXPECT_TRUE(db.listRuns(rangeTests).empty());
  RunFilter completed;
  completed.status = engine::StoredStatus::Completed;
  EXPECT_EQ(db.listRuns(completed).size(), 1U);
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT kind FROM runs").getString(), "audit_matrix");
}

} // namespace
} // namespace lrscope::storage
