// MainWindow: a per-group range test selected, its whole-model and layer-group tests overlaid
// on the plots and the LR to train each group at in the details.
#include "main_window.h"

#include "details/group_details.h"
#include "details/run_details_panel.h"
#include "plots/plotted_run.h"

#include "lrscope/storage/storage_error.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace lrscope::ui {
namespace {

constexpr char kGroupTagPrefix[] = "group:";

/// The layer group a child test swept (its config's range_test.swept_group; -1 for the whole
/// model) and its name (its "group:NAME" tag).
GroupTestRun groupTest(const storage::RunDetails& child) {
  GroupTestRun test;
  test.details = child;
  const QJsonDocument config = QJsonDocument::fromJson(QByteArray::fromStdString(child.configJson));
  test.group = config.object().value("range_test").toObject().value("swept_group").toInt(-1);
  for (const std::string& tag : child.summary.tags) {
    const QString text = QString::fromStdString(tag);
    if (text.startsWith(kGroupTagPrefix))
      test.name = text.mid(static_cast<int>(std::char_traits<char>::length(kGroupTagPrefix)));
  }
  if (test.group < 0 || test.name == "all")
    test.name = MainWindow::tr("all groups");
  else if (test.name.isEmpty())
    test.name = MainWindow::tr("group %1").arg(test.group);
  return test;
}

} // namespace

void MainWindow::showGroupRangeTest(const storage::RunCurve& parent) {
  std::vector<storage::RunCurve> children;
  try {
    storage::RunFilter filter;
    filter.parentRunId = parent.details.summary.id;
    std::vector<int64_t> ids;
    for (const storage::RunSummary& child : m_database->listRuns(filter))
      ids.push_back(child.id);
    children = m_database->loadRuns(ids, kComparisonPoints);
  } catch (const storage::StorageError& error) {
    report(QString::fromStdString(error.what()));
  }
  std::vector<GroupTestRun> tests;
  for (const storage::RunCurve& child : children)
    tests.push_back(groupTest(child.details));
  // The whole-model test first, then the groups in order; each keeps its curve beside it.
  std::vector<std::size_t> order(tests.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&tests](std::size_t a, std::size_t b) {
    return tests[a].group < tests[b].group;
  });
  std::vector<PlottedRun> runs;
  std::vector<GroupTestRun> sorted;
  for (std::size_t i : order) {
    storage::RunCurve& curve = children[i];
    if (curve.details.summary.id == m_liveRun)
      curve.steps = m_liveSteps;
    PlottedRun run = plottedRun(curve, static_cast<int>(runs.size()));
    run.label = tests[i].name;
    runs.push_back(std::move(run));
    sorted.push_back(std::move(tests[i]));
  }
  setPlots(runs);
  showTrendFor(nullptr);
  m_current = parent.details;
  m_details->showRun(m_current);
  m_details->showGroupTests(sorted);
  showRunKind(nullptr);
}

} // namespace lrscope::ui
