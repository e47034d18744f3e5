#include "worker/exception_text.h"

#include <exception>

namespace lrscope::ui {

QString firstLine(const char* text) {
  const QString all = QString::fromUtf8(text);
  const QString line = all.section(QLatin1Char('\n'), 0, 0).trimmed();
  return line.isEmpty() ? QStringLiteral("unknown error") : line;
}

QString currentExceptionText() {
  try {
    throw;
  } catch (const std::exception& error) {
    return firstLine(error.what());
  } catch (...) {
    return QStringLiteral("unknown error");
  }
}

} // namespace lrscope::ui
