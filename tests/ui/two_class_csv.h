#pragma once

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

} // namespace lrscope::ui::test
