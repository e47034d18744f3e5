#include "cli/commands.h"
#include "cli/text_report.h"

#include "lrscope/engine/curve_file.h"
#include "lrscope/engine/find_report.h"
#include "lrscope/storage/curve_import.h"
#include "lrscope/storage/run_database.h"
#include "lrscope/storage/run_export.h"
#include "lrscope/storage/storage_error.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace lrscope::cli {
namespace {

using nlohmann::json;

std::filesystem::path databasePath(const std::string& given) {
  return given.empty() ? storage::RunDatabase::defaultPath() : std::filesystem::path(given);
}

void addDatabaseOption(CLI::App* cmd, std::string& target) {
  cmd->add_option("--db", target, "database (default ~/.local/share/lrscope/lrscope.db)");
}

struct RunsArguments {
  std::string database;
  storage::RunFilter filter;
  bool json = false;
};

void runRuns(const RunsArguments& args) {
  const storage::RunDatabase database(databasePath(args.database));
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
  std::printf("%5s  %-20s  %-10s  %-11s  %-16s  %-8s %6s %9s\n", "id", "started (UTC)", "kind",
              "status", "data", "model", "steps", "seconds");
  for (const auto& r : runs)
    std::printf("%5lld  %-20s  %-10s  %-11s  %-16.16s  %-8.8s %6lld %9.2f\n",
                static_cast<long long>(r.id), r.startedAt.c_str(), r.kind.c_str(), r.status.c_str(),
                r.dataset.c_str(), r.model.c_str(), static_cast<long long>(r.steps),
                r.durationSeconds);
}

struct ShowArguments {
  std::string database;
  int64_t runId = 0;
  bool json = false;
};

void runShow(const ShowArguments& args) {
  const storage::RunDatabase database(databasePath(args.database));
  const storage::RunDetails run = database.loadRun(args.runId);
  if (args.json) {
    std::cout << storage::runDetailsJson(run).dump(2) << "\n";
    return;
  }
  const storage::RunSummary& s = run.summary;
  std::cout << "run " << s.id << " (" << s.kind << ", experiment " << s.experiment << ")\n"
            << "status: " << s.status << (run.message.empty() ? "" : " (" + run.message + ")")
            << "\nstarted " << s.startedAt << ", " << s.steps << " steps in "
            << formatDuration(s.durationSeconds) << "; data " << s.dataset << ", model " << s.model
            << ", seed " << run.seed << "\n";
  if (run.range)
    std::cout << "range: " << formatLr(run.range->lower) << " .. " << formatLr(run.range->upper)
              << " (" << run.range->source << (run.range->rule.empty() ? "" : ", ")
              << run.range->rule << ")\n";
  std::cout << "\n"
            << formatSuggestionTable(run.suggestions) << "\nconfig:\n"
            << json::parse(run.configJson.empty() ? "{}" : run.configJson).dump(2) << "\n";
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
  std::string json;
};

void runExport(const ExportArguments& args) {
  if (args.csv.empty() && args.json.empty()) {
    throw storage::StorageError("export needs --csv FILE or --json FILE (or both)");
  }
  const storage::RunDatabase database(databasePath(args.database));
  const storage::RunCurve run = database.loadRuns({args.runId}).front();
  if (!args.csv.empty()) {
    storage::exportRunCsv(run, args.csv);
    std::cout << "wrote " << run.steps.size() << " steps of run " << args.runId << " to "
              << args.csv << "\n";
  }
  if (!args.json.empty()) {
    storage::exportRunJson(run, database.loadEvents(args.runId), database.loadEpochs(args.runId),
                           args.json);
    std::cout << "wrote run " << args.runId << " to " << args.json << "\n";
  }
}

struct MergeArguments {
  std::string database;
  std::vector<std::string> others;
};

void runMerge(const MergeArguments& args) {
  storage::RunDatabase database(databasePath(args.database));
  for (const std::string& other : args.others) {
    const storage::MergeResult merged = database.mergeFrom(other);
    std::cout << other << ": copied " << merged.copied << " run" << (merged.copied == 1 ? "" : "s")
              << ", " << merged.alreadyPresent << " already here";
    if (merged.stillRunning > 0) {
      std::cout << ", " << merged.stillRunning
                << " still running there (skipped; merge again when they end)";
    }
    std::cout << "\n";
  }
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
    std::cout << curve.sourceFile.string() << ": imported as run " << id << " ("
              << curve.curve.lrs.size() << " points, " << engine::curveFormatName(*curve.format)
              << ") in " << database.path().string() << "\n";
  }
}

} // namespace

void addStorageCommands(CLI::App& app) {
  auto runs = std::make_shared<RunsArguments>();
  CLI::App* list = app.add_subcommand("runs", "List stored runs, newest first");
  addDatabaseOption(list, runs->database);
  list->add_option("--kind", runs->filter.kind, "only this kind (range_test, ...)");
  list->add_option("--status", runs->filter.status, "only this status (completed, diverged, ...)");
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
  list->callback([runs] { runRuns(*runs); });

  auto show = std::make_shared<ShowArguments>();
  CLI::App* details = app.add_subcommand("show", "Print a stored run's config, status, "
                                                 "suggestions and range");
  details->add_option("run", show->runId, "run id (see lrscope runs)")->required();
  addDatabaseOption(details, show->database);
  details->add_flag("--json", show->json, "print the run as JSON");
  details->callback([show] { runShow(*show); });

  auto remove = std::make_shared<RemoveArguments>();
  CLI::App* rm = app.add_subcommand("rm", "Delete a stored run and everything recorded for it");
  rm->add_option("run", remove->runId, "run id (see lrscope runs)")->required();
  addDatabaseOption(rm, remove->database);
  rm->callback([remove] { runRemove(*remove); });

  auto exporting = std::make_shared<ExportArguments>();
  CLI::App* exportCmd = app.add_subcommand(
      "export", "Write a stored run's steps as CSV (one row per step, pandas-readable) or the "
                "whole run as JSON");
  exportCmd->add_option("run", exporting->runId, "run id (see lrscope runs)")->required();
  addDatabaseOption(exportCmd, exporting->database);
  exportCmd->add_option("--csv", exporting->csv, "write the steps to this CSV file");
  exportCmd->add_option("--json", exporting->json,
                        "write config, steps, suggestions, range and events to this JSON file");
  exportCmd->callback([exporting] { runExport(*exporting); });

  auto merging = std::make_shared<MergeArguments>();
  CLI::App* merge = app.add_subcommand(
      "merge", "Copy the runs of other LR Scope databases into this one (new ids; runs merged "
               "before are skipped)");
  merge->add_option("others", merging->others, "other databases (only read)")->required();
  addDatabaseOption(merge, merging->database);
  merge->callback([merging] { runMerge(*merging); });

  auto importing = std::make_shared<ImportArguments>();
  CLI::App* import = app.add_subcommand(
      "import", "Store loss-vs-LR curves as runs: a CSV with lr and loss columns, "
                "pytorch-lr-finder's history JSON, a fastai recorder CSV (lrs, losses) or an "
                "LR Scope run export (lrscope export --json)");
  import->add_option("files", importing->files, "curve files (format found by content)")
      ->required();
  addDatabaseOption(import, importing->database);
  import->add_option("--experiment", importing->experiment, "experiment to file them under")
      ->default_val("default");
  import->callback([importing] { runImport(*importing);
});
} // namespace lrscope::cli

} // namespace lrscope::cli
