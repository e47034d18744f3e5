#include "run_labels.h"

#include <QFileInfo>

namespace lrscope::ui {

QString dataLabel(const std::string& dataSource) {
  const QString text = QString::fromStdString(dataSource);
  return text.contains('/') ? QFileInfo(text).fileName() : text;
}

std::string experimentOrDefault(const QString& name) {
  const QString trimmed = name.trimmed();
  return trimmed.isEmpty() ? std::string("default") : trimmed.toStdString();
}

} // namespace lrscope::ui
