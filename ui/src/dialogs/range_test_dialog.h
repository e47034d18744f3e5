#pragma once

#include "dialogs/form_widgets.h"

#include "lrscope/engine/find_config.h"

#include <QDialog>

class QComboBox;
class QLabel;

namespace lrscope::ui {

class DataGroup;
class ModelGroup;
class OptimizerGroup;
class RangeTestGroup;

/// The "New range test" dialog: data set, model, optimizer and range test settings of one
/// FindConfig, and the experiment the run goes into. Start keeps the dialog open with a
/// message under the form until every field is valid; the last accepted config is
/// remembered in QSettings under kSettingsKey.
class RangeTestDialog : public QDialog {
  Q_OBJECT
public:
  /// QSettings key of the last accepted config, stored as engine::toJson text.
  static constexpr const char* kSettingsKey = "newRangeTest/config";

  /// Shows the last accepted settings, or FindConfig's defaults the first time.
  explicit RangeTestDialog(QWidget* parent = nullptr);

  void setConfig(const engine::FindConfig& config);
  /// What the fields say; a field that does not parse keeps FindConfig's default. Once the
  /// dialog is accepted, every field parsed and the config passed validate().
  [[nodiscard]] engine::FindConfig config() const;
  /// "Per layer group" is checked: run one range test per layer group (a per-group test).
  [[nodiscard]] bool perLayerGroup() const;

  /// Prefills the data source with a dropped file or folder: a .csv selects the CSV options
  /// and lists its columns for the label; a file of an IDX or CIFAR-10 folder selects the
  /// folder.
  void setDataSource(const QString& path);

  /// The experiments to choose from; the box is also editable for a new name.
  void setExperiments(const QStringList& names, const QString& current);
  [[nodiscard]] QString experiment() const;

  /// The message shown under the form; empty when nothing is wrong.
  [[nodiscard]] QString errorText() const;

  /// Accepts only when every field is valid, then remembers the settings.
  void accept() override;

private:
  [[nodiscard]] engine::FindConfig readFields(FieldProblem* problem) const;
  [[nodiscard]] FieldProblem validate() const;
  void showProblem(const FieldProblem& problem);
  void clearProblem();
  void loadRememberedConfig();
  static void rememberConfig(const engine::FindConfig& config);

  QComboBox* m_experiment;
  DataGroup* m_data;
  ModelGroup* m_model;
  OptimizerGroup* m_optimizer;
  RangeTestGroup* m_rangeTest;
  QLabel* m_error;
  QWidget* m_flagged = nullptr;
};

} // namespace lrscope::ui
