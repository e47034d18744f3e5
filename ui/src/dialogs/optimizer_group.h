#pragma once

#include "dialogs/form_widgets.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace lrscope::engine {
struct FindConfig;
}

namespace lrscope::ui {

/// The optimizer part of the range test dialog; only the settings of the chosen kind are
/// enabled (momentum and Nesterov for SGD, betas for Adam and AdamW, alpha for RMSprop).
class OptimizerGroup : public QGroupBox {
  Q_OBJECT
public:
  explicit OptimizerGroup(QWidget* parent = nullptr);

  void setFrom(const engine::FindConfig& config);
  /// Writes config.optimizer from the fields the chosen kind uses (the others keep their
  /// defaults); notes the first field that does not parse.
  void readInto(engine::FindConfig& config, FieldProblem* problem) const;
  /// The field an engine validation message is about, or null.
  [[nodiscard]] QWidget* fieldFor(const QString& message) const;

private:
  void updateFields();

  QComboBox* m_kind;
  QLineEdit* m_momentum;
  QCheckBox* m_momentumDefault;
  QCheckBox* m_nesterov;
  QLineEdit* m_weightDecay;
  QLineEdit* m_beta1;
  QLineEdit* m_beta2;
  QLineEdit* m_eps;
  QLineEdit* m_alpha;
};

} // namespace lrscope::ui
