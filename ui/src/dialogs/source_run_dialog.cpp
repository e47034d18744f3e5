#include "dialogs/source_run_dialog.h"

#include "dialogs/device_box.h"
#include "run_labels.h"

#include "lrscope/engine/message_text.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace lrscope::ui {

SourceRunDialog::SourceRunDialog(const QString& name, const QString& title, QWidget* parent)
    : QDialog(parent), m_source(new QLabel), m_error(new QLabel), m_device(new DeviceBox(this)) {
  setObjectName(name + "Dialog");
  setWindowTitle(title);
  m_source->setObjectName(name + "Source");
  m_source->setWordWrap(true);
  m_source->setText(tr("Defaults: no range test selected."));
  m_error->setObjectName(name + "Error");
  m_error->setStyleSheet("color: #c62828");
  m_error->setWordWrap(true);
  m_error->hide();
}

void SourceRunDialog::layOut(std::initializer_list<QWidget*> boxes, const QString& startText) {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  QPushButton* start = buttons->addButton(startText, QDialogButtonBox::AcceptRole);
  start->setObjectName("startButton");
  start->setDefault(true);
  connect(buttons, &QDialogButtonBox::accepted, this, &SourceRunDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SourceRunDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_source);
  for (QWidget* box : boxes)
    layout->addWidget(box);
  auto* device = new QFormLayout;
  device->addRow(tr("Compute &on:"), m_device);
  layout->addLayout(device);
  layout->addWidget(m_error);
  layout->addStretch(1);
  layout->addWidget(buttons);
}

bool SourceRunDialog::readSourceRun(const storage::RunDetails& run) {
  m_sourceRunId = run.summary.id;
  m_experiment = QString::fromStdString(run.summary.experiment);
  if (m_experiment.isEmpty())
    m_experiment = "default";
  try {
    m_base = engine::findConfigFromJson(nlohmann::json::parse(run.configJson));
    m_device->setDevice(m_base.model.device);
  } catch (const std::exception& error) {
    m_errorString = tr("run #%1: cannot read its config: %2")
                        .arg(run.summary.id)
                        .arg(QString::fromStdString(error.what()));
    return false;
  }
  return true;
}

engine::Device SourceRunDialog::device() const {
  return m_device->device();
}

QString SourceRunDialog::sourceText() const {
  const std::vector<std::string>& frozen = m_base.model.frozenGroups;
  return runText() +
         (frozen.empty()
              ? QString()
              : tr("; frozen: %1").arg(QString::fromStdString(engine::commaList(frozen))));
}

QString SourceRunDialog::runText() const {
  if (m_base.repeats.count > 1)
    return tr("From repeated range test #%1 (its median range over %6 repeats): %2 on %3, %4, "
              "seed %5")
        .arg(m_sourceRunId)
        .arg(QString::fromStdString(m_base.model.name), dataLabel(m_base.data.source),
             QString::fromStdString(engine::toString(m_base.optimizer.kind)))
        .arg(m_base.rangeTest.seed)
        .arg(m_base.repeats.count);
  return tr("From range test #%1: %2 on %3, %4, seed %5")
      .arg(m_sourceRunId)
      .arg(QString::fromStdString(m_base.model.name), dataLabel(m_base.data.source),
           QString::fromStdString(engine::toString(m_base.optimizer.kind)))
      .arg(m_base.rangeTest.seed);
}

} // namespace lrscope::ui
