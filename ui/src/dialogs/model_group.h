#pragma once

#include "dialogs/form_widgets.h"

#include <QGroupBox>

#include <string>
#include <vector>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace lrscope::engine {
struct FindConfig;
struct ModelSpec;
} // namespace lrscope::engine

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
  /// The TorchScript file exists; the MLP has positive widths; a built-in model has the groups
  /// to freeze and keeps one to train.
  [[nodiscard]] FieldProblem check() const;

private:
  void updateFields();
  [[nodiscard]] std::vector<std::string> frozenGroups() const;
  [[nodiscard]] FieldProblem widthsProblem() const;
  /// The chosen built-in model with the widths typed, for its layer groups' names.
  [[nodiscard]] engine::ModelSpec builtInSpec() const;
  void chooseFile();
  void chooseCheckpoint();

  QComboBox* m_model;
  QLineEdit* m_path;
  QPushButton* m_browse;
  QLineEdit* m_hiddenWidths;
  QLineEdit* m_freeze; ///< layer groups kept as they are, by name; empty: all train
  DeviceBox* m_device;
  QLineEdit* m_checkpoint; ///< a training's checkpoint to start from; empty: fresh weights
  QPushButton* m_browseCheckpoint;
};

} // namespace lrscope::ui
