// Reads a report's runs from the database: steps, epochs, events, a sweep's learning rates.
#include "report/report_content.h"

#include "lrscope/engine/input_error.h"

#include <nlohmann/json.hpp>

#include <QDateTime>

#include <algorithm>

namespace lrscope::ui {
namespace {

/// The LR a training run of a sweep trained at: its schedule's peak (constant for a sweep).
double trainedLr(const std::string& configJson) {
  const nlohmann::json config = nlohmann::json::parse(configJson, nullptr, false);
  if (!config.is_object() || !config.contains("schedule"))
    return 0.0;
  const nlohmann::json& schedule = config["schedule"];
  return schedule.is_object() && schedule.value("max_lr", nlohmann::json()).is_number()
             ? schedule["max_lr"].get<double>()
             : 0.0;
}

std::optional<SweepElimination> eliminationOf(const std::vector<storage::RunEvent>& events) {
  for (const storage::RunEvent& event : events) {
    if (event.kind != "eliminated")
      continue;
    SweepElimination elimination;
    elimination.step = event.step;
    const nlohmann::json payload = nlohmann::json::parse(event.payloadJson, nullptr, false);
    if (payload.is_object()) {
      elimination.rung = payload.value("rung", 0);
      elimination.reason = payload.value("reason", std::string());
      elimination.diverged = payload.value("diverged", false);
    }
    return elimination;
  }
  return std::nullopt;
}

std::vector<SweepMember> sweepMembers(const storage::RunDatabase& database, int64_t sweepId) {
  storage::RunFilter filter;
  filter.parentRunId = sweepId;
  std::vector<SweepMember> members;
  for (const storage::RunSummary& child : database.listRuns(filter)) {
    SweepMember member;
    member.details = database.loadRun(child.id);
    member.lr = trainedLr(member.details.configJson);
    member.epochs = database.loadEpochs(child.id);
    member.elimination = eliminationOf(database.loadEvents(child.id));
    members.push_back(std::move(member));
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const SweepMember& a, const SweepMember& b) { return a.lr < b.lr; });
  return members;
}

std::vector<ReportRun> partRuns(const storage::RunDatabase& database, int64_t parentId) {
  storage::RunFilter filter;
  filter.parentRunId = parentId;
  std::vector<int64_t> ids;
  for (const storage::RunSummary& child : database.listRuns(filter))
    ids.push_back(child.id);
  std::sort(ids.begin(), ids.end());
  std::vector<ReportRun> parts;
  for (storage::RunCurve& curve : database.loadRuns(ids, kPlotPoints)) {
    ReportRun part;
    part.details = std::move(curve.details);
    part.steps = std::move(curve.steps);
    parts.push_back(std::move(part));
  }
  return parts;
}

} // namespace

ReportContent gatherReport(const storage::RunDatabase& database,
                           const std::vector<int64_t>& runIds) {
  if (runIds.empty())
    throw engine::InputError("a report needs at least one run (see lrscope runs)");
  std::vector<int64_t> unique;
  for (const int64_t id : runIds)
    if (std::find(unique.begin(), unique.end(), id) == unique.end())
      unique.push_back(id);

  ReportContent content;
  content.generatedAt =
      QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm t")).toStdString();
  content.version = LRSCOPE_VERSION;
  content.databasePath = database.path().string();
  for (storage::RunCurve& curve : database.loadRuns(unique, kPlotPoints)) {
    ReportRun run;
    run.details = std::move(curve.details);
    run.steps = std::move(curve.steps);
    run.epochs = database.loadEpochs(run.id());
    run.events = database.loadEvents(run.id());
    if (run.kind() == engine::RunKind::Sweep)
      run.sweepMembers = sweepMembers(database, run.id());
    else
      run.parts = partRuns(database, run.id());
    content.runs.push_back(std::move(run));
  }
  return content;
}

} // namespace lrscope::ui
