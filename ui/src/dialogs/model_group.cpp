#include "dialogs/model_group.h"

#include "dialogs/device_box.h"
#include "dialogs/field_text.h"
#include "dialogs/source_checks.h"

#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

namespace lrscope::ui {
namespace {

// Item data of the model box for a TorchScript file; built-ins carry their name.
const QString kTorchScriptItem = QStringLiteral(":torchscript");

} // namespace

ModelGroup::ModelGroup(QWidget* parent)
    : QGroupBox(tr("Model"), parent), m_model(newComboBox(this, "model")),
      m_path(newLineEdit(this, "modelPath", tr("model.pt"))),
      m_browse(new QPushButton(tr("Choose file…"), this)),
      m_hiddenWidths(newLineEdit(this, "hiddenWidths", tr("256, 128"))),
      m_freeze(newLineEdit(this, "freeze", tr("nothing frozen"))), m_device(new DeviceBox(this)),
      m_checkpoint(newLineEdit(this, "fromCheckpoint", tr("fresh weights"))),
      m_browseCheckpoint(new QPushButton(tr("Choose file…"), this)) {
  for (const std::string& name : engine::ModelSpec::builtInNames())
    m_model->addItem(QString::fromStdString(name), QString::fromStdString(name));
  m_model->addItem(tr("TorchScript file"), kTorchScriptItem);
  m_browse->setObjectName(QStringLiteral("modelBrowse"));
  m_path->setMinimumWidth(m_path->fontMetrics().averageCharWidth() * 30); // room for a path
  m_hiddenWidths->setToolTip(tr("Widths of the MLP's hidden layers, separated by commas"));
  m_browseCheckpoint->setObjectName(QStringLiteral("checkpointBrowse"));
  m_checkpoint->setToolTip(
      tr("A training's checkpoint (same model and optimizer) to start the test from, to re-find "
         "the LR mid-training; its weights and optimizer state are restored after the test"));

  QFormLayout* form = newForm(this);
  form->addRow(tr("M&odel:"), m_model);
  form->addRow(tr("File:"), newRow(this, {m_path, m_browse}));
  form->addRow(tr("&Hidden widths:"), m_hiddenWidths);
  form->addRow(tr("&Freeze groups:"), m_freeze);
  form->addRow(tr("De&vice:"), m_device);
  form->addRow(tr("Start from:"), newRow(this, {m_checkpoint, m_browseCheckpoint}));

  connect(m_model, &QComboBox::currentIndexChanged, this, &ModelGroup::updateFields);
  connect(m_hiddenWidths, &QLineEdit::textChanged, this, &ModelGroup::updateFields);
  connect(m_browse, &QPushButton::clicked, this, &ModelGroup::chooseFile);
  connect(m_browseCheckpoint, &QPushButton::clicked, this, &ModelGroup::chooseCheckpoint);
  updateFields();
}

void ModelGroup::setFrom(const engine::FindConfig& config) {
  const QString name = QString::fromStdString(config.model.name);
  const int builtIn = config.model.isBuiltIn() ? m_model->findData(name) : -1;
  m_model->setCurrentIndex(builtIn >= 0 ? builtIn : m_model->findData(kTorchScriptItem));
  if (builtIn < 0)
    m_path->setText(name);
  m_hiddenWidths->setText(widthsFieldText(config.model.hiddenWidths));
  m_freeze->setText(QString::fromStdString(engine::commaList(config.model.frozenGroups)));
  m_device->setDevice(config.model.device);
  m_checkpoint->setText(QString::fromStdString(config.fromCheckpoint));
  updateFields();
}

void ModelGroup::readInto(engine::FindConfig& config, FieldProblem* problem) const {
  const QString model = m_model->currentData().toString();
  config.model.name = (model == kTorchScriptItem ? m_path->text().trimmed() : model).toStdString();
  config.model.device = m_device->device();
  config.fromCheckpoint = m_checkpoint->text().trimmed().toStdString();
  config.model.frozenGroups = frozenGroups();
  if (std::optional<std::vector<int64_t>> widths = parseWidthsField(m_hiddenWidths->text()))
    config.model.hiddenWidths = std::move(*widths);
  else
    noteProblem(problem, m_hiddenWidths,
                tr("hidden widths: \"%1\" is not a list of whole numbers like 256, 128")
                    .arg(m_hiddenWidths->text().trimmed()));
}

FieldProblem ModelGroup::check() const {
  const QString checkpoint = m_checkpoint->text().trimmed();
  if (!checkpoint.isEmpty())
    if (QString problem = checkpointFileProblem(checkpoint); !problem.isEmpty())
      return {problem, m_checkpoint};
  const QString model = m_model->currentData().toString();
  if (model == kTorchScriptItem)
    return {torchScriptFileProblem(m_path->text().trimmed()), m_path};
  if (FieldProblem widths = widthsProblem(); !widths.message.isEmpty())
    return widths;
  try {
    const engine::ModelSpec spec = builtInSpec();
    engine::requireFreezable(spec.name, spec.builtInGroupNames(), frozenGroups());
  } catch (const engine::InputError& error) {
    return {QString::fromStdString(error.what()), m_freeze};
  }
  return {};
}

FieldProblem ModelGroup::widthsProblem() const {
  if (m_model->currentData().toString() != QLatin1String("mlp"))
    return {};
  const std::optional<std::vector<int64_t>> widths = parseWidthsField(m_hiddenWidths->text());
  if (widths && widths->empty())
    return {tr("the MLP needs at least one hidden width, e.g. 256"), m_hiddenWidths};
  if (widths && std::any_of(widths->begin(), widths->end(), [](int64_t w) { return w < 1; }))
    return {tr("hidden widths must be positive, got %1").arg(m_hiddenWidths->text().trimmed()),
            m_hiddenWidths};
  return {};
}

void ModelGroup::updateFields() {
  const QString model = m_model->currentData().toString();
  setRowEnabled(m_path->parentWidget(), model == kTorchScriptItem);
  setRowEnabled(m_hiddenWidths, model == QLatin1String("mlp"));
  const std::vector<std::string> groups = builtInSpec().builtInGroupNames();
  m_freeze->setToolTip(
      tr("Layer groups to keep as they are (a pretrained part), separated by commas: not "
         "trained, and not tested by a per-group test. %1")
          .arg(groups.empty() ? tr("The TorchScript model's groups are its top-level children.")
                              : tr("This model's groups: %1.")
                                    .arg(QString::fromStdString(engine::commaList(groups)))));
}

engine::ModelSpec ModelGroup::builtInSpec() const {
  engine::ModelSpec spec;
  spec.name = m_model->currentData().toString().toStdString(); // kTorchScriptItem: no groups
  spec.hiddenWidths = parseWidthsField(m_hiddenWidths->text()).value_or(spec.hiddenWidths);
  return spec;
}

std::vector<std::string> ModelGroup::frozenGroups() const {
  std::vector<std::string> groups;
  for (const QString& name : m_freeze->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
    if (!name.trimmed().isEmpty())
      groups.push_back(name.trimmed().toStdString());
  return groups;
}

void ModelGroup::chooseFile() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Choose a TorchScript model"), m_path->text().trimmed(),
                                   tr("TorchScript models (*.pt *.pth *.ts);;All files (*)"));
  if (!path.isEmpty())
    m_path->setText(QDir::toNativeSeparators(path));
}

void ModelGroup::chooseCheckpoint() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Choose a training's checkpoint"),
                                                    m_checkpoint->text().trimmed(),
                                                    tr("Checkpoints (*.pt);;All files (*)"));
  if (!path.isEmpty())
    m_checkpoint->setText(QDir::toNativeSeparators(path));
}

} // namespace lrscope::ui
