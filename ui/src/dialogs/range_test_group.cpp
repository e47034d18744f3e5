#include "dialogs/range_test_group.h"

#include "dialogs/field_text.h"

#include "lrscope/engine/find_config.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace lrscope::ui {

RangeTestGroup::RangeTestGroup(QWidget* parent)
    : QGroupBox(tr("Range test"), parent), m_startLr(newLineEdit(this, "startLr", "1e-7")),
      m_endLr(newLineEdit(this, "endLr", "10")),
      m_iterations(newSpinBox(this, "iterations", 1, 10'000'000)),
      m_mode(newComboBox(this, "ladderMode")),
      m_batchSize(newSpinBox(this, "batchSize", 1, 1 << 20)),
      m_accumulation(newSpinBox(this, "accumulation", 1, 1 << 16)),
      m_smoothing(newLineEdit(this, "smoothing")),
      m_divergeFactor(newLineEdit(this, "divergeFactor")),
      m_validateEvery(newSpinBox(this, "validateEvery", 0, 10'000'000)),
      m_seed(newLineEdit(this, "seed")), m_repeats(newSpinBox(this, "repeats", 1, 100)),
      m_resample(new QCheckBox(tr("Resample: each repeat draws its own sample"), this)),
      m_perGroup(new QCheckBox(tr("Per layer group"), this)) {
  m_repeats->setSpecialValueText(tr("1 (a single test)"));
  m_repeats->setToolTip(tr("Run the test this many times, each with the next seed (initial "
                           "weights and batch order), side by side where cores allow: the "
                           "median curve, a band, each rule's spread and a verdict on how far "
                           "the suggestion can be trusted"));
  m_resample->setObjectName("resample");
  m_resample->setToolTip(tr("Each repeat also draws a new representative sample with its seed"));
  connect(m_repeats, qOverload<int>(&QSpinBox::valueChanged), this, &RangeTestGroup::updateEnabled);
  connect(m_perGroup, &QCheckBox::toggled, this, &RangeTestGroup::updateEnabled);
  m_perGroup->setObjectName("perLayerGroup");
  m_perGroup->setToolTip(tr("Test the whole model, then raise one layer group's LR along the "
                            "ladder at a time while the others stay at a base LR: one curve "
                            "and a suggested LR per group"));
  m_startLr->setToolTip(tr("The first learning rate, e.g. 1e-7"));
  m_endLr->setToolTip(tr("The last learning rate, greater than the start"));
  m_iterations->setToolTip(tr("Optimizer steps, one per learning rate"));
  m_mode->addItem(tr("exponential"),
                  QString::fromStdString(toString(engine::LadderMode::Exponential)));
  m_mode->addItem(tr("linear"), QString::fromStdString(toString(engine::LadderMode::Linear)));
  m_accumulation->setToolTip(tr("Micro-batches per optimizer step"));
  m_smoothing->setToolTip(tr("Exponential smoothing of the loss (beta), in [0, 1)"));
  m_divergeFactor->setToolTip(tr("Stop once the smoothed loss exceeds this times its best"));
  m_validateEvery->setSpecialValueText(tr("never"));
  m_validateEvery->setSuffix(tr(" steps"));
  m_seed->setValidator(
      new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,20}")), m_seed));
  m_seed->setToolTip(tr("Seeds the sample, the model's initial weights and the batch order"));

  QFormLayout* form = newForm(this);
  form->addRow(tr("&Start LR:"), m_startLr);
  form->addRow(tr("E&nd LR:"), m_endLr);
  form->addRow(tr("Ite&rations:"), m_iterations);
  form->addRow(tr("LR steps:"), m_mode);
  form->addRow(tr("Batch si&ze:"), m_batchSize);
  form->addRow(tr("Accumulation:"), m_accumulation);
  form->addRow(tr("Smoothing:"), m_smoothing);
  form->addRow(tr("Divergence factor:"), m_divergeFactor);
  form->addRow(tr("Validate every:"), m_validateEvery);
  form->addRow(tr("See&d:"), m_seed);
  form->addRow(tr("Re&peats:"), m_repeats);
  form->addRow(m_resample);
  form->addRow(m_perGroup);
  updateEnabled();
}

void RangeTestGroup::updateEnabled() {
  const bool repeated = m_repeats->value() > 1;
  m_resample->setEnabled(repeated);
  m_perGroup->setEnabled(!repeated);
  m_repeats->setEnabled(!m_perGroup->isChecked());
}

void RangeTestGroup::setFrom(const engine::FindConfig& config) {
  const engine::RangeTestOptions& r = config.rangeTest;
  m_startLr->setText(numberFieldText(r.startLr));
  m_endLr->setText(numberFieldText(r.endLr));
  m_iterations->setValue(r.iterations);
  m_mode->setCurrentIndex(m_mode->findData(QString::fromStdString(toString(r.mode))));
  m_batchSize->setValue(r.batchSize);
  m_accumulation->setValue(r.accumulationSteps);
  m_smoothing->setText(numberFieldText(r.beta));
  m_divergeFactor->setText(numberFieldText(r.divergeFactor));
  m_validateEvery->setValue(r.validateEvery);
  m_seed->setText(QString::number(r.seed));
  m_repeats->setValue(config.repeats.count);
  m_resample->setChecked(config.repeats.resample);
}

void RangeTestGroup::readInto(engine::FindConfig& config, FieldProblem* problem) const {
  engine::RangeTestOptions& r = config.rangeTest;
  readNumberField(m_startLr, tr("start LR"), r.startLr, problem);
  readNumberField(m_endLr, tr("end LR"), r.endLr, problem);
  r.iterations = m_iterations->value();
  r.mode = engine::parseLadderMode(m_mode->currentData().toString().toStdString());
  r.batchSize = m_batchSize->value();
  r.accumulationSteps = m_accumulation->value();
  readNumberField(m_smoothing, tr("smoothing"), r.beta, problem);
  readNumberField(m_divergeFactor, tr("divergence factor"), r.divergeFactor, problem);
  r.validateEvery = m_validateEvery->value();
  bool ok = false;
  const qulonglong seed = m_seed->text().trimmed().toULongLong(&ok);
  if (ok)
    r.seed = seed;
  else
    noteProblem(problem, m_seed, tr("seed: give a whole number, e.g. 1"));
  config.sample.seed = r.seed;
  config.repeats.count = m_perGroup->isChecked() ? 1 : m_repeats->value();
  config.repeats.resample = config.repeats.count > 1 && m_resample->isChecked();
}

QWidget* RangeTestGroup::fieldFor(const QString& message) const {
  // "end LR must be greater than start LR" names both: the end is what to change.
  const std::pair<const char*, QWidget*> fields[] = {
      {"iterations", m_iterations},     {"end LR", m_endLr},
      {"start LR", m_startLr},          {"smoothing", m_smoothing},
      {"divergence", m_divergeFactor},  {"batch size", m_batchSize},
      {"accumulation", m_accumulation}, {"validation interval", m_validateEvery}};
  for (const auto& [keyword, field] : fields)
    if (message.contains(QLatin1String(keyword)))
      return field;
  return nullptr;
}

bool RangeTestGroup::perLayerGroup() const {
  return m_perGroup->isChecked() && m_repeats->value() == 1;
}

} // namespace lrscope::ui
