#include "bench/ui_bench.h"

#include "bench/bench_report.h"
#include "bench/live_run_bench.h"
#include "bench/replot_bench.h"
#include "bench/startup_bench.h"

#include "lrscope/storage/benchmark_database.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSettings>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

namespace lrscope::ui {
namespace {

constexpr const char* kUsage =
    "usage: lrscope --ui-bench [--json]\n"
    "Times the desktop app against issue 4's targets and prints PASS or MISS beside each:\n"
    "  1. a range test streaming >= 1,000 steps/s into the window: no UI stall over 50 ms\n"
    "  2. a replot of 20 runs x 10,000 steps: under 30 ms (each plot alone, and in the window)\n"
    "  3. the window with a database of 1,000 runs: shown and painted within 1 s\n"
    "Needs Fashion-MNIST (/usr/share/datasets/fashion-mnist); runs offscreen without a\n"
    "display; temp databases and settings are removed afterwards. About 20-40 s.\n"
    "  --json  print the figures as JSON instead of tables\n";

QtMessageHandler g_previousHandler = nullptr;

/// Passes every message on but the offscreen plugin's note at each show().
void withoutOffscreenNoise(QtMsgType type, const QMessageLogContext& context,
                           const QString& message) {
  if (message.contains(QLatin1String("does not support propagateSizeHints")))
    return;
  if (g_previousHandler != nullptr)
    g_previousHandler(type, context, message);
  else
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

bool hasDisplay() {
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0')
      return true;
  }
  return false;
}

} // namespace

int runUiBench(int argc, char** argv) {
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--ui-bench") == 0)
      continue;
    if (std::strcmp(argv[i], "--json") == 0) {
      json = true;
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "lrscope --ui-bench: unknown option '%s'\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (!hasDisplay())
    setenv("QT_QPA_PLATFORM", "offscreen", 1); // as for --screenshot: no screen needed
  g_previousHandler = qInstallMessageHandler(withoutOffscreenNoise);
  const auto restoreHandler = qScopeGuard([] { qInstallMessageHandler(g_previousHandler); });

  QElapsedTimer total;
  total.start();
  QElapsedTimer clock;
  clock.start();
  QApplication app(argc, argv);
  const double applicationMs = static_cast<double>(clock.nsecsElapsed()) * 1e-6;
  QApplication::setApplicationName("LR Scope");
  QApplication::setOrganizationName("lrscope");

  const auto progress = [json](const QString& line) {
    if (!json)
      std::fprintf(stderr, "%s\n", qPrintable(line));
  };
  try {
    storage::BenchFolder folder;
    // Before the first QSettings: the window's geometry and recent files go to the temp folder.
    const QString settings = QString::fromStdString((folder.path() / "settings").string());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings);
    QSettings::setPath(QSettings::IniFormat, QSettings::SystemScope, settings);

    // Startup first, so that it pays Qt's first-use costs as a real start does; printed last.
    const BenchSection startup = measureStartup(folder, applicationMs, progress);
    const BenchSection plotReplots = measurePlotReplots(progress);
    const BenchSection windowReplots = measureWindowReplots(folder, progress);
    const BenchSection liveRun = measureLiveRun(folder, progress);
    const std::vector<BenchSection> sections{liveRun, plotReplots, windowReplots, startup};

    BenchContext context;
    context.platform = QApplication::platformName();
    context.folder = folder.path().string();
    context.fileSystem = folder.fileSystem();
    context.seconds = static_cast<double>(total.elapsed()) / 1000.0;
    const std::string report = json ? benchJson(context, sections) : benchTables(context, sections);
    std::fputs(report.c_str(), stdout);
    std::fflush(stdout);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lrscope --ui-bench: error: %s\n", error.what());
    return 1;
  }
  return 0;
}

} // namespace lrscope::ui
