#pragma once

// Reads back what an LR Scope run export (exportRunJson) holds beside its curve.

#include "lrscope/storage/curve_import.h"

#include <filesystem>

namespace lrscope::storage {

/// The run recorded in an "lrscope-run" JSON export whose curve (read by engine::readCurveFile)
/// is `curve`. Throws engine::InputError naming the file and the key of a value that does not
/// fit: text where a number belongs, a step column of another length, a manual range that is
/// not 0 < lower < upper.
[[nodiscard]] ExportedRun readExportedRun(const std::filesystem::path& file,
                                          const engine::LrCurve& curve);

} // namespace lrscope::storage
