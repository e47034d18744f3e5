#include "dialogs/data_group.h"

#include "dialogs/csv_header.h"
#include "dialogs/field_text.h"
#include "dialogs/image_folder_fields.h"
#include "dialogs/source_checks.h"

#include "lrscope/engine/cifar_reader.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/idx_reader.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>
#include <climits>

namespace lrscope::ui {
namespace {

// Item data of the source box: a built-in data set's name, or one of these four.
const QString kFolderItem = QStringLiteral(":folder");
const QString kImageFolderItem = QStringLiteral(":images");
const QString kCsvItem = QStringLiteral(":csv");
const QString kTensorItem = QStringLiteral(":tensors");

bool isCsvPath(const QString& path) {
  return path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive);
}

/// The source box's item for a path: a CSV table, a tensor file, a folder of images or of IDX
/// or CIFAR-10 files.
QString itemOfPath(const QString& path) {
  if (isCsvPath(path))
    return kCsvItem;
  if (path.endsWith(QStringLiteral(".pt"), Qt::CaseInsensitive))
    return kTensorItem;
  return engine::looksLikeImageFolder(path.toStdString()) ? kImageFolderItem : kFolderItem;
}

bool isIdxOrCifarFolder(const QString& path) {
  const std::filesystem::path folder = path.toStdString();
  return engine::looksLikeIdxFolder(folder) || engine::looksLikeCifar10Folder(folder);
}

} // namespace

DataGroup::DataGroup(QWidget* parent)
    : QGroupBox(tr("Data"), parent), m_kind(newComboBox(this, "dataKind")),
      m_path(newLineEdit(this, "dataPath")), m_browse(new QPushButton(this)),
      m_labelColumn(newComboBox(this, "labelColumn")), m_task(newComboBox(this, "task")),
      m_testFraction(newLineEdit(this, "testFraction", QStringLiteral("0.2"))),
      m_sampleSize(newLineEdit(this, "sampleSize", tr("all, 6000, 0.1 or 10%"))),
      m_validationSize(newSpinBox(this, "validationSize", 0, INT_MAX)),
      m_images(new ImageFolderFields(this)) {
  m_kind->addItem(tr("Fashion-MNIST (built-in)"), QStringLiteral("fashion-mnist"));
  m_kind->addItem(tr("Folder of IDX or CIFAR-10 files"), kFolderItem);
  m_kind->addItem(tr("Image folder (a subfolder of PNG or JPEG files per class)"),
                  kImageFolderItem);
  m_kind->addItem(tr("CSV file"), kCsvItem);
  m_kind->addItem(tr("Tensor file (.pt, saved from Python)"), kTensorItem);
  m_browse->setObjectName(QStringLiteral("dataBrowse"));
  m_labelColumn->setEditable(true);
  m_labelColumn->setInsertPolicy(QComboBox::NoInsert);
  m_path->setMinimumWidth(m_path->fontMetrics().averageCharWidth() * 30); // room for a path
  m_labelColumn->lineEdit()->setPlaceholderText(tr("class or target column"));
  m_task->addItem(tr("classification"));
  m_task->addItem(tr("regression"));
  m_testFraction->setToolTip(
      tr("The share of a CSV table, a tensor file or a folder without test files held out as its "
         "test split before anything is sampled (seeded alike for every run), greater than 0 and "
         "below 0.9; Fashion-MNIST, folders with test files and tensor files with x_test keep "
         "their own"));
  m_sampleSize->setToolTip(tr("The representative sample: all examples, a count, or a fraction"));
  m_validationSize->setToolTip(tr("Held-out examples for the validation loss"));

  QFormLayout* form = newForm(this);
  form->addRow(tr("So&urce:"), m_kind);
  form->addRow(tr("&Path:"), newRow(this, {m_path, m_browse}));
  form->addRow(tr("Ima&ges:"), m_images);
  form->addRow(tr("&Label column:"), m_labelColumn);
  form->addRow(tr("&Task:"), m_task);
  form->addRow(tr("Test f&raction:"), m_testFraction);
  form->addRow(tr("Sa&mple size:"), m_sampleSize);
  form->addRow(tr("&Validation size:"), m_validationSize);

  connect(m_kind, &QComboBox::currentIndexChanged, this, &DataGroup::updateFields);
  connect(m_browse, &QPushButton::clicked, this, &DataGroup::choosePath);
  connect(m_path, &QLineEdit::editingFinished, this, &DataGroup::refreshColumns);
  connect(m_path, &QLineEdit::editingFinished, this, &DataGroup::refreshImages);
  updateFields();
}

void DataGroup::setFrom(const engine::FindConfig& config) {
  const QString source = QString::fromStdString(config.data.source);
  const int builtIn = source.startsWith(':') ? -1 : m_kind->findData(source);
  if (builtIn >= 0) {
    m_kind->setCurrentIndex(builtIn);
  } else {
    m_kind->setCurrentIndex(m_kind->findData(itemOfPath(source)));
    m_path->setText(source);
  }
  m_images->setFrom(config.data.images);
  updateFields();
  m_labelColumn->setEditText(QString::fromStdString(config.data.labelColumn));
  m_task->setCurrentIndex(config.data.task == engine::TaskKind::Regression ? 1 : 0);
  m_testFraction->setText(numberFieldText(config.data.testFraction));
  m_sampleSize->setText(sampleSizeFieldText(config.sample));
  m_validationSize->setValue(
      static_cast<int>(std::min<int64_t>(config.sample.validationCount, INT_MAX)));
}

void DataGroup::readInto(engine::FindConfig& config, FieldProblem* problem) const {
  const bool csv = kind() == kCsvItem;
  const bool tensors = kind() == kTensorItem;
  const bool images = kind() == kImageFolderItem;
  const bool path = csv || tensors || images || kind() == kFolderItem;
  config.data.source = (path ? m_path->text().trimmed() : kind()).toStdString();
  config.data.images = {};
  if (images)
    m_images->readInto(config.data.images, problem);
  config.data.labelColumn = csv ? m_labelColumn->currentText().trimmed().toStdString() : "";
  config.data.task = (csv || tensors) && m_task->currentIndex() == 1
                         ? engine::TaskKind::Regression
                         : engine::TaskKind::Classification;
  if (path)
    readNumberField(m_testFraction, tr("test fraction"), config.data.testFraction, problem);
  if (!parseSampleSizeField(m_sampleSize->text(), config.sample))
    noteProblem(problem, m_sampleSize,
                tr("sample size: \"%1\" is neither all, a count (6000) nor a fraction (0.1 or "
                   "10%)")
                    .arg(m_sampleSize->text().trimmed()));
  config.sample.validationCount = m_validationSize->value();
}

void DataGroup::setSource(const QString& path) {
  const QFileInfo info(path);
  QString source = path;
  if (info.isFile() && itemOfPath(path) == kFolderItem && isIdxOrCifarFolder(info.absolutePath()))
    source = info.absolutePath(); // a file of an IDX or CIFAR-10 folder stands for the folder
  const int builtIn = source.startsWith(':') ? -1 : m_kind->findData(source);
  if (builtIn >= 0) {
    m_kind->setCurrentIndex(builtIn);
  } else {
    m_kind->setCurrentIndex(m_kind->findData(itemOfPath(source)));
    m_path->setText(QDir::toNativeSeparators(source));
  }
  updateFields();
  if (isCsvPath(source))
    m_labelColumn->setFocus();
}

FieldProblem DataGroup::check() const {
  const QString path = m_path->text().trimmed();
  if (kind() == kFolderItem)
    return {dataFolderProblem(path), m_path};
  if (kind() == kImageFolderItem)
    return {imageFolderProblem(path), m_path};
  if (kind() == kTensorItem)
    return {tensorFileProblem(path), m_path};
  if (kind() != kCsvItem)
    return {builtInDataProblem(kind()), m_kind};
  if (QString problem = csvFileProblem(path); !problem.isEmpty())
    return {problem, m_path};
  return {labelColumnProblem(path, m_labelColumn->currentText().trimmed()), m_labelColumn};
}

QWidget* DataGroup::fieldFor(const QString& message) const {
  if (message.contains(QLatin1String("data set")))
    return m_path;
  if (message.contains(QLatin1String("test-fraction")))
    return m_testFraction;
  if (message.contains(QLatin1String("sample")))
    return m_sampleSize;
  if (message.contains(QLatin1String("validation size")))
    return m_validationSize;
  return nullptr;
}

void DataGroup::updateFields() {
  const bool csv = kind() == kCsvItem;
  const bool tensors = kind() == kTensorItem;
  const bool images = kind() == kImageFolderItem;
  const bool path = csv || tensors || images || kind() == kFolderItem;
  setRowEnabled(m_path->parentWidget(), path);
  setRowEnabled(m_images, images);
  m_browse->setText(csv || tensors ? tr("Choose file…") : tr("Choose folder…"));
  m_path->setPlaceholderText(csv ? tr("table.csv")
                             : tensors
                                 ? tr("data.pt, from torch.save({\"x\": X, \"y\": y}, \"data.pt\")")
                             : images ? tr("folder with a subfolder of images per class")
                             : path ? tr("folder with train-images-idx3-ubyte or data_batch_1.bin")
                                    : QString());
  setRowEnabled(m_labelColumn, csv);
  setRowEnabled(m_task, csv || tensors); // a tensor file's integer targets may be a regression
  setRowEnabled(m_testFraction, path);   // a built-in data set has its test split
  refreshColumns();
  refreshImages();
}

void DataGroup::choosePath() {
  const QString start = m_path->text().trimmed();
  QString path;
  if (kind() == kCsvItem)
    path = QFileDialog::getOpenFileName(this, tr("Choose a CSV file"), start,
                                        tr("CSV files (*.csv);;All files (*)"));
  else if (kind() == kTensorItem)
    path = QFileDialog::getOpenFileName(this, tr("Choose a tensor file"), start,
                                        tr("Tensor files (*.pt);;All files (*)"));
  else if (kind() == kImageFolderItem)
    path = QFileDialog::getExistingDirectory(
        this, tr("Choose a folder with a subfolder of images per class"), start);
  else
    path = QFileDialog::getExistingDirectory(this, tr("Choose a folder of IDX or CIFAR-10 files"),
                                             start);
  if (path.isEmpty())
    return;
  m_path->setText(QDir::toNativeSeparators(path));
  refreshColumns();
  refreshImages();
}

void DataGroup::refreshImages() {
  (void)m_images->showFolder(kind() == kImageFolderItem ? m_path->text().trimmed() : QString());
}

QString DataGroup::imagesFoundText() const {
  return m_images->foundText();
}

void DataGroup::refreshColumns() {
  if (kind() != kCsvItem)
    return;
  const QString label = m_labelColumn->currentText();
  m_labelColumn->clear();
  m_labelColumn->addItems(readCsvHeader(m_path->text().trimmed()));
  m_labelColumn->setCurrentIndex(-1);
  m_labelColumn->setEditText(label);
}

QString DataGroup::kind() const {
  return m_kind->currentData().toString();
}

} // namespace lrscope::ui
