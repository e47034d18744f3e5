#include "cli/audit_output.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/subcommand.h"
#include "cli/text_report.h"
#include "cli/training_output.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_report.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/repeated_range_test.h"
#include "lrscope/storage/audit_run.h"
#include "lrscope/storage/child_runs.h"
#include "lrscope/storage/curve_import.h"
#include "lrscope/storage/repeated_range_test_summary.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_export.h"
#include "lrscope/storage/sharded_runs.h"
#include "lrscope/storage/storage_error.h"
#include "lrscope/storage/sweep_summary.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

namespace lrscope::cli {
namespace {

using nlohmann::json;

/// "a, b, c": the text of every value, for help and errors.
template <typename Enum> std::string namesOf(const std::vector<Enum>& values) {
  std::string names;
  for (const Enum value : values)
    names += (names.empty() ? "" : ", ") + std::string(engine::toString(value));
  return names;
}

/// A filter flag that takes one of `known` by its stored text ("--kind sweep") into `target`,
/// and refuses any other text, listing the values it takes.
template <typename Enum, typename Parse>
void addNamedFilter(CLI::App* cmd, const std::string& flag, std::optional<Enum>& target,
                    Parse parse, const std::vector<Enum>& known, const std::string& help) {
  cmd->add_option_function<std::string>(
      flag,
      [flag, &target, parse, known](const std::string& text) {
        target = parse(text);
        if (!target)
          throw CLI::ValidationError(flag, "'" + text + "' is none of " + namesOf(known));
      },
      help + ": " + namesOf(known));
}

struct RunsArguments {
  std::string database;
  storage::RunFilter filter;
  bool json = false;
};

void runRuns(const RunsArguments& args) {
  const std::filesystem::path file = databasePath(args.database);
  std::error_code error;
  const bool folderThere =
      !file.has_parent_path() || std::filesystem::is_directory(file.parent_path(), error);
  if (folderThere && !std::filesystem::exists(file, error)) { // nothing stored yet
    std::cout << (args.json ? "[]" : "no runs in " + file.string()) << "\n";
    return;
  }
  const storage::RunDatabase database(file, storage::RunDatabase::Access::ReadOnly);
  const std::vector<storage::RunSummary> runs = database.listRuns(args.filter);
  if (args.json) {
    json out = json::array();
    for (const auto& run : runs)
      out.push_back(storage::runSummaryJson(run));
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (runs.empty()) {
    std::cout << "no runs in " << database.path().string() << "\n";
    return;
  }
  int kindWidth = 4; // as wide as the longest kind listed
  for (const auto& r : runs)
    kindWidth = std::max(kindWidth, static_cast<int>(engine::toString(r.kind).size()));
  std::printf("%5s  %-20s  %-*s  %-11s  %-16s  %-8s %6s %9s\n", "id", "started (UTC)", kindWidth,
              "kind", "status", "data", "model", "steps", "seconds");
  for (const auto& r : runs)
    std::printf(
        "%5lld  %-20s  %-*s  %-11s  %-16.16s  %-8.8s %6lld %9.2f\n", static_cast<long long>(r.id),
        r.startedAt.c_str(), kindWidth, std::string(engine::toString(r.kind)).c_str(),
        std::string(engine::toString(r.status)).c_str(), engine::printable(r.dataset).c_str(),
        engine::printable(r.model).c_str(), static_cast<long long>(r.steps), r.durationSeconds);
}

struct ShowArguments {
  std::string database;
  int64_t runId = 0;
  bool json = false;
};

/// A stored config as indented JSON; one that is not JSON (imported from another tool) as
/// the text it is.
std::string configText(const std::string& configJson) {
  if (configJson.empty())
    return "{}";
  try {
    return engine::parseJsonInput(configJson, "the stored config")
        .dump(2, ' ', false, json::error_handler_t::replace);
  } catch (const engine::InputError&) {
    return engine::printable(configJson);
  }
}

/// A repeated range test's repeats together, as `find --repeats --json` prints them, with the
/// child runs in repeat order.
json repeatedJson(const storage::RepeatedRangeTestSummary& repeated) {
  json out = engine::repeatSummaryJson(repeated.summary);
  json runs = json::array();
  for (const storage::RunCurve& repeat : repeated.repeats)
    runs.push_back(repeat.details.summary.id);
  out["runs"] = runs;
  return out;
}

/// A sweep's candidates, lowest LR first, with how each ended, and its best and extremes.
std::string sweepText(const storage::SweepSummary& sweep) {
  std::ostringstream out;
  char line[200];
  std::snprintf(line, sizeof line, "\n  %-11s %-7s %-15s %6s  %-9s %s\n", "lr", "run", "status",
                "epochs", "val loss", "val acc");
  out << line;
  for (const storage::SweepCandidateRun& c : sweep.candidates) {
    std::string status = engine::toString(c.status);
    if (c.status == engine::CandidateStatus::Eliminated ||
        c.status == engine::CandidateStatus::Diverged)
      status += " r" + std::to_string(c.rung);
    std::snprintf(line, sizeof line, "  %-11s %-7lld %-15s %6zu  %-9s %s\n", formatLr(c.lr).c_str(),
                  static_cast<long long>(c.runId), status.c_str(), c.epochs.size(),
                  formatLoss(c.finalValidationLoss()).c_str(),
                  formatPercent(c.finalValidationAccuracy()).c_str());
    out << line;
  }
  for (const auto& [label, index] : {std::pair{"lowest", sweep.lowestEliminated},
                                     std::pair{"highest", sweep.highestEliminated}}) {
    if (!index)
      continue;
    const storage::SweepCandidateRun& c = sweep.candidates[*index];
    out << label << " eliminated: " << formatLr(c.lr) << " at rung " << c.rung << ": "
        << engine::printable(c.reason) << "\n";
  }
  return out.str();
}

json sweepJson(const storage::SweepSummary& sweep) {
  json candidates = json::array();
  for (const storage::SweepCandidateRun& c : sweep.candidates)
    candidates.push_back({{"lr", c.lr},
                          {"run_id", c.runId},
                          {"status", engine::toString(c.status)},
                          {"rung", c.rung},
                          {"reason", c.reason},
                          {"epochs", c.epochs.size()},
                          {"val_loss", finiteOrNull(c.finalValidationLoss())},
                          {"val_accuracy", finiteOrNull(c.finalValidationAccuracy())}});
  return {{"candidates", candidates},
          {"best_lr", sweep.best ? json(sweep.candidates[*sweep.best].lr) : json()},
          {"rungs", sweep.rungsRun}};
}

/// The repeats together, then one line per repeat.
std::string repeatedText(const storage::RepeatedRangeTestSummary& repeated) {
  std::ostringstream out;
  out << "\n"
      << formatRepeatSummary(repeated.summary) << "\n  repeat  run     seed        status\n";
  for (std::size_t i = 0; i < repeated.repeats.size(); ++i) {
    const storage::RunDetails& d = repeated.repeats[i].details;
    char line[120];
    std::snprintf(line, sizeof line, "  %-7zu %-7lld %-11llu %s\n", i + 1,
                  static_cast<long long>(d.summary.id), static_cast<unsigned long long>(d.seed),
                  std::string(engine::toString(d.summary.status)).c_str());
    out << line;
  }
  return out.str();
}

void runShow(const ShowArguments& args) {
  const storage::RunDatabase database(databasePath(args.database),
                                      storage::RunDatabase::Access::ReadOnly);
  const storage::RunDetails run = database.loadRun(args.runId);
  std::optional<storage::RepeatedRangeTestSummary> repeated;
  if (run.summary.kind == engine::RunKind::RepeatedRangeTest)
    repeated = storage::loadRepeatedRangeTest(database, args.runId);
  std::optional<storage::AuditRun> audit;
  if (run.summary.kind == engine::RunKind::Audit)
    audit = storage::loadAudit(database, args.runId);
  std::optional<storage::SweepSummary> sweep;
  if (run.summary.kind == engine::RunKind::Sweep)
    sweep = storage::loadSweepSummary(database, args.runId);
  if (args.json) {
    json out = storage::runDetailsJson(run);
    if (repeated)
      out["repeated"] = repeatedJson(*repeated);
    if (audit)
      out["audit"] = audit->record.rangeTests.empty()
                         ? json(nullptr)
                         : json(auditJson(audit->record, audit->summary));
    if (sweep)
      out["sweep"] = sweepJson(*sweep);
    std::cout << out.dump(2) << "\n";
    return;
  }
  const storage::RunSummary& s = run.summary;
  std::cout << "run " << s.id << " (" << engine::toString(s.kind) << ", experiment "
            << engine::printable(s.experiment) << ")\n"
            << "status: " << engine::toString(s.status)
            << (run.message.empty() ? "" : " (" + engine::printable(run.message) + ")")
            << "\nstarted " << s.startedAt << ", " << s.steps << " steps in "
            << formatDuration(s.durationSeconds) << "; data " << engine::printable(s.dataset)
            << ", model " << engine::printable(s.model) << ", seed " << run.seed << "\n"
            << classesLine(run.classNames);
  for (const std::string& warning : run.warnings)
    std::cout << "warning: " << engine::printable(warning) << "\n";
  if (run.range)
    std::cout << "range: " << formatLr(run.range->lower) << " .. " << formatLr(run.range->upper)
              << " (" << run.range->source << (run.range->rule.empty() ? "" : ", ")
              << engine::printable(run.range->rule) << ")\n";
  if (repeated)
    std::cout << repeatedText(*repeated);
  else if (audit)
    std::cout << "\n"
              << (audit->record.rangeTests.empty() ? "no range test ran\n"
                                                   : formatAudit(audit->record, audit->summary));
  else if (sweep)
    std::cout << sweepText(*sweep);
  else
    std::cout << "\n" << formatSuggestionTable(run.suggestions);
  std::cout << "\nconfig:\n" << configText(run.configJson) << "\n";
}

struct RemoveArguments {
  std::string database;
  int64_t runId = 0;
};

void runRemove(const RemoveArguments& args) {
  storage::RunDatabase database(databasePath(args.database));
  (void)database.loadRun(args.runId); // says "no run N" when there is none
  database.deleteRun(args.runId);
  std::cout << "deleted run " << args.runId << " from " << database.path().string() << "\n";
}

struct ExportArguments {
  std::string database;
  int64_t runId = 0;
  std::string csv;
  std::string jsonFile;
  /// The old spelling of --json-file; given without a file, refused (export prints no JSON).
  std::optional<std::string> oldJsonFile;
};

/// --json-file, or the file of the deprecated `--json FILE` (with a notice on stderr).
std::string jsonFileOf(const ExportArguments& args) {
  if (!args.oldJsonFile)
    return args.jsonFile;
  if (args.oldJsonFile->empty())
    throw CLI::ValidationError("--json", "export prints no JSON; write the run as JSON with "
                                         "--json-file FILE (lrscope show RUN --json prints it)");
  if (!args.jsonFile.empty())
    throw CLI::ValidationError("--json", "give --json-file FILE alone (--json FILE is its old "
                                         "spelling)");
  std::cerr << "lrscope: warning: export --json FILE is deprecated; use --json-file FILE\n";
  return *args.oldJsonFile;
}

/// "runs 2, 3, 4": the child runs of a parent.
std::string childRunsText(const storage::RunDatabase& database, int64_t parentId) {
  const std::vector<int64_t> ids = storage::childRunIds(database, parentId);
  std::string text = ids.size() == 1 ? "run " : "runs ";
  for (std::size_t i = 0; i < ids.size(); ++i)
    text += (i == 0 ? "" : ", ") + std::to_string(ids[i]);
  return ids.empty() ? "no runs" : text;
}

/// The steps of a run, or a repeated range test's median curve and band; refuses another parent,
/// whose steps are its child runs'.
void exportStepsCsv(const storage::RunDatabase& database, const storage::RunCurve& run,
                    const std::string& csv) {
  const storage::RunSummary& summary = run.details.summary;
  if (summary.kind == engine::RunKind::RepeatedRangeTest) {
    const storage::RepeatedRangeTestSummary test =
        storage::loadRepeatedRangeTest(database, summary.id);
    storage::exportBandCsv(test.summary, csv);
    std::cout << "wrote the median curve and band of the " << test.summary.repeats
              << " repeats of run " << summary.id << " (" << test.summary.band.size()
              << " steps) to " << csv
              << "; the repeats' own steps are " + childRunsText(database, summary.id) << "\n";
    return;
  }
  if (engine::hasChildRuns(summary.kind))
    throw engine::InputError("run " + std::to_string(summary.id) + " is of kind " +
                             std::string(engine::toString(summary.kind)) +
                             ": it records no steps of its own: export one of its " +
                             childRunsText(database, summary.id));
  storage::exportRunCsv(run, csv);
  std::cout << "wrote " << run.steps.size() << " steps of run " << summary.id << " to " << csv
            << "\n";
}

void runExport(const ExportArguments& args) {
  const std::string jsonFile = jsonFileOf(args);
  if (args.csv.empty() && jsonFile.empty()) {
    throw storage::StorageError("export needs --csv FILE or --json-file FILE (or both)");
  }
  const storage::RunDatabase database(databasePath(args.database),
                                      storage::RunDatabase::Access::ReadOnly);
  const storage::RunCurve run = database.loadRuns({args.runId}).front();
  if (!args.csv.empty())
    exportStepsCsv(database, run, args.csv);
  if (!jsonFile.empty()) {
    storage::exportRunJson(run, database.loadEvents(args.runId), database.loadEpochs(args.runId),
                           jsonFile);
    std::cout << "wrote run " << args.runId << " to " << jsonFile << "\n";
  }
}

struct MergeArguments {
  std::string database;
  std::vector<std::string> others;
  bool rollbackJournal = false;
};

/// Merges every file it can: one that cannot be read (a shard's task that left no database) is
/// named on stderr and the others are merged all the same; the exit status is then 1. Shard
/// files of one job that hold different runs are refused before anything is merged.
void runMerge(const MergeArguments& args) {
  const std::vector<std::filesystem::path> others(args.others.begin(), args.others.end());
  if (const std::optional<std::string> mixed = storage::shardOfAnotherRun(others))
    throw engine::InputError(*mixed);
  storage::RunDatabase database(databasePath(args.database),
                                storage::RunDatabase::Access::ReadWrite,
                                args.rollbackJournal ? storage::RunDatabase::Journal::Rollback
                                                     : storage::RunDatabase::Journal::Wal);
  bool allMerged = true;
  for (const std::string& other : args.others) {
    storage::MergeResult merged;
    try {
      merged = database.mergeFrom(other);
    } catch (const std::exception& error) {
      std::cerr << "lrscope: error: " << engine::excerpt(error.what(), engine::kMessageChars)
                << "\n";
      allMerged = false;
      continue;
    }
    std::cout << other << ": copied " << merged.copied << " run" << (merged.copied == 1 ? "" : "s")
              << ", " << merged.alreadyPresent << " already here";
    if (merged.stillRunning > 0) {
      std::cout << ", " << merged.stillRunning
                << " still running there (skipped; merge again when they end)";
    }
    std::cout << "\n";
    for (const std::string& unfinished : merged.unfinishedShards)
      std::cout << "  skipped: " << unfinished << "\n";
    for (const storage::ShardedParent& parent : merged.sharded)
      std::cout << "  " << storage::describeShardedParent(parent) << "\n";
  }
  std::cout.flush();
  if (!allMerged)
    throw CLI::RuntimeError(1);
}

struct ImportArguments {
  std::string database;
  std::vector<std::string> files;
  std::string experiment = "default";
};

void runImport(const ImportArguments& args) {
  // Every file is read before anything is stored: one bad file imports nothing. A run that
  // fails while it is stored is taken out again (importCurve).
  std::vector<storage::CurveImport> curves;
  for (const std::string& file : args.files)
    curves.push_back(storage::readCurveImport(file));
  storage::RunDatabase database(databasePath(args.database));
  for (const storage::CurveImport& curve : curves) {
    const int64_t id = storage::importCurve(database, curve, args.experiment);
    std::cout << engine::printable(curve.sourceFile.string()) << ": imported as run " << id << " ("
              << curve.curve.lrs.size() << " points, " << engine::curveFormatName(*curve.format)
              << ") in " << database.path().string() << "\n";
  }
}

} // namespace

void showRun(const std::string& database, int64_t runId, bool json) {
  runShow(ShowArguments{database, runId, json});
}

void addStorageCommands(CLI::App& app) {
  const auto [list, runs] = addSubcommand(app, "runs", "List stored runs, newest first", runRuns);
  addDatabaseOption(list, runs->database);
  addNamedFilter(list, "--kind", runs->filter.kind, engine::parseRunKind, engine::knownRunKinds(),
                 "only this kind");
  addNamedFilter(list, "--status", runs->filter.status, engine::parseStoredStatus,
                 engine::knownStoredStatuses(), "only this status");
  list->add_option("--data", runs->filter.dataset, "only this data set");
  list->add_option("--model", runs->filter.model, "only this model");
  list->add_option("--tag", runs->filter.tag, "only runs with this tag");
  list->add_option("--text", runs->filter.text,
                   "text in data set, model, notes, tags or experiment");
  list->add_option("--experiment", runs->filter.experiment, "only runs of this experiment");
  list->add_option("--since", runs->filter.startedFrom,
                   "only runs started on or after this UTC date (YYYY-MM-DD[THH:MM:SS])");
  list->add_option("--until", runs->filter.startedUntil,
                   "only runs started on or before this UTC date (YYYY-MM-DD[THH:MM:SS])");
  list->add_flag("--json", runs->json, "print the runs as JSON");

  const auto [details, show] = addSubcommand(app, "show",
                                             "Print a stored run's config, status, "
                                             "suggestions and range",
                                             runShow);
  details->add_option("run", show->runId, "run id (see lrscope runs)")->required();
  addDatabaseOption(details, show->database);
  details->add_flag("--json", show->json, "print the run as JSON");

  const auto [rm, remove] =
      addSubcommand(app, "rm", "Delete a stored run and everything recorded for it", runRemove);
  rm->add_option("run", remove->runId, "run id (see lrscope runs)")->required();
  addDatabaseOption(rm, remove->database);

  const auto [exportCmd, exporting] =
      addSubcommand(app, "export",
                    "Write a stored run's steps as CSV (one row per step, pandas-readable) or the "
                    "whole run as JSON",
                    runExport);
  exportCmd->add_option("run", exporting->runId, "run id (see lrscope runs)")->required();
  addDatabaseOption(exportCmd, exporting->database);
  exportCmd->add_option("--csv", exporting->csv, "write the steps to this CSV file");
  exportCmd->add_option("--json-file", exporting->jsonFile,
                        "write config, steps, suggestions, range and events to this JSON file");
  exportCmd->add_option("--json", exporting->oldJsonFile, "deprecated: use --json-file FILE")
      ->expected(0, 1);

  const auto [merge, merging] =
      addSubcommand(app, "merge",
                    "Copy the runs of other LR Scope databases into this one (new ids; runs "
                    "merged before are skipped)",
                    runMerge);
  merge->add_option("others", merging->others, "other databases (only read)")->required();
  addDatabaseOption(merge, merging->database);
  merge->add_flag("--rollback-journal", merging->rollbackJournal,
                  "create the database with a rollback journal instead of WAL, for a network "
                  "file system (an existing database keeps its own)");

  const auto [import, importing] =
      addSubcommand(app, "import",
                    "Store loss-vs-LR curves as runs: a CSV with lr and loss columns, "
                    "pytorch-lr-finder's history JSON, a fastai recorder CSV (lrs, losses) or an "
                    "LR Scope run export (lrscope export --json-file)",
                    runImport);
  import->add_option("files", importing->files, "curve files (format found by content)")
      ->required();
  addDatabaseOption(import, importing->database);
  import->add_option("--experiment", importing->experiment, "experiment to file them under")
      ->default_val("default");
}

} // namespace lrscope::cli
