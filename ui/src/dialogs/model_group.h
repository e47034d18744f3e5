#pragma once

#include "dialogs/form_widgets.h"

#include <QGroupBox>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace lrscope::engine {
struct FindConfig;
}

namespace lrscope::ui {

class DeviceBox;

/// The model part of the range test dialog: a built-in model (with the MLP's hidden widths)
/// or a TorchScript file, and the device it computes on.
class ModelGroup : public QGroupBox {
  Q_OBJECT
public:
  explicit ModelGroup(QWidget* parent = nullptr);

  void setFrom(const engine::FindConfig& config);
  /// Writes config.model; notes the first field that does not parse.
  void readInto(engine::FindConfig& config, FieldProblem* problem) const;
  /// The TorchScript file exists; the MLP has positive widths.
  [[nodiscard]] FieldProblem check() const;

private:
  void updateFields();
  void chooseFile();
  void chooseCheckpoint();

  QComboBox* m_model;
  QLineEdit* m_path;
  QPushButton* m_browse;
  QLineEdit* m_hiddenWidths;
  DeviceBox* m_device;
  QLineEdit* m_checkpoint; ///< a training's checkpoint to start from; empty: fresh weights
  QPushButton* m_browseCheckpoint;
};

} // namespace lrscope::ui
