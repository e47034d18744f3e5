#pragma once

#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_range_rule.h"

#include <QWidget>

class QCustomPlot;

namespace lrscope::ui {

/// Loss vs learning rate on a log axis: raw loss faded, smoothed loss on top, each suggestion
/// as a labelled marker and the suggested range as a shaded band.
class LrCurvePlot : public QWidget {
  Q_OBJECT
public:
  explicit LrCurvePlot(QWidget* parent = nullptr);

  void showCurve(const engine::LrCurve& curve, const std::vector<engine::Suggestion>& suggestions,
                 const engine::LrRangeResult& range);
  void clear();

private:
  void showEmptyState();

  QCustomPlot* m_plot;
};

} // namespace lrscope::ui
