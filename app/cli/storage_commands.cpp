#include "cli/commands.h"
#include "cli/text_report.h"

#include "lrscope/engine/find_report.h"
#include "lrscope/storage/run_database.h"

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

json summaryJson(const storage::RunSummary& s) {
  return {{"id", s.id},
          {"experiment", s.experiment},
          {"kind", s.kind},
          {"status", s.status},
          {"data", s.dataset},
          {"model", s.model},
          {"started_at", s.startedAt},
          {"duration_s", s.durationSeconds},
          {"steps", s.steps},
          {"notes", s.notes},
          {"tags", s.tags}};
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
      out.push_back(summaryJson(run));
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
    json out = summaryJson(run.summary);
    out["message"] = run.message;
    out["seed"] = run.seed;
    out["config"] = json::parse(run.configJson.empty() ? "{}" : run.configJson);
    out["suggestions"] = engine::suggestionsToJson(run.suggestions, {})["suggestions"];
    out["range"] = run.range ? json{{"lower", run.range->lower},
                                    {"upper", run.range->upper},
                                    {"source", run.range->source},
                                    {"rule", run.range->rule},
                                    {"updated_at", run.range->updatedAt}}
                             : json(nullptr);
    std::cout << out.dump(2) << "\n";
    return;
  }
  const storage::RunSummary& s = run.summary;
  std::cout << "run " << s.id << " (" << s.kind << ", experiment " << s.experiment << ")\n"
            << "status: " << s.status << (run.message.empty() ? "" : " (" + run.message + ")")
            << "\nstarted " << s.startedAt << ", " << s.steps << " steps in " << s.durationSeconds
            << " s; data " << s.dataset << ", model " << s.model << ", seed " << run.seed << "\n";
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
  list->add_option("--text", runs->filter.text, "text in data set, model, notes or experiment");
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
}

} // namespace lrscope::cli
