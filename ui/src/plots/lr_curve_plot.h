#pragma once

#include "plots/run_plot.h"

#include "lrscope/engine/lr_curve.h"
#include "lrscope/engine/lr_range_rule.h"

#include <optional>
#include <vector>

class QCPAbstractItem;
class QCPGraph;

namespace lrscope::ui {

class RangeEditor;
class RangeMarker;
class SuggestionMarkers;

/// Loss vs learning rate on a log axis, for one run or several overlaid in their colours: raw
/// loss faded, smoothed loss on top, validation loss dashed and validation accuracy dotted on a
/// right axis (0..1) where recorded; a repeated range test's band shaded around its median curve
/// (several runs: every band). With exactly one run, its suggestions are labelled markers (with
/// a whisker for a repeated test's spread) and its picked range a band between two draggable
/// markers; with several, each run's range is a thin strip in its colour along the bottom.
class LrCurvePlot : public RunPlot {
  Q_OBJECT
public:
  explicit LrCurvePlot(QWidget* parent = nullptr);
  ~LrCurvePlot() override;

  /// Shows one bare curve (an opened file) as the only run, with its suggestions and the range
  /// the rule found, if any.
  void showCurve(const engine::LrCurve& curve, const std::vector<engine::Suggestion>& suggestions,
                 const engine::LrRangeResult& range);

  /// Moves the range markers of the single run (nullopt hides them) without emitting
  /// rangeEdited. Ignored unless exactly one run is plotted.
  void setRange(std::optional<storage::RangeBounds> range);
  /// The range between the markers; nullopt when they are hidden.
  [[nodiscard]] std::optional<storage::RangeBounds> range() const;
  /// With snapping (the default), a dragged marker lands on the nearest recorded lr.
  void setSnapToCurve(bool snap);
  [[nodiscard]] bool snapToCurve() const;

  void setSuggestionsVisible(bool visible);
  [[nodiscard]] bool suggestionsVisible() const;
  /// Same as setSuggestionsVisible.
  void showSuggestionMarkers(bool visible) { setSuggestionsVisible(visible); }
  /// Draws the marker of this rule bolder; an empty rule highlights none.
  void highlightSuggestion(const QString& rule);
  [[nodiscard]] int suggestionMarkerCount() const;
  /// Runs drawn with a shaded band (repeated range tests).
  [[nodiscard]] int bandCount() const;
  /// The lower or upper edge of the index-th run's band; null when it has none. For tests.
  [[nodiscard]] QCPGraph* bandEdge(int index, bool upper) const;
  /// Suggestion markers drawn with a whisker for their spread.
  [[nodiscard]] int whiskerCount() const;
  [[nodiscard]] SuggestionMarkers* suggestionMarkers() const;

  [[nodiscard]] RangeMarker* lowerMarker() const;
  [[nodiscard]] RangeMarker* upperMarker() const;

Q_SIGNALS:
  /// While a range marker is dragged, after every move.
  void rangeDragging(double lower, double upper);
  /// Once per drag, on release, when the range changed: the caller saves it (undoably).
  void rangeEdited(double lower, double upper);
  /// A click on a suggestion marker or its label.
  void suggestionClicked(const QString& rule, double lr);

protected:
  void addRunGraphs(const PlottedRun& run) override;
  void appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) override;
  void removeRunGraphs() override;
  void fitView() override;
  void runsChanged() override;
  [[nodiscard]] QString readout(double key, double value) const override;
  void applyLineWidths() override;
  void layoutLabels() override;

private:
  struct Graphs; ///< the graphs of one run
  void addBandGraphs(const PlottedRun& run, Graphs& graphs);
  void updateRangeStrips();

  std::vector<Graphs> m_graphs;
  std::vector<QCPAbstractItem*> m_strips; ///< the ranges of several runs
  RangeEditor* m_range;
  SuggestionMarkers* m_suggestions;
  bool m_adding = false; ///< inside addRunGraphs
};

} // namespace lrscope::ui
