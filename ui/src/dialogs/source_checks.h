#pragma once

#include <QString>

namespace lrscope::ui {

// Checks of the files a range test reads that the engine would only make when the run starts.
// Each returns a one-line message saying what is wrong, or an empty string.

/// A built-in data set name: its files are installed.
[[nodiscard]] QString builtInDataProblem(const QString& name);
/// A folder of MNIST-style IDX files or CIFAR-10 binary batches.
[[nodiscard]] QString dataFolderProblem(const QString& path);
/// A folder of images, one subfolder per class, that lists (listImageFolder; nothing decoded).
[[nodiscard]] QString imageFolderProblem(const QString& path);
/// A CSV file exists.
[[nodiscard]] QString csvFileProblem(const QString& path);
/// A tensor file (.pt) exists.
[[nodiscard]] QString tensorFileProblem(const QString& path);
/// The label column is named and, when the header can be read, one of its columns.
[[nodiscard]] QString labelColumnProblem(const QString& csvPath, const QString& label);
/// A training's checkpoint file exists.
[[nodiscard]] QString checkpointFileProblem(const QString& path);
/// A TorchScript model file exists.
[[nodiscard]] QString torchScriptFileProblem(const QString& path);

} // namespace lrscope::ui
