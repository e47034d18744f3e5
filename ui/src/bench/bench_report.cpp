#include "bench/bench_report.h"

#include <nlohmann/json.hpp>

#include <QStringList>

#include <cstdio>

namespace lrscope::ui {
namespace {

QString number(double value, const QString& unit) {
  if (unit == "s")
    return QString::number(value, 'f', 1);
  if (unit == "ms")
    return QString::number(value, 'f', value < 10.0 ? 2 : 1);
  return QString::number(value, 'f', 0); // counts, steps/s
}

QString withUnit(const QString& text, const QString& unit) {
  return unit.isEmpty() ? text : text + ' ' + unit;
}

QString targetText(const BenchFigure& figure) {
  if (!figure.hasTarget())
    return "-";
  const QString comparison = figure.bound == BenchFigure::Bound::AtMost ? "< " : ">= ";
  return withUnit(comparison + QString::number(figure.target, 'g', 6), figure.unit);
}

} // namespace

std::string benchTables(const BenchContext& context, const std::vector<BenchSection>& sections) {
  QString text = QString("LR Scope UI benchmark: Qt %1 on the %2 platform, QCustomPlot 2.1; "
                         "temp files in %3 (%4), removed afterwards\n")
                     .arg(qVersion(), context.platform, QString::fromStdString(context.folder),
                          QString::fromStdString(context.fileSystem));
  for (const BenchSection& section : sections) {
    text += QString("\n%1 (%2 s)\n").arg(section.title).arg(section.seconds, 0, 'f', 1);
    for (const QString& line : section.setup.split('\n'))
      text += "  " + line + '\n';
    text += QString("  %1 %2 %3\n").arg("figure", -56).arg("measured", 14).arg("target", 14);
    for (const BenchFigure& figure : section.figures) {
      text += QString("  %1 %2 %3")
                  .arg(figure.label, -56)
                  .arg(withUnit(number(figure.value, figure.unit), figure.unit), 14)
                  .arg(targetText(figure), 14);
      if (figure.hasTarget())
        text += figure.passes() ? "  PASS" : "  MISS";
      text += '\n';
    }
  }
  int misses = 0;
  int targets = 0;
  for (const BenchSection& section : sections)
    for (const BenchFigure& figure : section.figures)
      if (figure.hasTarget()) {
        ++targets;
        misses += figure.passes() ? 0 : 1;
      }
  text += QString("\n%1 of %2 targets met; the benchmark took %3 s\n")
              .arg(targets - misses)
              .arg(targets)
              .arg(context.seconds, 0, 'f', 1);
  return text.toStdString();
}

std::string benchJson(const BenchContext& context, const std::vector<BenchSection>& sections) {
  nlohmann::json json = {{"qt", qVersion()},
                         {"platform", context.platform.toStdString()},
                         {"folder", context.folder},
                         {"file_system", context.fileSystem},
                         {"seconds", context.seconds}};
  for (const BenchSection& section : sections) {
    nlohmann::json& part = json[section.key.toStdString()];
    part["seconds"] = section.seconds;
    for (const BenchFigure& figure : section.figures) {
      nlohmann::json& entry = part[figure.key.toStdString()];
      entry = {{"value", figure.value}, {"unit", figure.unit.toStdString()}};
      if (figure.hasTarget()) {
        entry["target"] = figure.target;
        entry["bound"] = figure.bound == BenchFigure::Bound::AtMost ? "below" : "at_least";
        entry["pass"] = figure.passes();
      }
    }
  }
  return json.dump(2) + "\n";
}

} // namespace lrscope::ui
