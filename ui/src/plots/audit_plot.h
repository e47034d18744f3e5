#pragma once

#include "lrscope/engine/audit_summary.h"

#include "qcustomplot_include.h"

#include <QWidget>

#include <optional>
#include <vector>

namespace lrscope::ui {

class Crosshair;

/// An audit's picture: the test metric of every grid point against its peak LR on a log axis
/// (the mean over the seeds, with an error bar of one standard deviation when there are several,
/// and each seed's own value as a faint dot), the grid's best starred, the suggested peak as a
/// dashed line with its own mean and error bar, the range tests' range shaded behind, and the
/// points that trained to no value (diverged) crossed along the top. Wheel zooms, drag pans,
/// a double click fits the view again; right click exports.
class AuditPlot : public QWidget {
  Q_OBJECT
public:
  explicit AuditPlot(QWidget* parent = nullptr);
  ~AuditPlot() override;

  /// Shows this audit (summary: engine::summarizeAudit(record)).
  void setAudit(const engine::AuditRecord& record, const engine::AuditSummary& summary);
  /// Shows the hint instead of an audit.
  void clear();

  [[nodiscard]] QCustomPlot* customPlot() const { return m_plot; }
  /// Grid points drawn with a value.
  [[nodiscard]] int gridPointCount() const;
  /// Error bars drawn: one per grid point with a value and the suggestion, when seeds > 1.
  [[nodiscard]] int errorBarCount() const;
  /// Grid points that trained to no value on any seed, crossed along the top.
  [[nodiscard]] int missingPointCount() const { return m_missingMarks; }
  /// The suggested peak the dashed line marks, if any.
  [[nodiscard]] std::optional<double> suggestedLr() const { return m_suggestedLr; }
  /// The LR of the starred best point, if any.
  [[nodiscard]] std::optional<double> bestLr() const { return m_bestLr; }
  /// Whether the range tests' range is shaded.
  [[nodiscard]] bool showsRange() const { return m_rangeShown; }

private:
  void removeAll();
  void addRange(const engine::AuditRecord& record);
  void addGrid(const engine::AuditSummary& summary);
  void addSuggestion(const engine::AuditSummary& summary);
  void fitView(const engine::AuditRecord& record, const engine::AuditSummary& summary);
  [[nodiscard]] QString readout(double key, double value) const;

  QCustomPlot* m_plot;
  QCPAbstractItem* m_hint;
  Crosshair* m_crosshair;
  engine::AuditMetric m_metric = engine::AuditMetric::TestAccuracy;
  std::vector<QCPGraph*> m_graphs;
  QCPGraph* m_means = nullptr; ///< the grid's means, one of m_graphs
  std::vector<QCPErrorBars*> m_errorBars;
  std::vector<QCPAbstractItem*> m_items;
  int m_missingMarks = 0;
  std::optional<double> m_suggestedLr;
  std::optional<double> m_bestLr;
  bool m_rangeShown = false;
  QCPRange m_fitLrs; ///< the view fitView chose, for a double click to go back to
  QCPRange m_fitValues;
};

} // namespace lrscope::ui
