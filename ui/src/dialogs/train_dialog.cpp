#include "dialogs/train_dialog.h"

#include "dialogs/field_text.h"
#include "dialogs/form_widgets.h"
#include "run_labels.h"

#include "lrscope/engine/lr_schedule.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

#include <nlohmann/json.hpp>

#include <cmath>

namespace lrscope::ui {
namespace {

const engine::ScheduleKind kKinds[] = {
    engine::ScheduleKind::OneCycle,   engine::ScheduleKind::CosineWarmup,
    engine::ScheduleKind::StepDecay,  engine::ScheduleKind::Constant,
    engine::ScheduleKind::Triangular, engine::ScheduleKind::Triangular2,
    engine::ScheduleKind::ExpRange,   engine::ScheduleKind::ReduceOnPlateau};

QString kindLabel(engine::ScheduleKind kind) {
  switch (kind) {
  case engine::ScheduleKind::OneCycle:
    return QObject::tr("One-cycle (peaks at upper)");
  case engine::ScheduleKind::CosineWarmup:
    return QObject::tr("Cosine annealing, upper to lower");
  case engine::ScheduleKind::StepDecay:
    return QObject::tr("Step decay from upper, floor at lower");
  case engine::ScheduleKind::Constant:
    return QObject::tr("Constant at upper");
  case engine::ScheduleKind::Triangular:
    return QObject::tr("Cyclical, triangular");
  case engine::ScheduleKind::Triangular2:
    return QObject::tr("Cyclical, triangular2");
  case engine::ScheduleKind::ExpRange:
    return QObject::tr("Cyclical, exp_range");
  case engine::ScheduleKind::ReduceOnPlateau:
    return QObject::tr("Reduce on plateau from upper");
  }
  return {};
}

constexpr char kSettingsGroup[] = "trainDialog";

} // namespace

TrainDialog::TrainDialog(QWidget* parent)
    : SourceRunDialog("train", tr("Train with this range"), parent),
      m_schedule(newComboBox(this, "scheduleKind")),
      m_lower(newLineEdit(this, "trainLower", "e.g. 1e-4")),
      m_upper(newLineEdit(this, "trainUpper", "e.g. 1e-2")),
      m_epochs(newSpinBox(this, "trainEpochs", 1, 10000)),
      m_batchSize(newSpinBox(this, "trainBatchSize", 1, 1 << 20)),
      m_trainOn(newComboBox(this, "trainOn")),
      m_validation(newSpinBox(this, "trainValidation", 0, 100000000)),
      m_spread(new QCheckBox(tr("Spread the LR over the layer groups"))),
      m_spreadLo(newLineEdit(this, "spreadLo", "e.g. 0.1")),
      m_spreadHi(newLineEdit(this, "spreadHi", "e.g. 1")),
      m_checkpoint(newLineEdit(this, "checkpointPath", tr("empty: save nothing"))) {
  for (const engine::ScheduleKind kind : kKinds)
    m_schedule->addItem(kindLabel(kind), QString::fromStdString(engine::toString(kind)));
  m_trainOn->addItem(tr("the range test's sample"), "sample");
  m_trainOn->addItem(tr("the full training set"), "full");
  m_spread->setObjectName("spreadGroups");
  m_spread->setToolTip(tr("Differential LRs: the first layer group gets lo × the schedule's LR, "
                          "the last hi ×, geometrically in between"));

  auto* scheduleBox = new QGroupBox(tr("Schedule"));
  QFormLayout* scheduleForm = newForm(scheduleBox);
  scheduleForm->addRow(tr("Kind"), m_schedule);
  scheduleForm->addRow(tr("Lower LR"), m_lower);
  scheduleForm->addRow(tr("Upper LR"), m_upper);
  scheduleForm->addRow(m_spread);
  scheduleForm->addRow(tr("Group factors lo .. hi"), newRow(this, {m_spreadLo, m_spreadHi}));

  auto* trainingBox = new QGroupBox(tr("Training"));
  QFormLayout* trainingForm = newForm(trainingBox);
  trainingForm->addRow(tr("Epochs"), m_epochs);
  trainingForm->addRow(tr("Batch size"), m_batchSize);
  trainingForm->addRow(tr("Train on"), m_trainOn);
  trainingForm->addRow(tr("Validation examples"), m_validation);
  trainingForm->addRow(tr("Checkpoint"), m_checkpoint);

  connect(m_spread, &QCheckBox::toggled, this, &TrainDialog::updateEnabled);
  layOut({scheduleBox, trainingBox}, tr("Start training"));
  resize(520, sizeHint().height());

  m_lower->setText("1e-4");
  m_upper->setText("1e-2");
  m_validation->setValue(static_cast<int>(m_base.sample.validationCount));
  m_batchSize->setValue(m_base.rangeTest.batchSize);
  m_epochs->setValue(5);
  m_spreadLo->setText("0.1");
  m_spreadHi->setText("1");
  restoreSettings();
}

bool TrainDialog::setSourceRun(const storage::RunDetails& run, const QString& databasePath) {
  const bool ok = readSourceRun(run); // fields are filled all the same
  m_source->setText(sourceText());
  if (run.range) {
    // Four significant digits, as the details panel shows them (within 0.05% of the pick).
    m_lower->setText(QString::number(run.range->lower, 'g', 4));
    m_upper->setText(QString::number(run.range->upper, 'g', 4));
  }
  m_trainOn->setItemText(
      0, tr("the range test's sample (%1)").arg(sampleSizeFieldText(m_base.sample)));
  m_validation->setValue(static_cast<int>(m_base.sample.validationCount));

  const QDir folder = QFileInfo(databasePath).absoluteDir();
  QString path = folder.filePath(QString("checkpoints/run-%1.pt").arg(run.summary.id));
  for (int n = 2; QFileInfo::exists(path); ++n)
    path = folder.filePath(QString("checkpoints/run-%1-%2.pt").arg(run.summary.id).arg(n));
  m_checkpoint->setText(path);
  return ok;
}

std::optional<engine::TrainConfig> TrainDialog::validatedConfig(QString* error) const {
  const auto fail = [error](QWidget* field, const QString& message) {
    if (error)
      *error = message;
    if (field)
      field->setFocus();
    return std::nullopt;
  };
  const std::optional<double> lower = parseNumberField(m_lower->text());
  if (!lower || *lower <= 0.0)
    return fail(m_lower, tr("Lower LR must be a positive number, got \"%1\"").arg(m_lower->text()));
  const std::optional<double> upper = parseNumberField(m_upper->text());
  if (!upper || *upper <= 0.0)
    return fail(m_upper, tr("Upper LR must be a positive number, got \"%1\"").arg(m_upper->text()));
  if (*lower > *upper)
    return fail(
        m_lower,
        tr("Lower LR (%1) must not exceed upper LR (%2)").arg(m_lower->text(), m_upper->text()));

  engine::TrainConfig config;
  config.data = m_base.data;
  config.model = m_base.model;
  config.model.device = device();
  config.optimizer = m_base.optimizer;
  config.seed = m_base.rangeTest.seed;
  config.sample.seed = config.seed;
  if (m_trainOn->currentData().toString() == "full") {
    config.sample.count = 0;
    config.sample.fraction = 0.0;
  } else {
    config.sample.count = m_base.sample.count;
    config.sample.fraction = m_base.sample.fraction;
  }
  config.sample.validationCount = m_validation->value();
  config.epochs = m_epochs->value();
  config.batchSize = m_batchSize->value();
  if (m_spread->isChecked()) {
    const std::optional<double> lo = parseNumberField(m_spreadLo->text());
    const std::optional<double> hi = parseNumberField(m_spreadHi->text());
    if (!lo || *lo <= 0.0)
      return fail(
          m_spreadLo,
          tr("Group factor lo must be a positive number, got \"%1\"").arg(m_spreadLo->text()));
    if (!hi || *hi <= 0.0 || *lo > *hi)
      return fail(
          m_spreadHi,
          tr("Group factor hi must be a number at least lo, got \"%1\"").arg(m_spreadHi->text()));
    config.groupLrSpread = {*lo, *hi};
  }
  config.checkpoint = m_checkpoint->text().trimmed().toStdString();
  try {
    const auto kind = engine::parseScheduleKind(m_schedule->currentData().toString().toStdString());
    config.schedule = engine::scheduleFromRange(kind, *lower, *upper);
    config.validate();
  } catch (const std::exception& problem) {
    return fail(nullptr, QString::fromStdString(problem.what()));
  }
  return config;
}

void TrainDialog::accept() {
  QString problem;
  const std::optional<engine::TrainConfig> config = validatedConfig(&problem);
  if (!config) {
    m_error->setText(problem);
    m_error->show();
    return;
  }
  m_error->hide();
  m_accepted = *config;
  saveSettings();
  QDialog::accept();
}

void TrainDialog::restoreSettings() {
  QSettings settings;
  settings.beginGroup(kSettingsGroup);
  const int kind = m_schedule->findData(settings.value("schedule", "one-cycle").toString());
  m_schedule->setCurrentIndex(kind < 0 ? 0 : kind);
  m_epochs->setValue(settings.value("epochs", m_epochs->value()).toInt());
  m_batchSize->setValue(settings.value("batchSize", m_batchSize->value()).toInt());
  const int trainOn = m_trainOn->findData(settings.value("trainOn", "sample").toString());
  m_trainOn->setCurrentIndex(trainOn < 0 ? 0 : trainOn);
  m_spread->setChecked(settings.value("spread", false).toBool());
  m_spreadLo->setText(settings.value("spreadLo", m_spreadLo->text()).toString());
  m_spreadHi->setText(settings.value("spreadHi", m_spreadHi->text()).toString());
  settings.endGroup();
  updateEnabled();
}

void TrainDialog::saveSettings() const {
  QSettings settings;
  settings.beginGroup(kSettingsGroup);
  settings.setValue("schedule", m_schedule->currentData());
  settings.setValue("epochs", m_epochs->value());
  settings.setValue("batchSize", m_batchSize->value());
  settings.setValue("trainOn", m_trainOn->currentData());
  settings.setValue("spread", m_spread->isChecked());
  settings.setValue("spreadLo", m_spreadLo->text());
  settings.setValue("spreadHi", m_spreadHi->text());
  settings.endGroup();
}

void TrainDialog::updateEnabled() {
  setRowEnabled(m_spreadLo->parentWidget(), m_spread->isChecked()); // the lo .. hi row
}

} // namespace lrscope::ui
