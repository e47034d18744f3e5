#pragma once

#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/repeat_summary.h"

#include <QObject>
#include <QString>

#include <vector>

class QCustomPlot;
class QCPAbstractItem;
class QCPItemLine;
class QCPItemStraightLine;
class QCPItemText;
class QCPLayer;
class QMouseEvent;

namespace lrscope::ui {

/// What the suggestion rules picked on one curve: a dashed vertical line per suggestion with
/// the rule's name beside it, and under the name a whisker from the lowest to the highest LR the
/// rule gave over a repeated test's repeats. Labels (with their whiskers) are stacked in rows at
/// the top of the plot so that close suggestions do not overwrite each other at any zoom.
class SuggestionMarkers : public QObject {
  Q_OBJECT
public:
  /// Items are created in plot (which owns them) on layer.
  SuggestionMarkers(QCustomPlot* plot, QCPLayer* layer);
  ~SuggestionMarkers() override;

  /// `spreads` (by rule name; may be empty) gives the whiskers.
  void setSuggestions(const std::vector<engine::Suggestion>& suggestions,
                      const std::vector<engine::RuleSpread>& spreads = {});
  void setVisible(bool visible);
  [[nodiscard]] bool isVisible() const { return m_visible; }
  /// Draws the marker of this rule bolder (others plain); an empty rule highlights none.
  void highlight(const QString& rule);
  [[nodiscard]] int count() const { return static_cast<int>(m_markers.size()); }
  /// How many markers have a whisker.
  [[nodiscard]] int whiskerCount() const;
  /// The label of the index-th suggestion, in the order given; for tests.
  [[nodiscard]] QCPItemText* label(int index) const;
  /// The whisker of the index-th suggestion; null when it has none. For tests.
  [[nodiscard]] QCPItemLine* whisker(int index) const;
  /// Puts the labels in rows along the top of the axis rect, none touching another. The plot
  /// calls it once the axis rect is laid out (QCustomPlot::afterLayout), before it draws.
  void layoutLabels();

Q_SIGNALS:
  /// A click (press and release without moving) on a marker or its label.
  void clicked(const QString& rule, double lr);

private:
  struct Marker {
    QString rule;
    double lr = 0.0;
    QCPItemStraightLine* line = nullptr;
    QCPItemText* label = nullptr;
    QCPItemLine* whisker = nullptr; ///< from spreadMin to spreadMax
    double spreadMin = 0.0;
    double spreadMax = 0.0;
  };
  void removeAll();
  void onItemClick(QCPAbstractItem* item, QMouseEvent* event);

  QCustomPlot* m_plot;
  QCPLayer* m_layer;
  std::vector<Marker> m_markers;
  QString m_highlighted;
  bool m_visible = true;
};

} // namespace lrscope::ui
