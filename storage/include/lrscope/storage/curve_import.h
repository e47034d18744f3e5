#pragma once

#include "lrscope/engine/lr_curve.h"
#include "lrscope/storage/run_database.h"

#include <filesystem>
#include <string>

namespace lrscope::storage {

/// Stores a loss-vs-LR curve recorded elsewhere (read by engine::readCurveFile) as a completed
/// run of kind "imported" with the source file recorded, every rule's suggestion and the
/// automatic range, so it is shown, compared and range-picked like any other run. Returns the
/// new run's id.
int64_t importCurve(RunDatabase& database, const engine::LrCurve& curve,
                    const std::filesystem::path& sourceFile,
                    const std::string& experiment = "default");

} // namespace lrscope::storage
