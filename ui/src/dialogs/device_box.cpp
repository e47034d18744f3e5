#include "dialogs/device_box.h"

namespace lrscope::ui {

DeviceBox::DeviceBox(QWidget* parent) : QComboBox(parent) {
  setObjectName(QStringLiteral("device"));
  for (const engine::Device& device : engine::availableDevices()) {
    const QString name = QString::fromStdString(engine::toString(device));
    addItem(name, name);
  }
  if (count() == 1) {
    setEnabled(false);
    setToolTip(
        tr("This LR Scope's libtorch computes on the CPU only; docs/reference.md's \"On a GPU\" "
           "explains how to build it against a libtorch with CUDA"));
  } else {
    setToolTip(tr("Where the model, its batches and its optimizer state compute"));
  }
}

void DeviceBox::setDevice(const engine::Device& device) {
  engine::Device listed = device; // plain cuda: CUDA's current device, the first one listed
  if (!listed.isCpu() && !listed.index)
    listed.index = 0;
  const int index = findData(QString::fromStdString(engine::toString(listed)));
  setCurrentIndex(index >= 0 ? index : 0);
}

engine::Device DeviceBox::device() const {
  return engine::parseDevice(currentData().toString().toStdString());
}

} // namespace lrscope::ui
