#pragma once

#include "lrscope/engine/device.h"

#include <QComboBox>

namespace lrscope::ui {

/// Where a run computes: the devices this libtorch and this machine offer, nothing else. With
/// the CPU alone (Debian's libtorch) it is shown but disabled, its tooltip saying why.
class DeviceBox : public QComboBox {
  Q_OBJECT
public:
  explicit DeviceBox(QWidget* parent = nullptr);

  /// Selects `device`; the CPU when this machine does not offer it (a run made elsewhere).
  void setDevice(const engine::Device& device);
  [[nodiscard]] engine::Device device() const;
};

} // namespace lrscope::ui
