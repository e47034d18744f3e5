#include "dialogs/csv_header.h"

#include <QFile>

namespace lrscope::ui {
namespace {

constexpr qint64 kMaxHeaderBytes = 64 * 1024;

/// Splits one line at commas outside double quotes; "" inside quotes is a quote.
QStringList splitCsvLine(const QString& line) {
  QStringList fields;
  QString field;
  bool quoted = false;
  for (int i = 0; i < line.size(); ++i) {
    const QChar c = line.at(i);
    if (quoted && c == '"' && i + 1 < line.size() && line.at(i + 1) == '"') {
      field += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields << field.trimmed();
      field.clear();
    } else {
      field += c;
    }
  }
  fields << field.trimmed();
  return fields;
}

} // namespace

QStringList readCsvHeader(const QString& path) {
  if (path.isEmpty())
    return {};
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
    return {};
  while (!file.atEnd() && file.pos() < kMaxHeaderBytes) {
    QString line = QString::fromUtf8(file.readLine(kMaxHeaderBytes)).trimmed();
    if (line.startsWith(QChar(0xFEFF))) // byte order mark
      line.remove(0, 1);
    if (!line.isEmpty())
      return splitCsvLine(line);
  }
  return {};
}

} // namespace lrscope::ui
