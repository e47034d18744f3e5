// File > Export report...: the runs, the format, the page size, the file, "open when done".
#include "dialogs/report_dialog.h"

#include "dialogs/form_widgets.h"
#include "report/report_export.h"
#include "report/report_text.h"
#include "run_labels.h"

#include "lrscope/storage/run_database.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace lrscope::ui {
namespace {

constexpr char kFolderKey[] = "reportDialog/folder";
constexpr char kFormatKey[] = "reportDialog/format";
constexpr char kPageSizeKey[] = "reportDialog/pageSize";
constexpr char kOpenKey[] = "reportDialog/open";

QString runItemText(const storage::RunSummary& run) {
  return QStringLiteral("#%1  %2 of %3 on %4 · %5 · %6")
      .arg(run.id)
      .arg(kindText(run.kind), QString::fromStdString(run.model), dataLabel(run.dataset),
           statusText(run.status), QString::fromStdString(run.startedAt));
}

} // namespace

ReportDialog::ReportDialog(const storage::RunDatabase& database, const QList<qint64>& selectedRuns,
                           QWidget* parent)
    : QDialog(parent), m_database(database), m_runs(new QListWidget),
      m_format(newComboBox(this, "reportFormat")), m_pageSize(newComboBox(this, "reportPageSize")),
      m_file(newLineEdit(this, "reportFile")),
      m_open(new QCheckBox(tr("&Open the report when it is written"))), m_error(new QLabel) {
  setObjectName(QStringLiteral("reportDialog"));
  setWindowTitle(tr("Export report"));
  m_runs->setObjectName(QStringLiteral("reportRuns"));
  m_runs->setMinimumSize(520, 200);
  m_runs->setToolTip(tr("One run gives its report; several are compared"));
  m_format->addItem(tr("PDF (vector plots, page numbers)"), QStringLiteral("pdf"));
  m_format->addItem(tr("HTML (one self-contained file)"), QStringLiteral("html"));
  m_pageSize->addItem(tr("A4"), QStringLiteral("a4"));
  m_pageSize->addItem(tr("Letter"), QStringLiteral("letter"));
  m_open->setObjectName(QStringLiteral("reportOpen"));

  const QSettings settings;
  m_format->setCurrentIndex(qMax(0, m_format->findData(settings.value(kFormatKey, "pdf"))));
  m_pageSize->setCurrentIndex(qMax(0, m_pageSize->findData(settings.value(kPageSizeKey, "a4"))));
  m_open->setChecked(settings.value(kOpenKey, true).toBool());

  auto* choose = new QPushButton(tr("C&hoose…"));
  choose->setObjectName(QStringLiteral("reportChooseFile"));
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr("&Format:"), m_format);
  form->addRow(tr("&Page size:"), m_pageSize);
  form->addRow(tr("F&ile:"), newRow(this, {m_file, choose}));
  form->addRow(QString(), m_open);

  m_error->setObjectName(QStringLiteral("errorMessage"));
  m_error->setWordWrap(true);
  m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
  m_error->hide();

  auto* buttons = new QDialogButtonBox(this);
  QPushButton* exportButton = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
  exportButton->setObjectName(QStringLiteral("exportButton"));
  exportButton->setDefault(true);
  buttons->addButton(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("&Runs to report (several are compared):")));
  layout->addWidget(m_runs, 1);
  layout->addLayout(form);
  layout->addWidget(m_error);
  layout->addWidget(buttons);
  qobject_cast<QLabel*>(layout->itemAt(0)->widget())->setBuddy(m_runs);

  fillRuns(selectedRuns);
  updateFileName();
  updateEnabled();
  connect(buttons, &QDialogButtonBox::accepted, this, &ReportDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ReportDialog::reject);
  connect(choose, &QPushButton::clicked, this, &ReportDialog::chooseFile);
  connect(m_file, &QLineEdit::textEdited, this, [this] { m_fileEdited = true; });
  connect(m_runs, &QListWidget::itemChanged, this, &ReportDialog::updateFileName);
  connect(m_format, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    updateFileName();
    updateEnabled();
  });
}

void ReportDialog::fillRuns(const QList<qint64>& selectedRuns) {
  std::vector<storage::RunSummary> runs;
  try {
    runs = m_database.listRuns();
  } catch (const std::exception& error) {
    showError(QString::fromStdString(error.what()));
  }
  const QSignalBlocker blocker(m_runs);
  QListWidgetItem* firstChecked = nullptr;
  for (const storage::RunSummary& run : runs) {
    auto* item = new QListWidgetItem(runItemText(run), m_runs);
    item->setData(Qt::UserRole, QVariant::fromValue<qint64>(run.id));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    const bool checked = selectedRuns.contains(run.id);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    if (checked && firstChecked == nullptr)
      firstChecked = item;
  }
  if (firstChecked != nullptr)
    m_runs->scrollToItem(firstChecked, QAbstractItemView::PositionAtTop);
}

QList<qint64> ReportDialog::checkedRuns() const {
  QList<qint64> ids;
  for (int i = 0; i < m_runs->count(); ++i)
    if (m_runs->item(i)->checkState() == Qt::Checked)
      ids.append(m_runs->item(i)->data(Qt::UserRole).value<qint64>());
  std::sort(ids.begin(), ids.end()); // oldest first, as they ran
  return ids;
}

bool ReportDialog::isPdf() const {
  return m_format->currentData().toString() == QStringLiteral("pdf");
}

ReportFiles ReportDialog::request() const {
  ReportFiles files;
  files.database = m_database.path();
  for (const qint64 id : checkedRuns())
    files.runIds.push_back(id);
  const std::filesystem::path file = m_file->text().trimmed().toStdString();
  (isPdf() ? files.pdf : files.html) = file;
  files.pageSize = m_pageSize->currentData().toString().toStdString();
  return files;
}

bool ReportDialog::opensWhenDone() const {
  return m_open->isChecked();
}

QString ReportDialog::errorText() const {
  return m_error->text();
}

void ReportDialog::updateFileName() {
  const QString suffix = isPdf() ? QStringLiteral("pdf") : QStringLiteral("html");
  if (m_fileEdited) { // keep the name, follow the format
    const QFileInfo info(m_file->text().trimmed());
    if (info.suffix().compare(QStringLiteral("pdf"), Qt::CaseInsensitive) == 0 ||
        info.suffix().compare(QStringLiteral("html"), Qt::CaseInsensitive) == 0)
      m_file->setText(QDir(info.path()).filePath(info.completeBaseName() + "." + suffix));
    return;
  }
  QStringList ids;
  for (const qint64 id : checkedRuns())
    ids << QString::number(id);
  const QString name = ids.isEmpty() ? QStringLiteral("lrscope-report")
                       : ids.size() == 1
                           ? QStringLiteral("lrscope-report-run-%1").arg(ids.first())
                           : QStringLiteral("lrscope-report-runs-%1").arg(ids.join('-'));
  const QString folder = QSettings().value(kFolderKey, QDir::homePath()).toString();
  m_file->setText(QDir(folder).filePath(name + "." + suffix));
}

void ReportDialog::updateEnabled() {
  setRowEnabled(m_pageSize, isPdf());
}

void ReportDialog::chooseFile() {
  const QString filter =
      isPdf() ? tr("PDF documents (*.pdf)") : tr("HTML documents (*.html *.htm)");
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Save the report as"), m_file->text(), filter);
  if (path.isEmpty())
    return;
  m_file->setText(path);
  m_fileEdited = true;
}

void ReportDialog::showError(const QString& message) {
  m_error->setText(message);
  m_error->show();
}

void ReportDialog::accept() {
  m_error->clear();
  m_error->hide();
  const ReportFiles files = request();
  if (files.runIds.empty()) {
    showError(tr("Check at least one run to report."));
    m_runs->setFocus();
    return;
  }
  if (m_file->text().trimmed().isEmpty()) {
    showError(tr("Give the file to write the report to."));
    m_file->setFocus();
    return;
  }
  const QString path = m_file->text().trimmed();
  int pages = 0;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    pages = writeReport(m_database, files).pdfPages;
  } catch (const std::exception& error) { // StorageError, InputError: one line each
    QApplication::restoreOverrideCursor();
    showError(QString::fromStdString(error.what()));
    return;
  }
  QApplication::restoreOverrideCursor();
  QSettings settings;
  settings.setValue(kFolderKey, QFileInfo(path).absolutePath());
  settings.setValue(kFormatKey, m_format->currentData());
  settings.setValue(kPageSizeKey, m_pageSize->currentData());
  settings.setValue(kOpenKey, m_open->isChecked());
  Q_EMIT reportWritten(path, pages);
  if (m_open->isChecked())
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()));
  QDialog::accept();
}

} // namespace lrscope::ui
