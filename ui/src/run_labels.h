#pragma once

#include <QString>

#include <string>

namespace lrscope::ui {

/// A data set as the user named it: the file or folder name of a path, a built-in name as is.
[[nodiscard]] QString dataLabel(const std::string& dataSource);

/// The experiment a new run goes into: the name given, trimmed, or "default".
[[nodiscard]] std::string experimentOrDefault(const QString& name);

} // namespace lrscope::ui
