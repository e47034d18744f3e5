#pragma once

// The app's Export report dialog.

#include "lrscope/ui/report.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace lrscope::storage {
class RunDatabase;
}

namespace lrscope::ui {

/// File > Export report...: the runs to report (those selected in the browser checked), PDF or
/// self-contained HTML, the PDF's page size, the file, and whether to open it when written.
/// Export writes the report (lrscope report does the same) and stays open with the error
/// when that fails; the folder, format, page size and "open" are remembered in QSettings.
class ReportDialog : public QDialog {
  Q_OBJECT
public:
  /// database: borrowed, the window's connection; it must outlive the dialog.
  ReportDialog(const storage::RunDatabase& database, const QList<qint64>& selectedRuns,
               QWidget* parent = nullptr);

  /// The runs checked, lowest id first.
  [[nodiscard]] QList<qint64> checkedRuns() const;
  /// What Export writes now.
  [[nodiscard]] ReportFiles request() const;
  [[nodiscard]] bool opensWhenDone() const;
  [[nodiscard]] QString errorText() const;

  /// Writes the report; accepts only when it was written.
  void accept() override;

Q_SIGNALS:
  /// After a report was written to path (pages: of a PDF, else 0).
  void reportWritten(const QString& path, int pages);

private:
  void fillRuns(const QList<qint64>& selectedRuns);
  void chooseFile();
  void updateFileName();
  void updateEnabled();
  void showError(const QString& message);
  [[nodiscard]] bool isPdf() const;

  const storage::RunDatabase& m_database;
  QListWidget* m_runs;
  QComboBox* m_format;
  QComboBox* m_pageSize;
  QLineEdit* m_file;
  QCheckBox* m_open;
  QLabel* m_error;
  bool m_fileEdited = false; ///< the user typed or chose a name: keep it
};

} // namespace lrscope::ui
