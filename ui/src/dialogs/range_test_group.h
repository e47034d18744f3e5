#pragma once

#include "dialogs/form_widgets.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace lrscope::engine {
struct FindConfig;
}

namespace lrscope::ui {

/// The range test part of the dialog: LR bounds, steps, batches, stopping and the seed.
class RangeTestGroup : public QGroupBox {
  Q_OBJECT
public:
  explicit RangeTestGroup(QWidget* parent = nullptr);

  void setFrom(const engine::FindConfig& config);
  /// Writes config.rangeTest and the seed of config.sample; notes the first field that does
  /// not parse.
  void readInto(engine::FindConfig& config, FieldProblem* problem) const;
  /// The field an engine validation message is about, or null.
  [[nodiscard]] QWidget* fieldFor(const QString& message) const;
  /// "Per layer group" is checked: one range test per layer group instead of one.
  [[nodiscard]] bool perLayerGroup() const;

private:
  QLineEdit* m_startLr;
  QLineEdit* m_endLr;
  QSpinBox* m_iterations;
  QComboBox* m_mode;
  QSpinBox* m_batchSize;
  QSpinBox* m_accumulation;
  QLineEdit* m_smoothing;
  QLineEdit* m_divergeFactor;
  QSpinBox* m_validateEvery;
  QLineEdit* m_seed;
  QCheckBox* m_perGroup;
};

} // namespace lrscope::ui
