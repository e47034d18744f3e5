#pragma once

#include <QStringList>

namespace lrscope::ui {

/// The column names in the header row of a CSV file (the first non-empty line), unquoted and
/// trimmed; empty when the file cannot be read. Only the first 64 KiB are looked at.
[[nodiscard]] QStringList readCsvHeader(const QString& path);

} // namespace lrscope::ui
