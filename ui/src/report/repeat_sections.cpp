#include "report/repeat_sections.h"

#include "number_format.h"
#include "plots/repeated_run.h"
#include "repeat_text.h"
#include "report/report_content.h"
#include "report/run_sections.h"

#include <QObject>

namespace lrscope::ui {
namespace {

using Kind = ReportBlock::Kind;

ReportTable spreadTable(const engine::RepeatSummary& summary) {
  ReportTable table;
  table.header = {QObject::tr("Over the repeats"), QObject::tr("Median"), QObject::tr("Lowest"),
                  QObject::tr("Highest"),          QObject::tr("Spread"), QObject::tr("Repeats")};
  table.numberColumns = {1, 2, 3, 4, 5};
  for (const SpreadRow& row : spreadRows(summary)) {
    if (!row.spread) {
      table.rows.push_back({row.name, QObject::tr("no repeat gave one"), missingText(),
                            missingText(), missingText(),
                            QObject::tr("0 of %1").arg(summary.repeats)});
      continue;
    }
    table.rows.push_back({row.name, lrText(row.spread->median), lrText(row.spread->min),
                          lrText(row.spread->max), spreadText(row.spread->spreadDecades),
                          countText(*row.spread, summary.repeats)});
  }
  return table;
}

} // namespace

void addRepeatSections(const ReportRun& run, const QColor& color,
                       std::vector<ReportBlock>& blocks) {
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Loss vs learning rate")));
  if (!run.repeatSummary || run.repeatSummary->band.empty()) {
    blocks.push_back(paragraphBlock(QObject::tr("No repeat recorded a step.")));
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Picked range")));
    blocks.push_back(paragraphBlock(rangeParagraph(run.details.range)));
    return;
  }
  const engine::RepeatSummary& summary = *run.repeatSummary;
  ReportFigure figure;
  figure.kind = ReportFigure::Kind::LossVsLr;
  figure.caption =
      QObject::tr("Median smoothed loss of the %1 repeats of run #%2 with the 10th to 90th "
                  "percentile shaded (a repeat that stopped no longer counts after its last "
                  "step); each rule's median suggestion as a dashed line with a whisker from its "
                  "lowest to its highest repeat; the picked range as a green band.")
          .arg(summary.repeats)
          .arg(run.id());
  figure.runs = {repeatedPlottedRun(run.details, summary, runLabel(run), color)};
  blocks.push_back(figureBlock(std::move(figure)));

  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Verdict")));
  blocks.push_back(paragraphBlock(verdictHtml(summary)));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Spread over the repeats")));
  blocks.push_back(tableBlock(spreadTable(summary)));
  blocks.push_back(
      paragraphBlock(QObject::tr("Spread is log10(highest / lowest). The range rule applied to "
                                 "the median curve gives %1.")
                         .arg(medianCurveRangeText(summary).toHtmlEscaped())));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Picked range")));
  blocks.push_back(paragraphBlock(rangeParagraph(run.details.range)));
}

} // namespace lrscope::ui
