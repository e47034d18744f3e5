#include "lrscope/ui/desktop_app.h"

#include "app_icon.h"
#include "bench/ui_bench.h"
#include "main_window.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <nlohmann/json.hpp>

#include <QApplication>
#include <QCommandLineParser>
#include <QDialog>
#include <QFile>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace lrscope::ui {
namespace {

bool hasDisplay() {
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
  };
  return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM");
}

bool asksForScreenshot(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--screenshot", 12) == 0)
      return true;
  return false;
}

} // namespace

int runDesktopApp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--ui-bench") == 0) // timings for issue 4 (its own QApplication)
      return runUiBench(argc, argv);
  // Without a display Qt would abort. A screenshot needs no screen: draw offscreen.
  if (!hasDisplay()) {
    if (!asksForScreenshot(argc, argv)) {
      std::fprintf(stderr, "lrscope: no display (DISPLAY is not set): run a subcommand for "
                           "headless use (lrscope --help), or start the app under xvfb-run\n");
      return 2;
    }
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName("LR Scope");
  QApplication::setOrganizationName("lrscope");
  QApplication::setApplicationVersion(LRSCOPE_VERSION);
  // The desktop entry (packaging/): Wayland matches the window to it by this name.
  QGuiApplication::setDesktopFileName(QStringLiteral("io.github.lrscope.LRScope"));
  QApplication::setWindowIcon(appIcon());

  QCommandLineParser parser;
  parser.setApplicationDescription(
      "LR Scope desktop app. Run `lrscope --help` for the headless subcommands.");
  parser.addHelpOption();
  const QCommandLineOption databaseOption("db",
                                          "Open this database (default: the last one used, or "
                                          "~/.local/share/lrscope/lrscope.db).",
                                          "PATH");
  const QCommandLineOption selectOption("select", "Select these runs, e.g. 3,5,8.", "RUNS");
  const QCommandLineOption tabOption("tab", "Show this plot: lr, loss, lr-step or epoch.", "NAME");
  const QCommandLineOption curveOption("curve", "Import a recorded curve (CSV or JSON) as a run.",
                                       "FILE");
  const QCommandLineOption startOption(
      "start",
      "Start a run from a config file: a training when it has a schedule or training section "
      "(as `lrscope train --config` reads), else a range test (as `lrscope find --config` reads).",
      "CONFIG");
  const QCommandLineOption screenshotOption(
      "screenshot", "Save the window as a PNG once it is drawn, then exit.", "FILE");
  const QCommandLineOption dialogOption(
      "dialog",
      "With --screenshot: open this dialog and save it instead: new-range-test, train, sweep, "
      "report, about, shortcuts, guide.",
      "NAME");
  const QCommandLineOption delayOption(
      "delay", "With --screenshot: wait this long first, e.g. while a started run streams.", "MS",
      "200");
  for (const QCommandLineOption& option :
       {databaseOption, selectOption, tabOption, curveOption, startOption, screenshotOption,
        dialogOption, delayOption})
    parser.addOption(option);
  parser.process(app);
  if (!parser.positionalArguments().isEmpty()) {
    std::fprintf(stderr, "lrscope: unknown subcommand '%s' (see lrscope --help)\n",
                 qPrintable(parser.positionalArguments().first()));
    return 2;
  }
  const auto fail = [](const QString& message) {
    std::fprintf(stderr, "lrscope: error: %s\n", qPrintable(message));
    return 1;
  };
  QList<qint64> selection;
  for (const QString& part : parser.value(selectOption).split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    selection.append(part.trimmed().toLongLong(&ok));
    if (!ok)
      return fail(QString("--select takes run ids like 3,5,8, got '%1'").arg(part));
  }

  MainWindow window;
  QString database = parser.value(databaseOption);
  if (database.isEmpty()) {
    const QStringList recent = QSettings().value("recentDatabases").toStringList();
    database = recent.isEmpty() ? QString::fromStdString(storage::RunDatabase::defaultPath())
                                : recent.first();
  }
  if (!window.openDatabase(database))
    return fail(window.errorString());
  if (parser.isSet(curveOption) && !window.importCurve(parser.value(curveOption)))
    return fail(window.errorString());
  for (const qint64 id : selection) {
    try {
      (void)window.database()->loadRun(id);
    } catch (const std::exception& error) { // "no run N in FILE"
      return fail(QString::fromStdString(error.what()));
    }
  }
  if (!selection.isEmpty())
    window.selectRuns(selection);
  if (parser.isSet(startOption)) {
    const QString file = parser.value(startOption);
    try {
      const nlohmann::json json = engine::readJsonInputFile(QFile::encodeName(file).toStdString());
      if (json.is_object() && json.contains("sweep"))
        return fail(QString("%1: --start starts range tests and trainings; start a sweep with "
                            "Run > Sweep around this range… or lrscope sweep")
                        .arg(file));
      const bool training =
          json.is_object() && (json.contains("schedule") || json.contains("training"));
      const bool started = training ? window.startTraining(engine::trainConfigFromJson(json))
                                    : window.startRangeTest(engine::findConfigFromJson(json));
      if (!started)
        return fail(QString("%1: %2").arg(file, window.errorString()));
    } catch (const std::exception& error) { // InputError: names the file
      return fail(QString::fromUtf8(error.what()));
    }
  }
  if (parser.isSet(tabOption) && !window.showPlotTab(parser.value(tabOption)))
    return fail(
        QString("--tab takes lr, loss, lr-step or epoch, got '%1'").arg(parser.value(tabOption)));
  window.show();

  if (parser.isSet(screenshotOption)) {
    const QString file = parser.value(screenshotOption);
    bool delayOk = false;
    const int delay = parser.value(delayOption).toInt(&delayOk);
    if (!delayOk || delay < 0)
      return fail(QString("--delay takes milliseconds, got '%1'").arg(parser.value(delayOption)));
    QWidget* target = &window;
    if (parser.isSet(dialogOption)) {
      target = parser.value(dialogOption) == QStringLiteral("report")
                   ? window.openReportDialog()
                   : window.openDialog(parser.value(dialogOption));
      if (target == nullptr)
        return fail(
            QString("--dialog takes new-range-test, train, sweep, report or about, got '%1'")
                .arg(parser.value(dialogOption)));
    }
    int exitCode = 0;
    // After the delay the window is laid out and painted (two event-loop turns suffice).
    QTimer::singleShot(delay, &window, [target, &app, &exitCode, file] {
      target->repaint();
      if (!target->grab().save(file, "PNG")) {
        std::fprintf(stderr, "lrscope: error: cannot write the screenshot to %s\n",
                     qPrintable(file));
        exitCode = 1;
      }
      app.exit(exitCode);
    });
    return app.exec();
  }
  return app.exec();
}

} // namespace lrscope::ui
