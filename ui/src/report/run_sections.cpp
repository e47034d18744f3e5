// The kind-specific parts of a run's section: range test, training run, sweep, group test.
#include "report/run_sections.h"

#include "details/rule_record_text.h"
#include "report/report_content.h"
#include "report/report_text.h"
#include "run_labels.h"

#include <nlohmann/json.hpp>

#include <QObject>

namespace lrscope::ui {
namespace {

using Kind = ReportBlock::Kind;

QString escaped(const std::string& text) {
  return QString::fromStdString(text).toHtmlEscaped();
}

ReportTable suggestionTable(const storage::RunDetails& details) {
  const std::string optimizer = optimizerOfConfig(details.configJson);
  const auto record = [&](const std::string& rule, int version) {
    const QString text = ruleRecordText(rule, version, optimizer);
    return text.isEmpty() ? missingText() : text;
  };
  ReportTable table;
  table.header = {QObject::tr("Rule"),
                  QObject::tr("Version"),
                  QObject::tr("LR"),
                  QObject::tr("Smoothed loss"),
                  QObject::tr("What the rule picks"),
                  QObject::tr("Within 1 std of a grid's best (audit matrix)")};
  table.numberColumns = {1, 2, 3};
  for (const engine::Suggestion& s : details.suggestions)
    table.rows.push_back({QString::fromStdString(s.rule), QString::number(s.version), lrText(s.lr),
                          lossText(s.loss), rulePurpose(s.rule), record(s.rule, s.version)});
  if (details.range && details.range->automatic) {
    const std::string& rule = details.range->rule;
    const int version = ruleVersionOf(rule);
    table.rows.push_back({QString::fromStdString(ruleNameOf(rule)),
                          version > 0 ? QString::number(version) : QString(),
                          lrText(details.range->automatic->lower) + QStringLiteral(" .. ") +
                              lrText(details.range->automatic->upper),
                          missingText(), rulePurpose(ruleNameOf(rule)),
                          record(ruleNameOf(rule), version)});
  }
  return table;
}

ReportTable epochTable(const std::vector<engine::EpochRecord>& epochs) {
  ReportTable table;
  table.header = {QObject::tr("Epoch"),     QObject::tr("Train loss"), QObject::tr("Train acc."),
                  QObject::tr("Val. loss"), QObject::tr("Val. acc."),  QObject::tr("Test loss"),
                  QObject::tr("Test acc."), QObject::tr("LR"),         QObject::tr("Time")};
  table.numberColumns = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  for (const engine::EpochRecord& e : epochs)
    table.rows.push_back({QString::number(e.epoch + 1), lossText(e.trainLoss),
                          percentText(e.trainAccuracy), lossText(e.validationLoss),
                          percentText(e.validationAccuracy), lossText(e.testLoss),
                          percentText(e.testAccuracy),
                          e.groupLrs.empty() ? missingText() : lrText(e.groupLrs.front()),
                          durationText(e.wallSeconds)});
  return table;
}

/// An event's payload as "lr 3.000e-04, factor 0.5".
QString payloadText(const std::string& payloadJson) {
  const nlohmann::json payload = nlohmann::json::parse(payloadJson, nullptr, false);
  if (!payload.is_object())
    return QString::fromStdString(payloadJson);
  QStringList parts;
  for (const auto& item : payload.items()) {
    const nlohmann::json& value = item.value();
    QString text;
    if (value.is_number() && item.key().find("lr") != std::string::npos)
      text = lrText(value.get<double>());
    else if (value.is_string())
      text = QString::fromStdString(value.get<std::string>());
    else
      text = QString::fromStdString(value.dump());
    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(item.key()).replace('_', ' '),
                                         text);
  }
  return parts.join(QStringLiteral(", "));
}

bool stopped(const storage::SweepCandidateRun& candidate) {
  return candidate.status == engine::CandidateStatus::Eliminated ||
         candidate.status == engine::CandidateStatus::Diverged;
}

QString outcomeText(const storage::SweepCandidateRun& candidate) {
  if (stopped(candidate))
    return (candidate.status == engine::CandidateStatus::Diverged
                ? QObject::tr("diverged, out at rung %1: %2")
                : QObject::tr("eliminated at rung %1: %2"))
        .arg(candidate.rung)
        .arg(QString::fromStdString(candidate.reason));
  const QString message = QString::fromStdString(candidate.message);
  return message.isEmpty() ? statusText(candidate.runStatus) : message;
}

} // namespace

QString rangeParagraph(const std::optional<storage::StoredRange>& range) {
  if (!range)
    return QObject::tr("No range: the rules found none on this curve (too short, or the loss "
                       "never clearly fell) and none was picked by hand.");
  const QString bounds =
      QStringLiteral("<b>%1 .. %2</b>").arg(lrText(range->lower), lrText(range->upper));
  QString text;
  if (range->source == "manual") {
    text =
        QObject::tr("%1, <b>moved by hand</b> (saved %2).").arg(bounds, escaped(range->updatedAt));
    text += range->automatic ? QObject::tr(" The automatic range (%1) was %2 .. %3.")
                                   .arg(escaped(range->rule), lrText(range->automatic->lower),
                                        lrText(range->automatic->upper))
                             : QObject::tr(" The rules found no range of their own.");
  } else {
    text = QObject::tr("%1, automatic (%2), not moved by hand.").arg(bounds, escaped(range->rule));
  }
  return text + QObject::tr(" Train starting at %1 and decay towards %2.")
                    .arg(lrText(range->upper), lrText(range->lower));
}

QString runLabel(const ReportRun& run) {
  return QStringLiteral("#%1 %2 on %3")
      .arg(run.id())
      .arg(QString::fromStdString(run.details.summary.model),
           dataLabel(run.details.summary.dataset));
}

PlottedRun plottedRun(const ReportRun& run, const QColor& color) {
  PlottedRun plotted;
  plotted.id = run.id();
  plotted.label = runLabel(run);
  plotted.color = color;
  plotted.steps = run.steps;
  plotted.suggestions = run.details.suggestions;
  if (run.details.range)
    plotted.range = storage::RangeBounds{run.details.range->lower, run.details.range->upper};
  plotted.events = run.events;
  return plotted;
}

void addRangeTestSections(const ReportRun& run, const QColor& color,
                          std::vector<ReportBlock>& blocks) {
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Loss vs learning rate")));
  if (run.steps.empty()) {
    blocks.push_back(paragraphBlock(QObject::tr("No steps were recorded.")));
  } else {
    ReportFigure figure;
    figure.kind = ReportFigure::Kind::LossVsLr;
    figure.caption = QObject::tr("Raw loss (faded) and smoothed loss of run #%1; the picked range "
                                 "as a green band, each rule's suggestion as a dashed line.")
                         .arg(run.id());
    figure.runs = {plottedRun(run, color)};
    blocks.push_back(figureBlock(std::move(figure)));
  }
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Picked range")));
  blocks.push_back(paragraphBlock(rangeParagraph(run.details.range)));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Suggestions")));
  if (run.details.suggestions.empty())
    blocks.push_back(paragraphBlock(QObject::tr("None: the curve is too short for the rules.")));
  else
    blocks.push_back(tableBlock(suggestionTable(run.details)));
}

void addTrainingSections(const ReportRun& run, const QColor& color,
                         std::vector<ReportBlock>& blocks) {
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Final metrics")));
  ReportTable final;
  if (!run.epochs.empty()) {
    const engine::EpochRecord& last = run.epochs.back();
    final.rows = {{QObject::tr("Epochs"), QString::number(last.epoch + 1)},
                  {QObject::tr("Train loss, accuracy"),
                   lossText(last.trainLoss) + ", " + percentText(last.trainAccuracy)},
                  {QObject::tr("Validation loss, accuracy"),
                   lossText(last.validationLoss) + ", " + percentText(last.validationAccuracy)},
                  {QObject::tr("Test loss, accuracy"),
                   lossText(last.testLoss) + ", " + percentText(last.testAccuracy)}};
  } else {
    final.rows = {{QObject::tr("Epochs"), QObject::tr("none finished")}};
  }
  final.rows.push_back(
      {QObject::tr("Checkpoint"), run.details.checkpointPath.empty()
                                      ? QObject::tr("none saved")
                                      : QString::fromStdString(run.details.checkpointPath)});
  blocks.push_back(tableBlock(std::move(final)));
  if (!run.steps.empty()) {
    const PlottedRun plotted = plottedRun(run, color);
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Loss vs step")));
    ReportFigure loss{ReportFigure::Kind::LossVsStep,
                      QObject::tr("Raw loss (faded) and smoothed loss of every step."),
                      {plotted}};
    blocks.push_back(figureBlock(std::move(loss)));
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Learning rate vs step")));
    ReportFigure lr{ReportFigure::Kind::LrVsStep,
                    QObject::tr("The schedule's learning rate at every step, for every parameter "
                                "group; events such as live LR changes are marked."),
                    {plotted}};
    blocks.push_back(figureBlock(std::move(lr)));
  }
  if (!run.epochs.empty()) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Loss and accuracy per epoch")));
    PlottedRun plotted = plottedRun(run, color);
    plotted.steps.clear();
    plotted.epochs = run.epochs;
    ReportFigure epochs{ReportFigure::Kind::EpochMetrics,
                        QObject::tr("Train (solid), validation (dashed) and test (dotted) loss "
                                    "and accuracy at the end of each epoch."),
                        {std::move(plotted)}};
    blocks.push_back(figureBlock(std::move(epochs)));
  }
  if (run.details.range) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Picked range")));
    blocks.push_back(paragraphBlock(rangeParagraph(run.details.range)));
  }
  if (run.epochs.size() > 1) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Epochs")));
    blocks.push_back(tableBlock(epochTable(run.epochs)));
  }
  if (!run.events.empty()) {
    blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Events")));
    ReportTable events;
    events.header = {QObject::tr("Step"), QObject::tr("Event"), QObject::tr("Details")};
    events.numberColumns = {0};
    for (const storage::RunEvent& event : run.events)
      events.rows.push_back({QString::number(event.step), QString::fromStdString(event.kind),
                             payloadText(event.payloadJson)});
    blocks.push_back(tableBlock(std::move(events)));
  }
}

void addPartSections(const ReportRun& run, std::vector<ReportBlock>& blocks) {
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Runs of this test")));
  ReportTable table;
  table.header = {QObject::tr("Run"), QObject::tr("Test of"), QObject::tr("Status"),
                  QObject::tr("Steps"), QObject::tr("Picked range")};
  table.numberColumns = {3};
  std::vector<PlottedRun> curves;
  for (std::size_t i = 0; i < run.parts.size(); ++i) {
    const ReportRun& part = run.parts[i];
    const storage::RunSummary& s = part.details.summary;
    const auto& range = part.details.range;
    table.rows.push_back({QStringLiteral("#%1").arg(s.id), part.label, statusText(s.status),
                          QString::number(s.steps),
                          range
                              ? lrText(range->lower) + QStringLiteral(" .. ") + lrText(range->upper)
                              : missingText()});
    if (!part.steps.empty()) {
      PlottedRun plotted = plottedRun(part, runColor(static_cast<int>(i)));
      if (!part.label.isEmpty())
        plotted.label = QStringLiteral("#%1 %2").arg(s.id).arg(part.label);
      curves.push_back(std::move(plotted));
    }
  }
  blocks.push_back(tableBlock(std::move(table)));
  if (!curves.empty())
    blocks.push_back(figureBlock({ReportFigure::Kind::LossVsLr,
                                  QObject::tr("Smoothed loss of each run of this test in its "
                                              "colour; its picked range as a strip along the "
                                              "bottom."),
                                  std::move(curves),
                                  {}}));
}

void addSweepSections(const ReportRun& run, std::vector<ReportBlock>& blocks) {
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Learning rates")));
  if (!run.sweep || run.sweep->candidates.empty()) {
    blocks.push_back(paragraphBlock(QObject::tr("No learning rate of this sweep was stored.")));
    return;
  }
  ReportTable table;
  table.header = {QObject::tr("LR"),        QObject::tr("Run"),       QObject::tr("Epochs"),
                  QObject::tr("Val. loss"), QObject::tr("Val. acc."), QObject::tr("Outcome")};
  table.numberColumns = {0, 1, 2, 3, 4};
  QStringList eliminated;
  for (const storage::SweepCandidateRun& candidate : run.sweep->candidates) {
    const int epochs = candidate.epochs.empty() ? 0 : candidate.epochs.back().epoch + 1;
    table.rows.push_back({lrText(candidate.lr), QStringLiteral("#%1").arg(candidate.runId),
                          QString::number(epochs), lossText(candidate.finalValidationLoss()),
                          percentText(candidate.finalValidationAccuracy()),
                          outcomeText(candidate)});
    if (stopped(candidate))
      eliminated << QStringLiteral("<b>%1</b> (%2)")
                        .arg(lrText(candidate.lr), outcomeText(candidate).toHtmlEscaped());
  }
  blocks.push_back(tableBlock(std::move(table)));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Eliminated learning rates")));
  blocks.push_back(paragraphBlock(eliminated.isEmpty() ? QObject::tr("None.")
                                                       : eliminated.join(QStringLiteral("<br>"))));
  blocks.push_back(headingBlock(Kind::Subheading, QObject::tr("Validation loss per epoch")));
  ReportFigure figure;
  figure.kind = ReportFigure::Kind::SweepValidation;
  figure.caption = QObject::tr("Each learning rate's validation loss after every epoch, as the "
                               "app draws it: the best bold in green, the eliminated ones grey "
                               "(dashed where they diverged); a line ends where its learning "
                               "rate was eliminated.");
  figure.sweep = run.sweep;
  blocks.push_back(figureBlock(std::move(figure)));
}

} // namespace lrscope::ui
