#include "presenters/group_range_test_presenter.h"

#include "details/group_details.h"
#include "details/run_details_panel.h"
#include "plots/lr_curve_plot.h"
#include "presenters/plotted_runs.h"
#include "run_labels.h"

#include "lrscope/storage/group_range_test_summary.h"
#include "lrscope/storage/storage_error.h"

#include <QObject>

namespace lrscope::ui {
namespace {

/// A test as the details table shows it.
GroupTestRun groupTestRow(const storage::GroupTestRun& test) {
  GroupTestRun row;
  row.group = test.group;
  row.details = test.curve.details;
  row.name = groupTestLabel(test);
  return row;
}

} // namespace

GroupRangeTestPresenter::GroupRangeTestPresenter(RunView view) : m_view(std::move(view)) {}

QWidget* GroupRangeTestPresenter::defaultPlot() const {
  return m_view.lrPlot; // loss vs LR: the curve the suggestions and the range are read on
}

void GroupRangeTestPresenter::show(const storage::RunCurve& run) {
  storage::GroupRangeTestSummary summary;
  summary.run = run.details;
  try {
    summary =
        storage::loadGroupRangeTest(*m_view.database(), run.details.summary.id, kComparisonPoints);
  } catch (const storage::StorageError& error) {
    m_view.report(QString::fromStdString(error.what()));
  }
  std::vector<PlottedRun> runs;
  std::vector<GroupTestRun> rows;
  for (const storage::GroupTestRun& test : summary.tests) {
    rows.push_back(groupTestRow(test));
    PlottedRun plotted = plottedRun(m_view, test.curve, static_cast<int>(runs.size()));
    plotted.label = rows.back().name;
    runs.push_back(std::move(plotted));
  }
  setPlots(m_view, runs);
  m_view.details->showRun(run.details);
  m_view.details->showSection(RunDetailsPanel::Section::Groups);
  m_view.details->showGroupTests(rows);
}

} // namespace lrscope::ui
