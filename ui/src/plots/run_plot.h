#pragma once

#include "plots/plotted_run.h"

#include <QPen>
#include <QWidget>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QCPLayer;

namespace lrscope::ui {

class Crosshair;

/// What the plots of runs share: a QCustomPlot that zooms with the wheel and pans by dragging
/// empty space, a crosshair readout, a legend naming each run once, a hint while there is
/// nothing to show, and runs given whole (setRuns) or growing live (beginLiveRun, appendSteps).
/// The view follows the data until the user zooms or pans; resetView (or a double click) goes
/// back to following it.
class RunPlot : public QWidget {
  Q_OBJECT
public:
  ~RunPlot() override;

  /// The plot itself, for tests and exports (savePng, savePdf); owned by this widget.
  [[nodiscard]] QCustomPlot* customPlot() const { return m_plot; }
  [[nodiscard]] int runCount() const { return static_cast<int>(m_runs.size()); }
  /// Index of the run with this id among the plotted ones, or -1.
  [[nodiscard]] int runIndex(int64_t runId) const;

  /// Replaces what is plotted by these runs, drawn in their colours, and resets the view.
  void setRuns(const std::vector<PlottedRun>& runs);
  /// Adds a run that will grow through appendSteps, keeping the runs already plotted. A run
  /// whose id is already plotted keeps its colour and label; only its steps are appended.
  void beginLiveRun(const PlottedRun& run);
  /// Adds steps to a plotted run and queues a replot; callers limit this to ~30 calls a
  /// second. Steps must come in order. A run not yet plotted is added with the next colour
  /// and "#id" as its label.
  void appendSteps(int64_t runId, const std::vector<engine::StepRecord>& batch);
  /// Removes every run and shows the hint.
  void clear();
  /// Fits the axes to the data again and lets them follow it as it grows.
  void resetView();

  /// Whether the user has zoomed or panned since the last resetView.
  [[nodiscard]] bool isViewPinned() const { return m_viewPinned; }
  [[nodiscard]] const Crosshair* crosshair() const { return m_crosshair; }
  /// Hides the crosshair until the pointer moves again, e.g. before an export.
  void hideCrosshair();

  /// The text shown while there are no runs: what to do next.
  void setHint(const QString& hint);
  [[nodiscard]] QString hint() const;
  /// Shows or hides the legend (it shows while there are runs). Shown, it sits in the corner,
  /// or else the middle of an edge, of the plot where it covers the fewest labels and pieces of
  /// the curves.
  void setLegendShown(bool shown);
  [[nodiscard]] bool legendShown() const { return m_legendShown; }

protected:
  /// hint: the text shown while there are no runs.
  RunPlot(const QString& hint, QWidget* parent);

  /// A run as given, without its steps (those live in the plot's graphs).
  [[nodiscard]] const PlottedRun& run(int index) const;
  [[nodiscard]] PlottedRun& run(int index);

  /// Creates the graphs of a new run, the runCount()-1-th, and fills them with run.steps.
  virtual void addRunGraphs(const PlottedRun& run) = 0;
  /// Adds steps to the graphs of the index-th run.
  virtual void appendRunSteps(int index, const std::vector<engine::StepRecord>& batch) = 0;
  /// Removes the graphs and items of every run.
  virtual void removeRunGraphs() = 0;
  /// Sets the axis ranges to show the data.
  virtual void fitView() = 0;
  /// Called after the set of runs changed (setRuns, beginLiveRun, clear) to redo what depends
  /// on it: the legend, markers. The default rebuilds nothing.
  virtual void runsChanged() {}
  /// The crosshair readout at these xAxis and yAxis coordinates.
  [[nodiscard]] virtual QString readout(double key, double value) const = 0;
  /// Called when lineWidth changes: set the pens of the runs' main lines again.
  virtual void applyLineWidths() {}
  /// Places labels that depend on the axis rect's size, once it is laid out for this replot and
  /// before the legend looks for where it covers least. The default places none.
  virtual void layoutLabels() {}

  /// The width for a main line that is normally this wide: 1 once the plot holds many points,
  /// where wide antialiased lines slow a replot down several times (20 runs of 10,000 steps:
  /// ~100 ms with 2 px lines, ~20 ms with 1 px).
  [[nodiscard]] double lineWidth(double normal) const { return m_dense ? 1.0 : normal; }
  /// The line widths, dash styles, markers and antialiasing of a run's raw, smoothed and
  /// validation loss for the current density. Dense: dashes and point markers are what Qt's
  /// raster engine draws slowest, and above 1 px or antialiased it leaves its fast thin-line
  /// path (the faded raw loss alone cost ~15 ms a replot; lrscope --ui-bench).
  void styleLossGraphs(QCPGraph* raw, QCPGraph* smoothed, QCPGraph* validationLoss) const;
  /// Many points in all: lines drawn thin and the faded ones without antialiasing.
  [[nodiscard]] bool isDense() const { return m_dense; }
  /// Steps held (all runs together) beyond which lines get thin.
  static constexpr int64_t kDenseSteps = 20000;

  /// A style key entry: a legend line that explains a kind of curve rather than a run.
  struct KeyEntry {
    QString name;
    QPen pen;
    int scatterShape = 0; ///< a QCPScatterStyle::ScatterShape; 0 draws none
  };
  /// Rebuilds the legend: runGraphs name one run each, then the key entries.
  void rebuildLegend(const std::vector<QCPGraph*>& runGraphs, const std::vector<KeyEntry>& key);

  /// Whether the hint shows in place of the curves: by default while no run is plotted.
  [[nodiscard]] virtual bool showsHint() const { return m_runs.empty(); }
  /// Shows the hint, or the legend and crosshair, as showsHint() says now.
  void updateEmptyState();
  /// After data was added: fits the view to it unless the user has zoomed or panned, and queues
  /// a replot.
  void followData();

  /// Layer for shaded bands, beneath the curves.
  [[nodiscard]] QCPLayer* bandLayer() const;
  /// Layer for markers and their labels, above the curves.
  [[nodiscard]] QCPLayer* markerLayer() const;

private:
  void fitViewQuietly();
  void pinView();
  void countSteps(std::size_t added);
  /// After each replot's layout: the labels, then the legend where it covers least of them and
  /// of the curves.
  void arrangeOverlays();
  /// Moves the legend to the corner or edge where it covers least.
  void placeLegend();

  QCustomPlot* m_plot;
  QCPItemText* m_hint;
  Crosshair* m_crosshair;
  std::vector<PlottedRun> m_runs; ///< without steps
  std::vector<QCPGraph*> m_keyGraphs;
  int64_t m_steps = 0; ///< steps held, all runs together
  bool m_dense = false;
  bool m_viewPinned = false;
  bool m_fitting = false;
  bool m_legendShown = true;
};

} // namespace lrscope::ui
