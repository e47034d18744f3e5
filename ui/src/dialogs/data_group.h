#pragma once

#include "dialogs/form_widgets.h"

#include <QGroupBox>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace lrscope::engine {
struct FindConfig;
}

namespace lrscope::ui {

class ImageFolderFields;

/// The data part of the range test dialog: a built-in data set, a folder of IDX or CIFAR-10
/// files, a folder of images (with their options) or a CSV file with its label column and task, the
/// share held out as a test split when the data has none, and the sample sizes.
class DataGroup : public QGroupBox {
  Q_OBJECT
public:
  explicit DataGroup(QWidget* parent = nullptr);

  /// Shows config.data (its test fraction too) and the sample sizes of config.sample.
  void setFrom(const engine::FindConfig& config);
  /// Writes config.data and config.sample's sizes; notes the first field that does not parse.
  void readInto(engine::FindConfig& config, FieldProblem* problem) const;
  /// Selects a dropped file or folder; see RangeTestDialog::setDataSource.
  void setSource(const QString& path);
  /// The file checks the engine would make only when the run starts.
  [[nodiscard]] FieldProblem check() const;
  /// The field an engine validation message is about, or null.
  [[nodiscard]] QWidget* fieldFor(const QString& message) const;
  /// What the image folder holds ("Found 1,200 images in 3 classes (...)"), or its problem.
  [[nodiscard]] QString imagesFoundText() const;

private:
  void updateFields();
  void choosePath();
  void refreshColumns();
  void refreshImages();
  [[nodiscard]] QString kind() const;

  QComboBox* m_kind;
  QLineEdit* m_path;
  QPushButton* m_browse;
  QComboBox* m_labelColumn;
  QComboBox* m_task;
  QLineEdit* m_testFraction;
  QLineEdit* m_sampleSize;
  QSpinBox* m_validationSize;
  ImageFolderFields* m_images;
};

} // namespace lrscope::ui
