#pragma once

#include "lrscope/storage/audit_run.h"

#include <QWidget>

class QLabel;

namespace lrscope::ui {

class AuditPlot;

/// What the plot area shows for a selected audit instead of the three plots of a run: a headline
/// (what was trained, the verdict and the cost) above the audit's picture.
class AuditView : public QWidget {
  Q_OBJECT
public:
  explicit AuditView(QWidget* parent = nullptr);

  void setAudit(const storage::AuditRun& audit);
  /// Shows no audit (one that could not be read).
  void clear();
  [[nodiscard]] AuditPlot* plot() const { return m_plot; }
  [[nodiscard]] QString headline() const;

private:
  QLabel* m_headline;
  AuditPlot* m_plot;
};

/// "<b>Audit #7</b> · mlp on fashion-mnist · one-cycle, 5 epochs, 3 seeds · judged on test
/// accuracy", then the verdict and the cost on a second line (rich text).
[[nodiscard]] QString auditHeadline(const storage::AuditRun& audit);
} // namespace lrscope::ui
