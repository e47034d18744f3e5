#include "repeat_text.h"

#include "number_format.h"

#include <QObject>

#include <cmath>

namespace lrscope::ui {

std::vector<SpreadRow> spreadRows(const engine::RepeatSummary& summary) {
  std::vector<SpreadRow> rows{{QObject::tr("range lower"), summary.lower},
                              {QObject::tr("range upper"), summary.upper}};
  for (const engine::RuleSpread& rule : summary.rules)
    rows.push_back({QString::fromStdString(rule.rule), rule.spread});
  return rows;
}

QString spreadText(double decades) {
  return QObject::tr("%1 decades (%2x)")
      .arg(decades, 0, 'f', 2)
      .arg(std::pow(10.0, decades), 0, 'f', 1);
}

QString countText(const engine::RepeatSpread& spread, int repeats) {
  return QObject::tr("%1 of %2").arg(spread.count).arg(repeats);
}

QString verdictHtml(const engine::RepeatSummary& summary) {
  QString verdict = QString::fromStdString(engine::verdictText(summary)).toHtmlEscaped();
  const int colon = static_cast<int>(verdict.indexOf(':'));
  if (colon > 0) {
    QString word = verdict.left(colon);
    word[0] = word[0].toUpper();
    verdict = QStringLiteral("<b>%1</b>%2").arg(word, verdict.mid(colon));
  }
  const std::string advice = engine::stabilityAdvice(summary);
  if (!advice.empty())
    verdict += QStringLiteral(". %1.").arg(QString::fromStdString(advice).toHtmlEscaped());
  else
    verdict += QStringLiteral(".");
  return verdict;
}

QString medianCurveRangeText(const engine::RepeatSummary& summary) {
  const engine::LrRangeResult& result = summary.medianCurveRange;
  if (!result.range)
    return QObject::tr("none (%1)").arg(QString::fromStdString(result.reason));
  return QStringLiteral("%1 .. %2").arg(lrText(result.range->lower), lrText(result.range->upper));
}

} // namespace lrscope::ui
