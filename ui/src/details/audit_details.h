#pragma once

#include "lrscope/storage/audit_run.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace lrscope::ui {

/// The details of an audit, in place of a range test's range and suggestions: the verdict and
/// the cost, each seed's range test, and the table of peak LRs (every grid point and the
/// suggestion: the test metric's mean and standard deviation over the seeds, each seed's value,
/// and the runs that trained it), then every rule's suggestion scored on the grid.
class AuditDetails : public QWidget {
  Q_OBJECT
public:
  explicit AuditDetails(QWidget* parent = nullptr);

  void showAudit(const storage::AuditRun& audit);
  /// Empties the figures until showAudit.
  void clear();

  [[nodiscard]] QString verdictText() const;
  [[nodiscard]] QTableWidget* pointTable() const { return m_points; }
  [[nodiscard]] QTableWidget* rangeTestTable() const { return m_rangeTests; }
  [[nodiscard]] QTableWidget* ruleTable() const { return m_rules; }

private:
  QLabel* m_verdict;
  QTableWidget* m_points;
  QTableWidget* m_rangeTests;
  QTableWidget* m_rules;
};

} // namespace lrscope::ui
