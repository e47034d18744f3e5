// Reads a report's runs from the database: steps, epochs, events, and with storage's readers a
// sweep's learning rates and a per-group test's tests.
#include "report/report_content.h"
#include "run_labels.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/storage/group_range_test_summary.h"
#include "lrscope/storage/repeated_range_test_summary.h"
#include "plots/repeated_run.h"

#include <QDateTime>

#include <algorithm>

namespace lrscope::ui {
namespace {

/// A per-group range test's tests, as storage orders them.
std::vector<ReportRun> groupTests(const storage::RunDatabase& database, int64_t parentId) {
  storage::GroupRangeTestSummary summary =
      storage::loadGroupRangeTest(database, parentId, kPlotPoints);
  std::vector<ReportRun> parts;
  for (storage::GroupTestRun& test : summary.tests) {
    ReportRun part;
    part.label = groupTestLabel(test);
    part.details = std::move(test.curve.details);
    part.steps = std::move(test.curve.steps);
    parts.push_back(std::move(part));
  }
  return parts;
}

/// A repeated range test's repeats in repeat order, and what they say together.
void addRepeats(const storage::RunDatabase& database, ReportRun& run) {
  storage::RepeatedRangeTestSummary test = storage::loadRepeatedRangeTest(database, run.id());
  run.repeatSummary = std::move(test.summary);
  for (std::size_t i = 0; i < test.repeats.size(); ++i) {
    ReportRun part;
    part.label = repeatLabel(i, test.repeats[i].details);
    part.details = std::move(test.repeats[i].details);
    part.steps = std::move(test.repeats[i].steps);
    run.parts.push_back(std::move(part));
  }
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
      run.sweep = storage::loadSweepSummary(database, run.id());
    else if (run.kind() == engine::RunKind::GroupRangeTest)
      run.parts = groupTests(database, run.id());
    else if (run.kind() == engine::RunKind::RepeatedRangeTest)
      addRepeats(database, run);
    else if (run.kind() == engine::RunKind::Audit)
      run.audit = storage::loadAudit(database, run.id());
    if (run.details.parentRunId)
      run.parentKind = database.loadRun(*run.details.parentRunId).summary.kind;
    content.runs.push_back(std::move(run));
  }
  return content;
}

} // namespace lrscope::ui
