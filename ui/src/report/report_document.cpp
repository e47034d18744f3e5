// What a report says: title, overview of a comparison, and each run's section.
#include "report/report_document.h"

#include "report/audit_sections.h"
#include "report/repeat_sections.h"
#include "report/report_content.h"
#include "report/report_text.h"
#include "report/run_sections.h"
#include "report/run_settings.h"
#include "run_labels.h"

#include "lrscope/engine/message_text.h"

#include <QObject>

#include <algorithm>
#include <optional>

namespace lrscope::ui {
namespace {

using Kind = ReportBlock::Kind;

QString text(const std::string& value) {
  return QString::fromStdString(value);
}

/// "range test of mlp on fashion-mnist".
QString runTopic(const ReportRun& run) {
  const storage::RunSummary& s = run.details.summary;
  return QObject::tr("%1 of %2 on %3").arg(kindText(s.kind), text(s.model), dataLabel(s.dataset));
}

ReportTable summaryTable(const ReportRun& run) {
  const storage::RunDetails& d = run.details;
  const storage::RunSummary& s = d.summary;
  ReportTable table;
  table.rows.push_back({QObject::tr("Experiment"), text(s.experiment)});
  table.rows.push_back({QObject::tr("Status"),
                        d.message.empty() ? statusText(s.status)
                                          : statusText(s.status) + " (" + text(d.message) + ")"});
  table.rows.push_back({QObject::tr("Started (UTC)"), text(s.startedAt)});
  table.rows.push_back({QObject::tr("Duration"), durationText(s.durationSeconds)});
  if (!engine::hasChildRuns(s.kind)) // a parent's steps are its runs'
    table.rows.push_back({QObject::tr("Steps"), QString::number(s.steps)});
  table.rows.push_back({QObject::tr("Seed"), QString::number(d.seed)});
  if (!s.tags.empty()) {
    QStringList tags;
    for (const std::string& tag : s.tags)
      tags << text(tag);
    table.rows.push_back({QObject::tr("Tags"), tags.join(QStringLiteral(", "))});
  }
  if (d.parentRunId)
    table.rows.push_back(
        {QObject::tr("Part of"),
         run.parentKind ? QObject::tr("%1 #%2").arg(kindText(*run.parentKind)).arg(*d.parentRunId)
                        : QObject::tr("run #%1").arg(*d.parentRunId)});
  if (!d.sourceFile.empty())
    table.rows.push_back({QObject::tr("Imported from"), text(d.sourceFile)});
  if (!d.classNames.empty())
    table.rows.push_back({QObject::tr("Classes"), text(engine::classListText(d.classNames))});
  for (const std::string& warning : d.warnings)
    table.rows.push_back({QObject::tr("Warning"), text(warning)});
  return table;
}

ReportTable settingsTable(const ReportRun& run) {
  ReportTable table;
  table.twoColumns = true;
  QString group;
  for (const SettingRow& row : runSettings(run.details.configJson)) {
    table.rows.push_back({row.group == group ? QString() : row.group, row.name, row.value});
    group = row.group;
  }
  return table;
}

QString optimizerOf(const ReportRun& run) {
  for (const SettingRow& row : runSettings(run.details.configJson))
    if (row.group == QObject::tr("Optimizer") && row.name == QStringLiteral("kind"))
      return row.value;
  return missingText();
}

bool hasLrCurve(const ReportRun& run) {
  return (run.kind() == engine::RunKind::RangeTest || run.kind() == engine::RunKind::Imported) &&
         !run.steps.empty();
}

/// Each rule's suggestion for each run that has suggestions, side by side; none for fewer
/// than two such runs.
std::optional<ReportTable> suggestionComparison(const ReportContent& content) {
  std::vector<const ReportRun*> runs;
  std::vector<std::string> rules;
  for (const ReportRun& run : content.runs) {
    if (run.details.suggestions.empty())
      continue;
    runs.push_back(&run);
    for (const engine::Suggestion& s : run.details.suggestions)
      if (std::find(rules.begin(), rules.end(), s.rule) == rules.end())
        rules.push_back(s.rule);
  }
  if (runs.size() < 2)
    return std::nullopt;
  ReportTable table;
  table.header << QObject::tr("Rule");
  for (std::size_t c = 0; c < runs.size(); ++c) {
    table.header << QStringLiteral("#%1").arg(runs[c]->id());
    table.numberColumns.push_back(static_cast<int>(c) + 1);
  }
  for (const std::string& rule : rules) {
    QStringList row{text(rule)};
    for (const ReportRun* run : runs) {
      QString cell = missingText();
      for (const engine::Suggestion& s : run->details.suggestions)
        if (s.rule == rule)
          cell = lrText(s.lr);
      row << cell;
    }
    table.rows.push_back(row);
  }
  QStringList lower{QObject::tr("picked lower")};
  QStringList upper{QObject::tr("picked upper")};
  for (const ReportRun* run : runs) {
    const auto& range = run->details.range;
    lower << (range ? lrText(range->lower) : missingText());
    upper << (range ? lrText(range->upper) : missingText());
  }
  table.rows.push_back(lower);
  table.rows.push_back(upper);
  return table;
}

void addOverview(const ReportContent& content, std::vector<ReportBlock>& blocks) {
  blocks.push_back(headingBlock(Kind::Heading, QObject::tr("Overview")));
  ReportTable runs;
  runs.header = {QObject::tr("Run"),   QObject::tr("Kind"),        QObject::tr("Status"),
                 QObject::tr("Model"), QObject::tr("Data set"),    QObject::tr("Optimizer"),
                 QObject::tr("Steps"), QObject::tr("Picked range")};
  runs.numberColumns = {6};
  std::vector<PlottedRun> curves, trainings;
  for (std::size_t i = 0; i < content.runs.size(); ++i) {
    const ReportRun& run = content.runs[i];
    const storage::RunSummary& s = run.details.summary;
    const auto& range = run.details.range;
    runs.rows.push_back({QStringLiteral("#%1").arg(s.id), kindText(s.kind), statusText(s.status),
                         text(s.model), dataLabel(s.dataset), optimizerOf(run),
                         QString::number(s.steps),
                         range ? QStringLiteral("%1 .. %2 (%3)")
                                     .arg(lrText(range->lower), lrText(range->upper),
                                          range->source == "manual" ? QObject::tr("moved by hand")
                                                                    : QObject::tr("automatic"))
                               : missingText()});
    const QColor color = runColor(static_cast<int>(i));
    if (hasLrCurve(run))
      curves.push_back(plottedRun(run, color));
    if (run.kind() == engine::RunKind::Training && !run.steps.empty())
      trainings.push_back(plottedRun(run, color));
  }
  blocks.push_back(tableBlock(std::move(runs)));
  if (!curves.empty()) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Loss vs learning rate")));
    blocks.push_back(figureBlock({ReportFigure::Kind::LossVsLr,
                                  QObject::tr("Smoothed loss of each range test in its colour; "
                                              "each run's picked range as a strip along the "
                                              "bottom."),
                                  std::move(curves),
                                  {}}));
  }
  if (std::optional<ReportTable> suggestions = suggestionComparison(content)) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Suggestions side by side")));
    blocks.push_back(tableBlock(std::move(*suggestions)));
  }
  if (trainings.size() > 1) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Loss vs step")));
    blocks.push_back(figureBlock({ReportFigure::Kind::LossVsStep,
                                  QObject::tr("Smoothed loss of each training run in its colour."),
                                  std::move(trainings),
                                  {}}));
  }
}

/// A run's section; in a comparison it starts a page and its heading names the run (the title
/// names a single run already).
void addRun(const ReportRun& run, const QColor& color, bool comparison,
            std::vector<ReportBlock>& blocks) {
  ReportBlock heading = headingBlock(
      Kind::Heading, comparison ? QObject::tr("Run #%1: %2").arg(run.id()).arg(runTopic(run))
                                : QObject::tr("Summary"));
  heading.newPage = comparison;
  blocks.push_back(std::move(heading));
  blocks.push_back(tableBlock(summaryTable(run)));
  if (run.kind() == engine::RunKind::Training)
    addTrainingSections(run, color, blocks);
  else if (run.kind() == engine::RunKind::Sweep)
    addSweepSections(run, blocks);
  else if (run.kind() == engine::RunKind::RepeatedRangeTest)
    addRepeatSections(run, color, blocks);
  else if (run.kind() == engine::RunKind::Audit)
    addAuditSections(run, blocks);
  else if (!run.steps.empty() || run.parts.empty())
    addRangeTestSections(run, color, blocks);
  if (!run.parts.empty())
    addPartSections(run, blocks);
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Settings")));
  const ReportTable settings = settingsTable(run);
  blocks.push_back(settings.rows.empty() ? paragraphBlock(QObject::tr("No config was stored."))
                                         : tableBlock(settings));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Notes")));
  const QString notes = text(run.details.summary.notes).trimmed();
  blocks.push_back(paragraphBlock(notes.isEmpty() ? QObject::tr("<i>No notes.</i>")
                                                  : notes.toHtmlEscaped().replace('\n', "<br>")));
}

} // namespace

ReportBlock headingBlock(ReportBlock::Kind kind, const QString& text) {
  ReportBlock block;
  block.kind = kind;
  block.text = text;
  return block;
}

ReportBlock paragraphBlock(const QString& richText, ReportBlock::Kind kind) {
  ReportBlock block;
  block.kind = kind;
  block.text = richText;
  return block;
}

ReportBlock tableBlock(ReportTable table) {
  ReportBlock block;
  block.kind = Kind::Table;
  block.table = std::move(table);
  return block;
}

ReportBlock figureBlock(ReportFigure figure) {
  ReportBlock block;
  block.kind = Kind::Figure;
  block.figure = std::make_shared<const ReportFigure>(std::move(figure));
  return block;
}

QString reportSubject(const ReportContent& content) {
  if (content.runs.size() == 1)
    return QObject::tr("Run #%1: %2")
        .arg(content.runs.front().id())
        .arg(runTopic(content.runs.front()));
  QStringList ids;
  for (const ReportRun& run : content.runs)
    ids << QStringLiteral("#%1").arg(run.id());
  return QObject::tr("Comparison of %1 runs: %2").arg(content.runs.size()).arg(ids.join(", "));
}

std::vector<ReportBlock> buildReportDocument(const ReportContent& content) {
  std::vector<ReportBlock> blocks;
  blocks.push_back(headingBlock(Kind::Title, QObject::tr("LR Scope report")));
  blocks.push_back(
      paragraphBlock(QStringLiteral("<b>%1</b>").arg(reportSubject(content).toHtmlEscaped())));
  blocks.push_back(paragraphBlock(QObject::tr("Generated %1 by LR Scope %2 from %3")
                                      .arg(text(content.generatedAt).toHtmlEscaped(),
                                           text(content.version).toHtmlEscaped(),
                                           text(content.databasePath).toHtmlEscaped()),
                                  Kind::Note));
  if (content.isComparison())
    addOverview(content, blocks);
  for (std::size_t i = 0; i < content.runs.size(); ++i)
    addRun(content.runs[i], runColor(static_cast<int>(i)), content.isComparison(), blocks);
  return blocks;
}

} // namespace lrscope::ui
