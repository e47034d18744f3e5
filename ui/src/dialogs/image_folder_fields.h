#pragma once

#include "dialogs/form_widgets.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace lrscope::engine {
struct ImageOptions;
}

namespace lrscope::ui {

/// The image folder options of the range test dialog's Data box (size, channels, skipping bad
/// files, the cache) and what the folder holds, counted before the run starts.
class ImageFolderFields : public QWidget {
  Q_OBJECT
public:
  explicit ImageFolderFields(QWidget* parent = nullptr);

  void setFrom(const engine::ImageOptions& options);
  /// Writes the options; notes the size field when it does not parse.
  void readInto(engine::ImageOptions& options, FieldProblem* problem) const;
  /// Lists `folder` (no image is decoded) and shows its images and classes, or why it cannot be
  /// read; returns that problem, empty when the folder reads. An empty `folder` hides the line;
  /// the folder shown last is not walked again.
  QString showFolder(const QString& folder);
  /// "Found 1,200 images in 3 classes (train 1,000, test 200)" or the folder's problem.
  [[nodiscard]] QString foundText() const;

private:
  QLineEdit* m_size;
  QComboBox* m_channels;
  QCheckBox* m_skipBad;
  QCheckBox* m_useCache;
  QLabel* m_found;
  QString m_listedFolder;  ///< the folder m_found describes
  QString m_folderProblem; ///< why it cannot be read; empty when it lists
};

} // namespace lrscope::ui
