#pragma once

#include "lrscope/engine/find_config.h"

#include <QFile>
#include <QString>
#include <QTextStream>

#include <random>

namespace lrscope::ui::test {

/// Writes folder/blobs.csv: 300 rows of two Gaussian blobs (x1, x2) with the class in column
/// y; returns its path, or an empty string when it cannot be written.
inline QString writeTwoClassCsv(const QString& folder) {
  const QString path = folder + "/blobs.csv";
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
    return {};
  QTextStream out(&file);
  out << "x1,x2,y\n";
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  for (int i = 0; i < 300; ++i) {
    const int label = i % 2;
    const double centre = label == 0 ? -1.0 : 1.0;
    out << centre + noise(rng) << "," << centre + noise(rng) << "," << label << "\n";
  }
  return path;
}

/// A range test of an MLP with one hidden layer of 8 (layer groups hidden1 and head) on the
/// blobs file at `csv`: a sample of 200, no validation, 40 steps from 1e-4 to 10 in batches of 32.
inline engine::FindConfig tinyMlpConfig(const QString& csv) {
  engine::FindConfig config;
  config.data = {csv.toStdString(), "y", engine::TaskKind::Classification};
  config.model.name = "mlp";
  config.model.hiddenWidths = {8};
  config.sample = {200, 0.0, 0, 1};
  config.rangeTest.batchSize = 32;
  config.rangeTest.iterations = 40;
  config.rangeTest.startLr = 1e-4;
  config.rangeTest.endLr = 10.0;
  return config;
}

} // namespace lrscope::ui::test
