#include "dialogs/field_text.h"

#include "lrscope/engine/number_text.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace lrscope::ui {

QString numberFieldText(double value) {
  QString text = QString::fromStdString(engine::numberText(value));
  static const QRegularExpression paddedExponent("e\\+?(-?)0*(\\d)");
  return text.replace(paddedExponent, "e\\1\\2");
}

std::optional<double> parseNumberField(const QString& text) {
  bool ok = false;
  const double value = QLocale::c().toDouble(text.trimmed(), &ok);
  if (!ok || !std::isfinite(value))
    return std::nullopt;
  return value;
}

QString sampleSizeFieldText(const engine::SampleSpec& sample) {
  if (sample.count > 0)
    return QString::number(sample.count);
  if (sample.fraction > 0.0)
    return numberFieldText(sample.fraction);
  return QStringLiteral("all");
}

bool parseSampleSizeField(const QString& text, engine::SampleSpec& sample) {
  const QString trimmed = text.trimmed();
  if (trimmed.isEmpty() || trimmed.compare("all", Qt::CaseInsensitive) == 0) {
    sample.count = 0;
    sample.fraction = 0.0;
    return true;
  }
  bool ok = false;
  if (trimmed.endsWith('%')) {
    const std::optional<double> percent = parseNumberField(trimmed.chopped(1));
    if (!percent)
      return false;
    sample.count = 0;
    sample.fraction = *percent / 100.0;
    return true;
  }
  if (trimmed.contains(QRegularExpression("[.eE]"))) {
    const std::optional<double> fraction = parseNumberField(trimmed);
    if (!fraction)
      return false;
    sample.count = 0;
    sample.fraction = *fraction;
    return true;
  }
  const qlonglong count = trimmed.toLongLong(&ok);
  if (!ok)
    return false;
  sample.count = count;
  sample.fraction = 0.0;
  return true;
}

QString widthsFieldText(const std::vector<int64_t>& widths) {
  QStringList parts;
  for (const int64_t width : widths)
    parts << QString::number(width);
  return parts.join(", ");
}

std::optional<std::vector<int64_t>> parseWidthsField(const QString& text) {
  std::vector<int64_t> widths;
  static const QRegularExpression separators("[,\\s]+");
  for (const QString& part : text.split(separators, Qt::SkipEmptyParts)) {
    bool ok = false;
    const qlonglong width = part.toLongLong(&ok);
    if (!ok)
      return std::nullopt;
    widths.push_back(width);
  }
  return widths;
}

} // namespace lrscope::ui
