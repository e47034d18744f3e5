#include "dialogs/sweep_dialog.h"

#include "dialogs/field_text.h"
#include "plots/log_ticker.h"
#include "run_labels.h"

#include "lrscope/engine/input_error.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>

#include <nlohmann/json.hpp>

namespace lrscope::ui {
namespace {

constexpr char kSettingsGroup[] = "sweepDialog";

// The field that validation flags, as in the New range test dialog.
const char* const kInvalidStyle =
    "QLineEdit[invalid=\"true\"], QAbstractSpinBox[invalid=\"true\"] { border: 1px solid "
    "#c62828; border-radius: 2px; padding: 1px 2px; }";

QLabel* newNote(const char* name) {
  auto* label = new QLabel;
  label->setObjectName(QString::fromLatin1(name));
  label->setWordWrap(true);
  label->setStyleSheet("color: #616161");
  return label;
}

} // namespace

SweepDialog::SweepDialog(QWidget* parent)
    : SourceRunDialog("sweep", tr("Sweep around this range"), parent),
      m_candidates(newSpinBox(this, "sweepCandidates", 2, 64)),
      m_lower(newLineEdit(this, "sweepLower", "e.g. 1e-4")),
      m_upper(newLineEdit(this, "sweepUpper", "e.g. 1")), m_lrs(newNote("sweepLrs")),
      m_epochsPerRung(newSpinBox(this, "sweepEpochsPerRung", 1, 1000)),
      m_cost(newNote("sweepCost")), m_sample(newLineEdit(this, "sweepSample", "6000, 10% or all")),
      m_validation(newSpinBox(this, "sweepValidation", 1, 100000000)),
      m_batchSize(newSpinBox(this, "sweepBatchSize", 1, 1 << 20)) {
  setStyleSheet(QString::fromLatin1(kInvalidStyle));
  m_candidates->setToolTip(tr("How many fixed learning rates to race, log-spaced from lower to "
                              "upper (both included)"));
  m_epochsPerRung->setToolTip(tr("Epochs every surviving learning rate trains before the worse "
                                 "half is stopped"));
  m_sample->setToolTip(tr("Examples to train on: a count (6000), a fraction (0.1 or 10%) or all"));
  m_validation->setToolTip(tr("Held-out examples the learning rates are ranked by"));

  auto* lrBox = new QGroupBox(tr("Learning rates"));
  QFormLayout* lrForm = newForm(lrBox);
  lrForm->addRow(tr("How many"), m_candidates);
  lrForm->addRow(tr("Lowest LR"), m_lower);
  lrForm->addRow(tr("Highest LR"), m_upper);
  lrForm->addRow(m_lrs);

  auto* raceBox = new QGroupBox(tr("Successive halving"));
  QFormLayout* raceForm = newForm(raceBox);
  raceForm->addRow(tr("Epochs per rung"), m_epochsPerRung);
  raceForm->addRow(m_cost);

  auto* trainingBox = new QGroupBox(tr("Training"));
  QFormLayout* trainingForm = newForm(trainingBox);
  trainingForm->addRow(tr("Sample"), m_sample);
  trainingForm->addRow(tr("Validation examples"), m_validation);
  trainingForm->addRow(tr("Batch size"), m_batchSize);

  for (QLineEdit* edit : {m_lower, m_upper})
    connect(edit, &QLineEdit::textChanged, this, &SweepDialog::updatePreview);
  for (QSpinBox* spin : {m_candidates, m_epochsPerRung})
    connect(spin, &QSpinBox::valueChanged, this, &SweepDialog::updatePreview);

  layOut({lrBox, raceBox, trainingBox}, tr("Start sweep"));

  const engine::SweepConfig defaults;
  m_candidates->setValue(defaults.candidates);
  m_lower->setText(QString::number(defaults.lowerLr, 'g', 4));
  m_upper->setText(QString::number(defaults.upperLr, 'g', 4));
  m_epochsPerRung->setValue(defaults.epochsPerRung);
  m_sample->setText(sampleSizeFieldText(defaults.training.sample));
  m_validation->setValue(static_cast<int>(defaults.training.sample.validationCount));
  m_batchSize->setValue(m_base.rangeTest.batchSize);
  restoreSettings();
  updatePreview();
  resize(520, sizeHint().height());
}

bool SweepDialog::setSourceRun(const storage::RunDetails& run) {
  if (!readSourceRun(run))
    return false;
  m_sample->setText(sampleSizeFieldText(m_base.sample));
  m_validation->setValue(static_cast<int>(std::max<int64_t>(1, m_base.sample.validationCount)));
  if (!QSettings().contains(QString(kSettingsGroup) + "/batchSize"))
    m_batchSize->setValue(m_base.rangeTest.batchSize);
  QString range = tr("no picked range");
  if (run.range) {
    range = tr("range %1 .. %2")
                .arg(LogTicker::label(run.range->lower), LogTicker::label(run.range->upper));
    try {
      const auto [lower, upper] = engine::sweepSpanAround(run.range->lower, run.range->upper);
      // Four significant digits, as the Train dialog writes LRs.
      m_lower->setText(QString::number(lower, 'g', 4));
      m_upper->setText(QString::number(upper, 'g', 4));
    } catch (const engine::InputError& error) {
      m_errorString = QString::fromStdString(error.what());
    }
  }
  m_source->setText(sourceText() +
                    tr(" · %1. The default span reaches half a decade beyond each end of the "
                       "range.")
                        .arg(range));
  if (!run.range && m_errorString.isEmpty())
    m_errorString = tr("run #%1 has no picked range to sweep around: drag the markers or type "
                       "a range first")
                        .arg(run.summary.id);
  return m_errorString.isEmpty();
}

FieldProblem SweepDialog::readFields(engine::SweepConfig& config) const {
  FieldProblem problem;
  config = engine::SweepConfig{};
  engine::TrainConfig& t = config.training;
  t.data = m_base.data;
  t.model = m_base.model;
  t.model.device = device();
  t.optimizer = m_base.optimizer;
  t.seed = m_base.rangeTest.seed;
  t.sample.seed = t.seed;
  t.batchSize = m_batchSize->value();
  t.sample.validationCount = m_validation->value();
  if (!parseSampleSizeField(m_sample->text(), t.sample))
    noteProblem(&problem, m_sample,
                tr("Sample: \"%1\" is not a count (6000), a fraction (0.1, 10%) or all")
                    .arg(m_sample->text().trimmed()));
  config.candidates = m_candidates->value();
  config.epochsPerRung = m_epochsPerRung->value();
  const std::optional<double> lower = parseNumberField(m_lower->text());
  const std::optional<double> upper = parseNumberField(m_upper->text());
  if (!lower || *lower <= 0.0)
    noteProblem(&problem, m_lower,
                tr("Lowest LR must be a positive number, got \"%1\"").arg(m_lower->text()));
  else if (!upper || *upper <= 0.0)
    noteProblem(&problem, m_upper,
                tr("Highest LR must be a positive number, got \"%1\"").arg(m_upper->text()));
  else if (*lower >= *upper)
    noteProblem(&problem, m_lower,
                tr("Lowest LR (%1) must be below the highest LR (%2)")
                    .arg(m_lower->text().trimmed(), m_upper->text().trimmed()));
  if (lower)
    config.lowerLr = *lower;
  if (upper)
    config.upperLr = *upper;
  return problem;
}

std::optional<engine::SweepConfig> SweepDialog::validatedConfig(QString* error) {
  clearProblem();
  engine::SweepConfig config;
  FieldProblem problem = readFields(config);
  if (problem.isEmpty()) {
    try {
      config.validate();
    } catch (const std::exception& refused) {
      problem.message = QString::fromStdString(refused.what());
      // The engine names the field; point at it where it is one of ours.
      if (problem.message.contains("validation"))
        problem.field = m_validation;
      else if (problem.message.contains("batch size"))
        problem.field = m_batchSize;
      else if (problem.message.contains("sample"))
        problem.field = m_sample;
    }
  }
  if (problem.isEmpty())
    return config;
  showProblem(problem);
  if (error)
    *error = problem.message;
  return std::nullopt;
}

QString SweepDialog::errorText() const {
  return m_error->isHidden() ? QString() : m_error->text();
}

void SweepDialog::accept() {
  const std::optional<engine::SweepConfig> config = validatedConfig(nullptr);
  if (!config)
    return;
  m_accepted = *config;
  saveSettings();
  QDialog::accept();
}

void SweepDialog::showProblem(const FieldProblem& problem) {
  m_flagged = flagProblem(m_error, problem);
}

void SweepDialog::clearProblem() {
  unflagProblem(m_error, m_flagged);
  m_flagged = nullptr;
}

void SweepDialog::updatePreview() {
  const int k = m_candidates->value();
  const int perRung = m_epochsPerRung->value();
  const int rungs = engine::plannedRungs(k, 0);
  const int epochs = engine::plannedEpochs(k, perRung, 0);
  m_cost->setText(tr("%1 rungs, %2 epochs in all (every LR for %3 epochs would take %4)")
                      .arg(rungs)
                      .arg(epochs)
                      .arg(rungs * perRung)
                      .arg(k * rungs * perRung));
  const std::optional<double> lower = parseNumberField(m_lower->text());
  const std::optional<double> upper = parseNumberField(m_upper->text());
  if (!lower || !upper || *lower <= 0.0 || *lower >= *upper) {
    m_lrs->setText(tr("LRs: type a lowest LR below the highest"));
    return;
  }
  QStringList lrs;
  for (const double lr : engine::logSpacedLrs(*lower, *upper, k))
    lrs.append(LogTicker::label(lr));
  m_lrs->setText(tr("LRs: %1").arg(lrs.join(", ")));
}

void SweepDialog::restoreSettings() {
  QSettings settings;
  settings.beginGroup(kSettingsGroup);
  m_candidates->setValue(settings.value("candidates", m_candidates->value()).toInt());
  m_epochsPerRung->setValue(settings.value("epochsPerRung", m_epochsPerRung->value()).toInt());
  m_batchSize->setValue(settings.value("batchSize", m_batchSize->value()).toInt());
  settings.endGroup();
}

void SweepDialog::saveSettings() const {
  QSettings settings;
  settings.beginGroup(kSettingsGroup);
  settings.setValue("candidates", m_candidates->value());
  settings.setValue("epochsPerRung", m_epochsPerRung->value());
  settings.setValue("batchSize", m_batchSize->value());
  settings.endGroup();
}

} // namespace lrscope::ui
