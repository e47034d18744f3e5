#include "dialogs/source_checks.h"

#include "dialogs/csv_header.h"

#include "lrscope/engine/cifar_reader.h"
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/idx_reader.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace lrscope::ui {
namespace {

QString tr(const char* text) {
  return QCoreApplication::translate("lrscope::ui::SourceChecks", text);
}

/// Existence of a file the user chose; empty when it is a readable file.
QString fileProblem(const QString& path, const QString& what) {
  if (path.isEmpty())
    return tr("choose %1").arg(what);
  const QFileInfo info(path);
  if (!info.exists())
    return tr("%1: file not found").arg(path);
  if (info.isDir())
    return tr("%1 is a folder; choose %2").arg(path, what);
  if (!info.isReadable())
    return tr("%1: cannot read the file").arg(path);
  return {};
}

} // namespace

QString builtInDataProblem(const QString& name) {
  if (name == QLatin1String("fashion-mnist") && !QFileInfo(engine::kFashionMnistFolder).isDir())
    return tr("Fashion-MNIST is not installed (%1 not found): install it with apt-get install "
              "dataset-fashion-mnist, or choose a folder or CSV file")
        .arg(QString::fromLatin1(engine::kFashionMnistFolder));
  return {};
}

QString dataFolderProblem(const QString& path) {
  if (path.isEmpty())
    return tr("choose the folder that holds the IDX files or CIFAR-10 batches");
  const QFileInfo info(path);
  if (!info.exists())
    return tr("%1: folder not found").arg(path);
  if (!info.isDir())
    return tr("%1 is not a folder; choose the folder that holds the data files").arg(path);
  const std::filesystem::path folder = path.toStdString();
  if (!engine::looksLikeIdxFolder(folder) && !engine::looksLikeCifar10Folder(folder))
    return tr("%1 holds neither MNIST-style IDX files (train-images-idx3-ubyte[.gz]) nor "
              "CIFAR-10 batches (data_batch_1.bin)")
        .arg(path);
  return {};
}

QString imageFolderProblem(const QString& path) {
  if (path.isEmpty())
    return tr("choose a folder of images with one subfolder per class");
  try {
    (void)engine::listImageFolder(path.toStdString());
  } catch (const std::exception& error) { // InputError, or a folder the walk cannot read
    return QString::fromStdString(error.what());
  }
  return {};
}

QString csvFileProblem(const QString& path) {
  return fileProblem(path, tr("a CSV file"));
}

QString tensorFileProblem(const QString& path) {
  return fileProblem(path, tr("a tensor file (.pt)"));
}

QString checkpointFileProblem(const QString& path) {
  return fileProblem(path, tr("a training's checkpoint"));
}

QString labelColumnProblem(const QString& csvPath, const QString& label) {
  const QString file = QFileInfo(csvPath).fileName();
  if (label.isEmpty())
    return tr("%1: name the label column (the column with the class or target)").arg(file);
  const QStringList columns = readCsvHeader(csvPath);
  if (!columns.isEmpty() && !columns.contains(label)) {
    constexpr int kListed = 8;
    QString listed = columns.mid(0, kListed).join(QStringLiteral(", "));
    if (columns.size() > kListed)
      listed += tr(", … (%1 columns)").arg(columns.size());
    return tr("%1 has no label column \"%2\"; its columns are %3").arg(file, label, listed);
  }
  return {};
}

QString torchScriptFileProblem(const QString& path) {
  return fileProblem(path, tr("a TorchScript model file (.pt)"));
}

} // namespace lrscope::ui
