#include "details/run_details_panel.h"

#include "details/audit_details.h"
#include "details/comparison_table.h"
#include "details/group_details.h"
#include "details/repeat_details.h"
#include "details/rule_record_text.h"
#include "details/sweep_details.h"
#include "details/training_details.h"
#include "number_format.h"
#include "run_labels.h"

#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/message_text.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lrscope::ui {
namespace {

/// A positive finite number in any notation ("3e-4", "0.0003"), or nothing.
std::optional<double> parseLr(const QString& text) {
  bool ok = false;
  const double value = text.trimmed().toDouble(&ok);
  if (!ok || !std::isfinite(value) || value <= 0.0)
    return std::nullopt;
  return value;
}

/// "<br>10 classes: …" and a line per warning, for the status label.
QString dataNotesHtml(const storage::RunDetails& run) {
  QString html;
  if (const std::string classes = engine::classListText(run.classNames); !classes.empty())
    html += QStringLiteral("<br>") + QString::fromStdString(classes).toHtmlEscaped();
  for (const std::string& warning : run.warnings)
    html += QObject::tr("<br><span style=\"color: #b26a00\">warning: %1</span>")
                .arg(QString::fromStdString(warning).toHtmlEscaped());
  return html;
}

} // namespace

RunDetailsPanel::RunDetailsPanel(QWidget* parent)
    : QWidget(parent), m_pages(new QStackedWidget), m_comparison(new ComparisonTable),
      m_title(new QLabel), m_status(new QLabel), m_suggestions(new QTableWidget(0, 4)),
      m_lower(new QLineEdit), m_upper(new QLineEdit), m_rangeSource(new QLabel),
      m_reset(new QPushButton(tr("Reset to suggestion"))), m_rangeRuleLabel(new QLabel(tr("Rule"))),
      m_rangeRule(new QComboBox), m_rangeError(new QLabel),
      m_train(new QPushButton(tr("Train with this range…"))),
      m_sweep(new QPushButton(tr("Sweep around it…"))), m_tags(new QLineEdit),
      m_notes(new QPlainTextEdit), m_config(new QPlainTextEdit),
      m_trainingDetails(new TrainingDetails), m_sweepDetails(new SweepDetails),
      m_groupDetails(new GroupDetails), m_repeatDetails(new RepeatDetails),
      m_auditDetails(new AuditDetails) {
  m_title->setObjectName("runTitle");
  m_title->setWordWrap(true);
  m_status->setObjectName("runStatus");
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

  m_suggestions->setObjectName("suggestionTable");
  m_suggestions->setHorizontalHeaderLabels({tr("rule"), tr("lr"), tr("loss"), tr("record")});
  m_suggestions->horizontalHeaderItem(3)->setToolTip(
      tr("The rule's record in LR Scope's audit matrix (docs/reference.md): in how many data set x "
         "model "
         "cells with this run's optimizer its suggestion, as a one-cycle peak, trained within "
         "one standard deviation of the best of a grid of peaks"));
  m_suggestions->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_suggestions->verticalHeader()->setVisible(false);
  m_suggestions->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_suggestions->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_suggestions->setSelectionMode(QAbstractItemView::SingleSelection);
  m_suggestions->setToolTip(tr("Click a suggestion to move the nearer range marker to it"));
  connect(m_suggestions, &QTableWidget::cellClicked, this, [this](int row, int) {
    const QVariant lr = m_suggestions->item(row, 1)->data(Qt::UserRole);
    if (lr.isValid())
      Q_EMIT suggestionActivated(lr.toDouble());
  });

  connect(m_repeatDetails, &RepeatDetails::lrActivated, this,
          &RunDetailsPanel::suggestionActivated);

  m_lower->setObjectName("rangeLower");
  m_upper->setObjectName("rangeUpper");
  m_rangeError->setObjectName("rangeError");
  m_rangeSource->setObjectName("rangeSource");
  m_rangeSource->setWordWrap(true); // the rule and its record: long, in a narrow pane
  m_rangeError->setStyleSheet("color: #c62828");
  m_rangeError->setWordWrap(true);
  m_rangeError->hide();
  m_reset->setObjectName("resetRange");
  for (QLineEdit* field : {m_lower, m_upper}) {
    field->setPlaceholderText("e.g. 3e-4");
    connect(field, &QLineEdit::editingFinished, this, &RunDetailsPanel::commitRangeFields);
  }
  connect(m_reset, &QPushButton::clicked, this, &RunDetailsPanel::resetRangeRequested);
  m_rangeRule->setObjectName("rangeRule");
  std::vector<int> versions = engine::LrRangeRule::versions();
  std::sort(versions.rbegin(), versions.rend());
  for (const int version : versions)
    m_rangeRule->addItem(version == engine::LrRangeRule::kVersion
                             ? tr("lrscope-range v%1 (default)").arg(version)
                             : tr("lrscope-range v%1").arg(version),
                         version);
  const QString ruleTip =
      tr("The version of LR Scope's range rule that found this run's automatic range. Another "
         "finds it again on the recorded curve and stores it (Edit > Undo goes back); a range "
         "picked by hand stays picked. docs/reference.md compares the versions.");
  m_rangeRule->setToolTip(ruleTip);
  m_rangeRuleLabel->setToolTip(ruleTip);
  m_rangeRuleLabel->setBuddy(m_rangeRule);
  connect(m_rangeRule, &QComboBox::activated, this, [this](int index) {
    const int version = m_rangeRule->itemData(index).toInt();
    if (!m_range || version != ruleVersionOf(m_range->rule))
      Q_EMIT rangeRuleChosen(version);
  });
  m_train->setObjectName("trainWithRange");
  m_train->setToolTip(tr("Train the model of this range test with a schedule over the picked "
                         "range (Ctrl+T)"));
  connect(m_train, &QPushButton::clicked, this, &RunDetailsPanel::trainRequested);
  m_sweep->setObjectName("sweepAroundRange");
  m_sweep->setToolTip(tr("Race fixed learning rates from half a decade below the range to half a "
                         "decade above it by successive halving (Ctrl+Shift+W)"));
  connect(m_sweep, &QPushButton::clicked, this, &RunDetailsPanel::sweepRequested);

  m_tags->setObjectName("runTags");
  m_tags->setPlaceholderText(tr("comma-separated, e.g. baseline, augment"));
  connect(m_tags, &QLineEdit::editingFinished, this, [this] {
    QStringList tags;
    for (const QString& tag : m_tags->text().split(',', Qt::SkipEmptyParts))
      if (!tag.trimmed().isEmpty())
        tags.append(tag.trimmed());
    Q_EMIT tagsEdited(tags);
  });
  m_notes->setObjectName("runNotes");
  m_notes->setPlaceholderText(tr("Notes on this run"));
  m_notes->setTabChangesFocus(true);
  // Notes are saved after a pause in typing.
  auto* notesDelay = new QTimer(this);
  notesDelay->setSingleShot(true);
  notesDelay->setInterval(600);
  connect(m_notes, &QPlainTextEdit::textChanged, notesDelay, qOverload<>(&QTimer::start));
  connect(notesDelay, &QTimer::timeout, this, [this] {
    if (m_notes->toPlainText() != m_shownNotes) {
      m_shownNotes = m_notes->toPlainText();
      Q_EMIT notesEdited(m_shownNotes);
    }
  });
  m_config->setObjectName("runConfig");
  m_config->setReadOnly(true);
  m_config->setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono("monospace");
  mono.setStyleHint(QFont::Monospace);
  m_config->setFont(mono);

  m_rangeBox = new QGroupBox(tr("Picked range"));
  auto* rangeLayout = new QFormLayout(m_rangeBox);
  rangeLayout->addRow(tr("Lower"), m_lower);
  rangeLayout->addRow(tr("Upper"), m_upper);
  // Where the range came from and the rule's record take the whole width: beside a button the
  // wrapped label got the height of fewer lines than it needed.
  rangeLayout->addRow(m_rangeSource);
  auto* resetRow = new QHBoxLayout;
  resetRow->addWidget(m_rangeRuleLabel);
  resetRow->addWidget(m_rangeRule);
  resetRow->addStretch(1);
  resetRow->addWidget(m_reset);
  rangeLayout->addRow(resetRow);
  rangeLayout->addRow(m_rangeError);
  auto* actionRow = new QHBoxLayout;
  actionRow->addWidget(m_train, 1);
  actionRow->addWidget(m_sweep, 1);
  rangeLayout->addRow(actionRow);

  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(m_title);
  outer->addWidget(m_pages, 1);
  auto* single = new QWidget;
  auto* layout = new QVBoxLayout(single);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_status);
  layout->addWidget(m_rangeBox);
  m_suggestionsLabel = new QLabel(tr("<b>Suggestions</b>"));
  layout->addWidget(m_suggestionsLabel);
  layout->addWidget(m_suggestions, 2);
  // In place of the range and suggestions for training runs and sweeps.
  layout->addWidget(m_trainingDetails, 3);
  layout->addWidget(m_sweepDetails, 3);
  layout->addWidget(m_groupDetails, 3);
  layout->addWidget(m_repeatDetails, 3);
  layout->addWidget(m_auditDetails, 3);
  layout->addWidget(new QLabel(tr("<b>Tags</b>")));
  layout->addWidget(m_tags);
  layout->addWidget(new QLabel(tr("<b>Notes</b>")));
  layout->addWidget(m_notes, 1);
  layout->addWidget(new QLabel(tr("<b>Config</b>")));
  layout->addWidget(m_config, 2);
  // A run with much to show (a repeated test's spreads and repeats) scrolls rather than
  // squeezing its tables and labels over one another.
  auto* scroll = new QScrollArea;
  scroll->setObjectName("runDetailsScroll");
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(single);
  m_pages->addWidget(scroll);
  m_pages->addWidget(m_comparison);
  showRun(std::nullopt);
}

void RunDetailsPanel::showComparison(const std::vector<ComparedRun>& runs) {
  m_title->setText(tr("<b>%1 runs compared</b><br>Select one run to edit its range, notes and "
                      "tags.")
                       .arg(runs.size()));
  m_comparison->showRuns(runs);
  m_pages->setCurrentWidget(m_comparison);
}

void RunDetailsPanel::showRun(const std::optional<storage::RunDetails>& run) {
  m_pages->setCurrentIndex(0);
  m_running = false;
  const bool one = run.has_value();
  for (QWidget* widget : std::initializer_list<QWidget*>{m_lower, m_upper, m_reset, m_rangeRule,
                                                         m_tags, m_notes, m_suggestions})
    widget->setEnabled(one);
  m_rangeError->hide();
  showSection(Section::Curve);
  if (!one) {
    m_title->setText(tr("<b>No run selected</b><br>Pick a run on the left, or start one "
                        "with Run > New range test… (Ctrl+N)."));
    m_status->clear();
    m_suggestions->setRowCount(0);
    m_tags->clear();
    m_shownNotes.clear();
    m_notes->setPlainText(QString());
    m_config->clear();
    showRange(std::nullopt);
    // Nothing to pick a range of, nothing suggested: the title says what to do instead.
    for (QWidget* widget :
         std::initializer_list<QWidget*>{m_rangeBox, m_suggestionsLabel, m_suggestions})
      widget->hide();
    return;
  }
  const storage::RunSummary& s = run->summary;
  m_running = s.status == engine::StoredStatus::Running;
  m_title->setText(tr("<b>Run #%1</b> · %2 · %3 on %4")
                       .arg(s.id)
                       .arg(kindText(s.kind), QString::fromStdString(s.model),
                            QString::fromStdString(s.dataset)));
  showStatus(statusText(s.status), QString::fromStdString(run->message));
  // A sweep or a per-group range test records no steps of its own: its child runs do.
  const bool parent = engine::hasChildRuns(s.kind);
  const QString steps = parent ? QString() : tr(" · %1 steps").arg(s.steps);
  m_status->setText(m_status->text() +
                    tr("<br>started %1%2 · %3 · seed %4")
                        .arg(QString::fromStdString(s.startedAt), steps)
                        .arg(durationText(s.durationSeconds))
                        .arg(run->seed) +
                    dataNotesHtml(*run));

  m_optimizer = optimizerOfConfig(run->configJson);
  m_suggestions->horizontalHeaderItem(3)->setText(
      m_optimizer.empty() ? tr("record")
                          : tr("record (%1)").arg(QString::fromStdString(m_optimizer)));
  m_suggestions->setRowCount(static_cast<int>(run->suggestions.size()));
  for (int row = 0; row < static_cast<int>(run->suggestions.size()); ++row) {
    const engine::Suggestion& suggestion = run->suggestions[static_cast<std::size_t>(row)];
    auto* lr = new QTableWidgetItem(lrText(suggestion.lr));
    lr->setData(Qt::UserRole, suggestion.lr);
    m_suggestions->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(suggestion.rule)));
    m_suggestions->setItem(row, 1, lr);
    m_suggestions->setItem(row, 2, new QTableWidgetItem(lossText(suggestion.loss)));
    const QString record = ruleRecordCount(suggestion.rule, suggestion.version, m_optimizer);
    m_suggestions->setItem(row, 3, new QTableWidgetItem(record.isEmpty() ? missingText() : record));
  }
  QStringList tags;
  for (const std::string& tag : s.tags)
    tags.append(QString::fromStdString(tag));
  m_tags->setText(tags.join(", "));
  m_shownNotes = QString::fromStdString(s.notes);
  {
    const QSignalBlocker block(m_notes);
    m_notes->setPlainText(m_shownNotes);
  }
  const QJsonDocument config = QJsonDocument::fromJson(QByteArray::fromStdString(run->configJson));
  m_config->setPlainText(config.isNull()
                             ? QString::fromStdString(run->configJson)
                             : QString::fromUtf8(config.toJson(QJsonDocument::Indented)));
  showRange(run->range);
}

void RunDetailsPanel::showTrainingEpochs(const std::vector<engine::EpochRecord>& epochs) {
  m_trainingDetails->showEpochs(epochs);
}

void RunDetailsPanel::addTrainingEpoch(const engine::EpochRecord& epoch) {
  m_trainingDetails->appendEpoch(epoch);
}

void RunDetailsPanel::showSweep(const storage::SweepSummary& sweep) {
  m_sweepDetails->showSweep(sweep);
}

void RunDetailsPanel::showGroupTests(const std::vector<GroupTestRun>& tests) {
  m_groupDetails->showTests(tests);
}

void RunDetailsPanel::showRepeatedTest(const storage::RepeatedRangeTestSummary& test) {
  m_repeatDetails->showTest(test);
}

void RunDetailsPanel::showAudit(const storage::AuditRun& audit) {
  m_auditDetails->showAudit(audit);
}

void RunDetailsPanel::showSection(Section section) {
  const bool curve = section == Section::RangeTest || section == Section::Curve;
  const bool trainable = section == Section::RangeTest || section == Section::Repeats;
  for (QWidget* widget : std::initializer_list<QWidget*>{m_suggestionsLabel, m_suggestions})
    widget->setVisible(curve);
  m_rangeBox->setVisible(curve || section == Section::Repeats);
  // A rule version is chosen for a curve of the run's own; a repeated test reads its repeats.
  m_rangeRuleLabel->setVisible(curve);
  m_rangeRule->setVisible(curve);
  m_train->setVisible(trainable);
  m_sweep->setVisible(trainable);
  m_trainingDetails->setVisible(section == Section::Training);
  m_sweepDetails->setVisible(section == Section::Sweep);
  m_groupDetails->setVisible(section == Section::Groups);
  m_repeatDetails->setVisible(section == Section::Repeats);
  m_auditDetails->setVisible(section == Section::Audit);
  if (section == Section::Repeats)
    m_repeatDetails->clear(m_running ? tr("The verdict appears when every repeat has ended.")
                                     : tr("Reading the repeats…"));
  if (section == Section::Sweep)
    m_sweepDetails->clear();
  if (section == Section::Groups)
    m_groupDetails->clear();
  if (section == Section::Audit)
    m_auditDetails->clear();
}

void RunDetailsPanel::showStatus(const QString& status, const QString& message) {
  m_status->setText(message.isEmpty()
                        ? tr("Status: <b>%1</b>").arg(status)
                        : tr("Status: <b>%1</b> (%2)").arg(status, message.toHtmlEscaped()));
}

void RunDetailsPanel::showRange(const std::optional<storage::StoredRange>& range) {
  m_range = range;
  m_rangeError->hide();
  m_sweep->setEnabled(range.has_value()); // a sweep spans around the picked range
  // The version that found the stored range; blank for one no longer offered (version 1) and
  // where the rules found no range.
  m_rangeRule->setCurrentIndex(m_rangeRule->findData(range ? ruleVersionOf(range->rule) : -1));
  m_rangeRule->setEnabled(!m_running && m_lower->isEnabled()); // a run shown, not recording
  if (!range) {
    m_lower->clear();
    m_upper->clear();
    m_rangeSource->setText(m_running ? tr("The suggested range appears when the run ends.")
                                     : tr("No range: the rules found none. Type one to pick it."));
    m_reset->setEnabled(false);
    return;
  }
  m_lower->setText(lrText(range->lower));
  m_upper->setText(lrText(range->upper));
  const QString record =
      ruleRecordText(ruleNameOf(range->rule), ruleVersionOf(range->rule), m_optimizer);
  const QString rule = QString::fromStdString(range->rule);
  m_rangeSource->setText(
      range->source == "manual"
          ? (range->automatic
                 ? tr("<i>picked by hand</i>; automatic (%1): %2 .. %3")
                       .arg(rule, lrText(range->automatic->lower), lrText(range->automatic->upper))
                 : tr("<i>picked by hand</i>"))
          : tr("<i>automatic (%1)</i>").arg(rule) +
                (record.isEmpty() ? QString()
                                  : tr("<br>upper bound within 1 std of best: %1").arg(record)));
  m_reset->setEnabled(range->source == "manual" && range->automatic.has_value());
}

void RunDetailsPanel::commitRangeFields() {
  const std::optional<double> lower = parseLr(m_lower->text());
  const std::optional<double> upper = parseLr(m_upper->text());
  if (m_lower->text().trimmed().isEmpty() || m_upper->text().trimmed().isEmpty())
    return; // still typing the other field
  if (!lower || !upper || *lower >= *upper) {
    m_rangeError->setText(!lower || !upper ? tr("Type positive learning rates, e.g. 1e-4 and 3e-3.")
                                           : tr("The lower bound must be below the upper bound."));
    m_rangeError->show();
    return;
  }
  m_rangeError->hide();
  if (m_range && lrText(m_range->lower) == m_lower->text().trimmed() &&
      lrText(m_range->upper) == m_upper->text().trimmed())
    return; // unchanged
  Q_EMIT rangeEdited(*lower, *upper);
}

} // namespace lrscope::ui
