#include "bench/replot_bench.h"

#include "bench/paint_watch.h"
#include "bench/sample_stats.h"
#include "browser/run_browser.h"
#include "main_window.h"
#include "plots/lr_curve_plot.h"
#include "plots/plotted_run.h"
#include "plots/step_plots.h"
#include "presenters/plotted_runs.h"
#include "qcustomplot_include.h"

#include "lrscope/storage/benchmark_database.h"
#include "lrscope/storage/run_database.h"

#include <QElapsedTimer>

#include <memory>
#include <stdexcept>

namespace lrscope::ui {
namespace {

constexpr int kRuns = 20;
constexpr int64_t kSteps = 10000;
constexpr int kReplots = 20;
constexpr double kReplotTargetMs = 30.0;
/// MainWindow draws at most this many points of each compared run.
constexpr std::size_t kWindowPoints = kComparisonPoints;

double msSince(const QElapsedTimer& clock) {
  return static_cast<double>(clock.nsecsElapsed()) * 1e-6;
}

/// Times `count` immediate replots (drawing the layers and repainting the widget).
std::vector<double> timeReplots(QCustomPlot* plot, int count) {
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    QElapsedTimer clock;
    clock.start();
    plot->replot(QCustomPlot::rpImmediateRefresh);
    ms.push_back(msSince(clock));
  }
  return ms;
}

std::vector<PlottedRun> syntheticRuns() {
  std::vector<PlottedRun> runs;
  for (int i = 0; i < kRuns; ++i) {
    PlottedRun run;
    run.id = i + 1;
    run.label = QString("#%1 mlp on fashion-mnist").arg(i + 1);
    run.color = runColor(i);
    run.steps = storage::makeBenchmarkSteps(kSteps, 2, static_cast<uint32_t>(i) + 100);
    run.range = storage::RangeBounds{1e-4 * (1.0 + 0.1 * i), 1e-2};
    runs.push_back(std::move(run));
  }
  return runs;
}

struct PlotKind {
  const char* key;
  const char* name;
  std::function<std::unique_ptr<RunPlot>()> make;
};

const std::vector<PlotKind>& plotKinds() {
  static const std::vector<PlotKind> kinds{
      {"lr", "Loss vs LR", [] { return std::make_unique<LrCurvePlot>(); }},
      {"loss", "Loss vs step", [] { return std::make_unique<LossStepPlot>(); }},
      {"lr_step", "LR vs step", [] { return std::make_unique<LrStepPlot>(); }}};
  return kinds;
}

} // namespace

BenchSection measurePlotReplots(const std::function<void(const QString&)>& progress) {
  BenchSection section;
  section.key = "plot_replot";
  section.title = "2a. Replot of 20 runs x 10,000 steps, each plot alone";
  section.setup = QString("%1 synthetic runs of %2 steps (2 groups, validation every 100) on a "
                          "shown 960 x 640 plot; setRuns once, then %3 replots "
                          "(rpImmediateRefresh: layers drawn and the widget repainted)")
                      .arg(kRuns)
                      .arg(kSteps)
                      .arg(kReplots);
  QElapsedTimer partClock;
  partClock.start();
  progress("plot replots: 20 runs x 10,000 steps on each plot");
  const std::vector<PlottedRun> runs = syntheticRuns();
  for (const PlotKind& kind : plotKinds()) {
    const std::unique_ptr<RunPlot> plot = kind.make();
    plot->resize(960, 640);
    PaintWatch watch(plot.get());
    plot->show();
    if (!watch.waitUntilPainted())
      throw std::runtime_error(std::string("plot replots: the ") + kind.name +
                               " plot was not painted within 10 s");
    QElapsedTimer clock;
    clock.start();
    plot->setRuns(runs);
    const double setMs = msSince(clock);
    (void)watch.waitUntilPainted();
    const std::vector<double> ms = timeReplots(plot->customPlot(), kReplots);
    const QString key = kind.key;
    const QString name = kind.name;
    section.add(key + "_set_runs_ms", name + ": setRuns (graphs built, one replot)", setMs, "ms");
    section.addAtMost(key + "_replot_median_ms", name + ": replot, median", median(ms), "ms",
                      kReplotTargetMs);
    section.add(key + "_replot_max_ms", name + ": replot, longest", maximum(ms), "ms");
  }
  section.seconds = static_cast<double>(partClock.elapsed()) / 1000.0;
  return section;
}

BenchSection measureWindowReplots(storage::BenchFolder& folder,
                                  const std::function<void(const QString&)>& progress) {
  BenchSection section;
  section.key = "window_replot";
  section.title = "2b. 20 runs x 10,000 steps selected in the window";
  section.setup = QString("a database of %1 runs x %2 steps (2 groups); MainWindow::selectRuns of "
                          "all %1 (loaded with min/max downsampling to %3 points each, set on "
                          "the three plots); then %4 replots of each plot, its tab shown")
                      .arg(kRuns)
                      .arg(kSteps)
                      .arg(kWindowPoints)
                      .arg(kReplots);
  QElapsedTimer partClock;
  partClock.start();
  progress("window replots: building 20 runs x 10,000 steps");
  const std::filesystem::path file = folder.file("replot.db");
  std::vector<int64_t> ids;
  {
    storage::RunDatabase database(file);
    ids = storage::storeBenchmarkRuns(database, kRuns, kSteps);
  }
  section.add("build_s", "building the database (not a target)",
              static_cast<double>(partClock.elapsed()) / 1000.0, "s");

  MainWindow window;
  if (!window.openDatabase(QString::fromStdString(file.string())))
    throw std::runtime_error("window replots: " + window.errorString().toStdString());
  PaintWatch watch(&window);
  window.show();
  (void)window.showPlotTab("lr");
  if (!watch.waitUntilPainted())
    throw std::runtime_error("window replots: the window was not painted within 10 s");

  const QList<qint64> selection(ids.begin(), ids.end());
  watch.reset();
  QElapsedTimer clock;
  clock.start();
  window.selectRuns(selection);
  const double selectMs = msSince(clock);
  (void)watch.waitUntilPainted();
  const double paintedMs = msSince(clock);
  if (window.findChild<RunBrowser*>()->selectedRunIds().size() != kRuns)
    throw std::runtime_error("window replots: the selection did not take all 20 runs");
  section.add("select_ms", "selectRuns(20): reload, load, setRuns on 3 plots", selectMs, "ms");
  section.add("select_painted_ms", "the same until the window is painted", paintedMs, "ms");

  std::vector<double> loadMs;
  for (int i = 0; i < 3; ++i) {
    QElapsedTimer load;
    load.start();
    (void)window.database()->loadRuns(ids, kWindowPoints);
    loadMs.push_back(msSince(load));
  }
  section.add("load_runs_ms",
              QString("of which loadRuns(20 ids, %1 points), median of 3").arg(kWindowPoints),
              median(loadMs), "ms");

  // In the order of plotKinds().
  const std::vector<std::pair<const char*, RunPlot*>> tabs{
      {"lr", window.findChild<LrCurvePlot*>()},
      {"loss", window.findChild<LossStepPlot*>()},
      {"lr-step", window.findChild<LrStepPlot*>()}};
  for (std::size_t i = 0; i < tabs.size(); ++i) {
    const auto& [tab, plot] = tabs[i];
    const PlotKind& kind = plotKinds()[i];
    if (plot == nullptr || !window.showPlotTab(tab))
      throw std::runtime_error(std::string("window replots: no ") + kind.name + " plot tab");
    (void)watch.waitUntilPainted();
    if (plot->runCount() != kRuns)
      throw std::runtime_error(std::string("window replots: the ") + kind.name + " plot shows " +
                               std::to_string(plot->runCount()) + " runs, expected 20");
    const std::vector<double> ms = timeReplots(plot->customPlot(), kReplots);
    const QString key = kind.key;
    const QString name = kind.name;
    section.addAtMost(key + "_replot_median_ms", name + ": replot, median", median(ms), "ms",
                      kReplotTargetMs);
    section.add(key + "_replot_max_ms", name + ": replot, longest", maximum(ms), "ms");
  }
  section.seconds = static_cast<double>(partClock.elapsed()) / 1000.0;
  return section;
}

} // namespace lrscope::ui
