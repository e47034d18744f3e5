#include "bench/startup_bench.h"

#include "bench/paint_watch.h"
#include "bench/sample_stats.h"
#include "browser/run_browser.h"
#include "main_window.h"

#include "lrscope/storage/benchmark_database.h"
#include "lrscope/storage/run_database.h"

#include <QElapsedTimer>

#include <memory>
#include <stdexcept>

namespace lrscope::ui {
namespace {

constexpr int kRuns = 1000;
constexpr int64_t kSteps = 1000;
constexpr double kShownTargetMs = 1000.0;
constexpr int kListRepeats = 5;

double msSince(const QElapsedTimer& clock) {
  return static_cast<double>(clock.nsecsElapsed()) * 1e-6;
}

} // namespace

BenchSection measureStartup(storage::BenchFolder& folder, double applicationMs,
                            const std::function<void(const QString&)>& progress) {
  BenchSection section;
  section.key = "startup";
  section.title = "3. Window with a database of 1,000 runs";
  section.setup = QString("a database of %1 runs x %2 steps (2 groups, suggestions, ranges, "
                          "tags); MainWindow + openDatabase + show() until exposed and painted, "
                          "in-process, the process's first window (measured first)")
                      .arg(kRuns)
                      .arg(kSteps);
  QElapsedTimer partClock;
  partClock.start();
  progress("startup: building 1,000 runs x 1,000 steps");
  const std::filesystem::path file = folder.file("startup.db");
  {
    storage::RunDatabase database(file);
    (void)storage::storeBenchmarkRuns(database, kRuns, kSteps);
  }
  const double buildSeconds = static_cast<double>(partClock.elapsed()) / 1000.0;
  progress("startup: opening the window");

  QElapsedTimer clock;
  clock.start();
  auto window = std::make_unique<MainWindow>();
  const double constructedMs = msSince(clock);
  if (!window->openDatabase(QString::fromStdString(file.string())))
    throw std::runtime_error("startup: " + window->errorString().toStdString());
  const double openedMs = msSince(clock);
  PaintWatch watch(window.get());
  window->show();
  const double showMs = msSince(clock);
  if (!watch.waitUntilPainted())
    throw std::runtime_error("startup: the window was not painted within 10 s");
  const double paintedMs = msSince(clock);

  RunBrowser* browser = window->findChild<RunBrowser*>();
  if (browser->visibleRunCount() != kRuns)
    throw std::runtime_error("startup: the browser lists " +
                             std::to_string(browser->visibleRunCount()) + " runs, expected " +
                             std::to_string(kRuns));
  std::vector<double> reloadMs;
  std::vector<double> listMs;
  for (int i = 0; i < kListRepeats; ++i) {
    QElapsedTimer list;
    list.start();
    (void)window->database()->listRuns();
    listMs.push_back(msSince(list));
    list.start();
    browser->reload();
    reloadMs.push_back(msSince(list));
  }

  section.addAtMost("open_to_shown_ms", "MainWindow + openDatabase + show() until painted",
                    paintedMs, "ms", kShownTargetMs);
  section.add("construct_ms", "of which constructing MainWindow", constructedMs, "ms");
  section.add("open_database_ms", "of which openDatabase (runs listed in the browser)",
              openedMs - constructedMs, "ms");
  section.add("show_ms", "of which show()", showMs - openedMs, "ms");
  section.add("paint_ms", "of which the event loop until painted", paintedMs - showMs, "ms");
  section.add("browser_reload_ms", "browser reload of 1,000 runs, median of 5", median(reloadMs),
              "ms");
  section.add("list_runs_ms", "of which listRuns(), median of 5", median(listMs), "ms");
  section.add("application_ms", "before all this: QApplication constructed", applicationMs, "ms");
  section.add("build_s", "building the database (not a target)", buildSeconds, "s");
  section.seconds = static_cast<double>(partClock.elapsed()) / 1000.0;
  return section;
}

} // namespace lrscope::ui
