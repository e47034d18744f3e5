#include "details/group_details.h"

#include "details/detail_table.h"
#include "number_format.h"
#include "run_labels.h"

#include "lrscope/engine/group_range_test.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lrscope::ui {
namespace {

QString rangeText(const std::optional<storage::StoredRange>& range) {
  if (!range)
    return QObject::tr("no range");
  const QString text = QString("%1 .. %2").arg(lrText(range->lower), lrText(range->upper));
  return range->source == "manual" ? QObject::tr("%1 (by hand)").arg(text) : text;
}

} // namespace

std::vector<double> groupTrainAtLrs(const std::optional<GroupTestRun>& wholeModel,
                                    const std::vector<GroupTestRun>& groups) {
  if (!wholeModel || !wholeModel->details.range || groups.empty())
    return {};
  std::vector<double> uppers;
  for (const GroupTestRun& group : groups) {
    if (!group.details.range)
      return {};
    uppers.push_back(group.details.range->upper);
  }
  std::vector<double> lrs = engine::groupLrFactors(uppers);
  for (double& lr : lrs)
    lr *= wholeModel->details.range->upper;
  return lrs;
}

GroupDetails::GroupDetails(QWidget* parent)
    : QWidget(parent), m_scale(new QLabel), m_table(new QTableWidget(0, 3)), m_rule(new QLabel) {
  setObjectName("groupDetails");
  m_scale->setObjectName("groupScale");
  m_scale->setWordWrap(true);
  m_scale->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_table->setObjectName("groupTable");
  m_table->setHorizontalHeaderLabels({tr("group"), tr("its own range"), tr("train at")});
  m_table->horizontalHeaderItem(1)->setToolTip(
      tr("The range picked on this group's own test (select its run to drag the markers)"));
  m_table->horizontalHeaderItem(2)->setToolTip(tr("The peak LR to train this group at"));
  styleDetailTable(m_table, 1);
  m_rule->setObjectName("groupRule");
  m_rule->setWordWrap(true);
  m_rule->setText(tr("<i>A group tested alone tolerates far more than when all groups move at "
                     "once, so only the ratios of the groups' upper bounds count: the whole "
                     "model's upper bound sets the scale (train at = whole-model upper × own "
                     "upper / highest group upper).</i>"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("<b>Layer groups</b>")));
  layout->addWidget(m_scale);
  layout->addWidget(m_table);
  layout->addWidget(m_rule);
  layout->addStretch(1);
  clear();
}

void GroupDetails::clear() {
  m_scale->setText(tr("Reading the groups' tests…"));
  m_table->setRowCount(0);
}

void GroupDetails::showTests(const std::vector<GroupTestRun>& tests) {
  std::optional<GroupTestRun> whole;
  std::vector<GroupTestRun> groups;
  for (const GroupTestRun& test : tests) {
    if (!test.group)
      whole = test;
    else
      groups.push_back(test);
  }
  if (!whole)
    m_scale->setText(tr("No whole-model test was recorded, so the groups' LRs have no scale."));
  else if (!whole->details.range)
    m_scale->setText(tr("Whole model (run #%1): no range, so the groups' LRs have no scale. "
                        "Select that run and pick a range.")
                         .arg(whole->details.summary.id));
  else
    m_scale->setText(tr("Whole model (run #%1): %2, the scale.")
                         .arg(whole->details.summary.id)
                         .arg(rangeText(whole->details.range)));
  std::vector<double> lrs;
  try {
    lrs = groupTrainAtLrs(whole, groups);
  } catch (const std::exception&) {
    lrs.clear(); // a stored bound that is not positive: no suggestion
  }
  m_table->setRowCount(static_cast<int>(groups.size()));
  for (int row = 0; row < static_cast<int>(groups.size()); ++row) {
    const GroupTestRun& g = groups[static_cast<std::size_t>(row)];
    auto* trainAt =
        detailCell(row < static_cast<int>(lrs.size()) ? lrText(lrs[static_cast<std::size_t>(row)])
                                                      : missingText());
    if (row < static_cast<int>(lrs.size()))
      trainAt->setData(Qt::UserRole, lrs[static_cast<std::size_t>(row)]);
    const QList<QTableWidgetItem*> items{detailCell(g.name, false),
                                         detailCell(rangeText(g.details.range)), trainAt};
    for (int column = 0; column < items.size(); ++column) {
      items[column]->setToolTip(tr("Run #%1: group %2 (%3), %4")
                                    .arg(g.details.summary.id)
                                    .arg(*g.group)
                                    .arg(g.name, statusText(g.details.summary.status)));
      m_table->setItem(row, column, items[column]);
    }
  }
  fitDetailTableHeight(m_table, 10); // every group in view up to ten
}

QString GroupDetails::scaleText() const {
  return m_scale->text();
}

} // namespace lrscope::ui
