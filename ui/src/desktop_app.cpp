#include "lrscope/ui/desktop_app.h"

#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
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

  QCommandLineParser parser;
  parser.setApplicationDescription(
      "LR Scope desktop app. Run `lrscope --help` for the headless subcommands.");
  parser.addHelpOption();
  const QCommandLineOption curveOption("curve", "Open a recorded curve (CSV or JSON).", "FILE");
  const QCommandLineOption screenshotOption(
      "screenshot", "Save the window as a PNG once it is drawn, then exit.", "FILE");
  parser.addOption(curveOption);
  parser.addOption(screenshotOption);
  parser.process(app);
  if (!parser.positionalArguments().isEmpty()) {
    std::fprintf(stderr, "lrscope: unknown subcommand '%s' (see lrscope --help)\n",
                 qPrintable(parser.positionalArguments().first()));
    return 2;
  }

  MainWindow window;
  if (parser.isSet(curveOption) && !window.openCurve(parser.value(curveOption))) {
    std::fprintf(stderr, "lrscope: error: %s\n", qPrintable(window.errorString()));
    if (parser.isSet(screenshotOption))
      return 1;
  }
  window.show();

  if (parser.isSet(screenshotOption)) {
    const QString file = parser.value(screenshotOption);
    int exitCode = 0;
    // Two event-loop turns after show(): the window is laid out and painted.
    QTimer::singleShot(200, &window, [&window, &app, &exitCode, file] {
      window.repaint();
      if (!window.grab().save(file, "PNG")) {
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
