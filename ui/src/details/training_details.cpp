#include "details/training_details.h"

#include "number_format.h"
#include "run_labels.h"
#include "stored_config.h"

#include "lrscope/engine/lr_schedule.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace lrscope::ui {
namespace {

/// The schedule in words, with its learning rates.
QString scheduleWords(const engine::ScheduleSpec& s, int epochs) {
  const QString peak = lrShortText(s.maxLr);
  QString text;
  switch (s.kind) {
  case engine::ScheduleKind::OneCycle:
    text =
        QObject::tr("one-cycle: %1 → peak %2 → %3")
            .arg(lrShortText(s.maxLr / s.divFactor), peak, lrShortText(s.maxLr / s.finalDivFactor));
    break;
  case engine::ScheduleKind::CosineWarmup:
    text = QObject::tr("cosine: %1 → %2").arg(peak, lrShortText(s.minLr));
    if (s.warmupSteps > 0)
      text += QObject::tr(" after %1 warm-up steps").arg(s.warmupSteps);
    break;
  case engine::ScheduleKind::StepDecay:
    text =
        QObject::tr("step decay from %1, ×%2 every %3")
            .arg(peak)
            .arg(s.gamma)
            .arg(s.stepSize > 0 ? QObject::tr("%1 steps").arg(s.stepSize) : QObject::tr("epoch"));
    if (s.minLr > 0.0)
      text += QObject::tr(", floor %1").arg(lrShortText(s.minLr));
    break;
  case engine::ScheduleKind::Constant:
    text = QObject::tr("constant %1").arg(peak);
    break;
  case engine::ScheduleKind::ReduceOnPlateau:
    text = QObject::tr("reduce on plateau from %1 (×%2 after %3 flat epochs)")
               .arg(peak)
               .arg(s.plateauFactor)
               .arg(s.plateauPatience);
    break;
  default: // the cyclical ones
    text = QObject::tr("%1: %2 .. %3").arg(scheduleKindText(s.kind), lrShortText(s.minLr), peak);
    break;
  }
  return QObject::tr("%1 · %2 epochs").arg(text).arg(epochs);
}

QTableWidgetItem* numberItem(double value, int decimals, double scale = 1.0) {
  auto* item = new QTableWidgetItem(
      std::isfinite(value) ? QString::number(value * scale, 'f', decimals) : missingText());
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

} // namespace

TrainingDetails::TrainingDetails(QWidget* parent)
    : QWidget(parent), m_schedule(new QLabel), m_epochs(new QTableWidget(0, 8)),
      m_summary(new QLabel), m_appendTimer(new QTimer(this)) {
  m_appendTimer->setSingleShot(true);
  m_appendTimer->setInterval(kAppendIntervalMs);
  connect(m_appendTimer, &QTimer::timeout, this, &TrainingDetails::addPending);
  setObjectName("trainingDetails");
  m_schedule->setObjectName("trainingSchedule");
  m_schedule->setWordWrap(true);
  m_summary->setObjectName("trainingSummary");
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_epochs->setObjectName("epochTable");
  // Two-line headers keep the eight columns within the panel's width.
  m_epochs->setHorizontalHeaderLabels({tr("epoch"), tr("train\nloss"), tr("val\nloss"),
                                       tr("val\nacc %"), tr("test\nloss"), tr("test\nacc %"),
                                       tr("lr at\nend"), tr("s")});
  m_epochs->horizontalHeaderItem(7)->setToolTip(tr("Seconds the epoch took, evaluation included"));
  m_epochs->horizontalHeaderItem(6)->setToolTip(
      tr("The learning rate of the epoch's last step (first layer group)"));
  m_epochs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  // Measure the rows in view only: a live run adds a row per epoch, and measuring them all
  // (Qt's default looks at 1000) made every new row cost more than the one before.
  m_epochs->horizontalHeader()->setResizeContentsPrecision(0);
  m_epochs->verticalHeader()->setVisible(false);
  m_epochs->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_epochs->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_epochs->setAlternatingRowColors(true);
  m_epochs->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("<b>Schedule</b>")));
  layout->addWidget(m_schedule);
  layout->addWidget(new QLabel(tr("<b>Epochs</b>")));
  layout->addWidget(m_epochs, 1);
  layout->addWidget(m_summary);
}

void TrainingDetails::showRun(const storage::RunDetails& run) {
  QString error;
  if (const std::optional<engine::TrainConfig> config = trainConfigOf(run, &error)) {
    QString text = scheduleWords(config->schedule, config->epochs);
    if (!config->groupLrFactors.empty()) {
      QStringList factors;
      for (const double factor : config->groupLrFactors)
        factors.append(QString::number(factor, 'g', 3));
      text += tr("<br>layer groups × %1").arg(factors.join(", "));
    } else if (config->groupLrSpread.size() == 2) {
      text += tr("<br>layer groups × %1 .. %2 (geometric)")
                  .arg(config->groupLrSpread[0], 0, 'g', 3)
                  .arg(config->groupLrSpread[1], 0, 'g', 3);
    }
    m_schedule->setText(text);
  } else {
    m_schedule->setText(tr("cannot read the config: %1").arg(error));
  }
  m_runSeconds = run.summary.durationSeconds;
  m_running = run.summary.status == engine::StoredStatus::Running;
  m_checkpoint = QString::fromStdString(run.checkpointPath);
  showEpochs({});
}

void TrainingDetails::showEpochs(const std::vector<engine::EpochRecord>& epochs) {
  m_appendTimer->stop();
  m_pending.clear();
  m_epochs->setRowCount(0);
  m_lastEpoch = -1;
  m_lastWall = 0.0;
  m_finalTest.clear();
  m_epochSeconds = 0.0;
  for (const engine::EpochRecord& epoch : epochs)
    addRow(epoch);
  if (!epochs.empty())
    showLast(epochs.back());
  m_epochs->scrollToBottom();
  updateSummary();
}

void TrainingDetails::appendEpoch(const engine::EpochRecord& epoch) {
  const int last = m_pending.empty() ? m_lastEpoch : m_pending.back().epoch;
  if (epoch.epoch <= last)
    return; // read from the database before its signal arrived
  m_pending.push_back(epoch);
  if (!m_appendTimer->isActive())
    m_appendTimer->start();
}

void TrainingDetails::addPending() {
  if (m_pending.empty())
    return;
  m_epochs->setUpdatesEnabled(false);
  for (const engine::EpochRecord& epoch : m_pending)
    addRow(epoch);
  m_epochs->setUpdatesEnabled(true);
  showLast(m_pending.back());
  m_pending.clear();
  m_epochs->scrollToBottom();
  updateSummary();
}

void TrainingDetails::addRow(const engine::EpochRecord& e) {
  const int row = m_epochs->rowCount();
  m_epochs->insertRow(row);
  auto* epoch = new QTableWidgetItem(QString::number(e.epoch + 1));
  epoch->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  m_epochs->setItem(row, 0, epoch);
  m_epochs->setItem(row, 1, numberItem(e.trainLoss, 3));
  m_epochs->setItem(row, 2, numberItem(e.validationLoss, 3));
  m_epochs->setItem(row, 3, numberItem(e.validationAccuracy, 1, 100.0));
  m_epochs->setItem(row, 4, numberItem(e.testLoss, 3));
  m_epochs->setItem(row, 5, numberItem(e.testAccuracy, 1, 100.0));
  m_epochs->setItem(
      row, 6,
      new QTableWidgetItem(e.groupLrs.empty() ? missingText() : lrShortText(e.groupLrs.front())));
  m_epochs->setItem(row, 7, numberItem(e.wallSeconds - m_lastWall, 1));
  m_lastWall = e.wallSeconds;
  m_lastEpoch = e.epoch;
}

void TrainingDetails::showLast(const engine::EpochRecord& last) {
  m_epochSeconds = last.wallSeconds;
  m_finalTest = std::isfinite(last.testAccuracy)
                    ? tr("Final test accuracy <b>%1</b> (loss %2) after %3 epochs")
                          .arg(percentText(last.testAccuracy), lossText(last.testLoss))
                          .arg(last.epoch + 1)
                    : tr("No test split: no test accuracy");
}

QString TrainingDetails::summaryText() const {
  return m_summary->text();
}

QString TrainingDetails::scheduleText() const {
  return m_schedule->text();
}

void TrainingDetails::updateSummary() {
  QStringList lines;
  lines.append(m_finalTest.isEmpty() ? tr("No epoch finished yet.") : m_finalTest);
  // A run still training has no duration yet: the time of its epochs so far.
  lines.append(m_running ? tr("Training for %1 so far").arg(durationText(m_epochSeconds))
                         : tr("Wall time %1").arg(durationText(m_runSeconds)));
  lines.append(m_checkpoint.isEmpty() ? tr("Checkpoint: none saved")
                                      : tr("Checkpoint: %1").arg(m_checkpoint.toHtmlEscaped()));
  m_summary->setText(lines.join(QStringLiteral("<br>")));
}

} // namespace lrscope::ui
