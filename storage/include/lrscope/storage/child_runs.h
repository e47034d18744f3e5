#pragma once

// What every reader of a parent run (a per-group or repeated range test, a sweep) starts with.
#include "lrscope/engine/run_kind.h"
#include "lrscope/storage/run_database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lrscope::storage {

/// The run `parentRunId`, which must be of `kind`. Throws StorageError when it does not exist
/// or is of another kind: "FILE: run 3 is a sweep run, not a repeated range test", with `what`
/// naming the kind wanted as the user reads it.
[[nodiscard]] RunDetails loadParentRun(const RunDatabase& database, int64_t parentRunId,
                                       engine::RunKind kind, const std::string& what);

/// The ids of the runs whose parent is `parentRunId`, ascending.
[[nodiscard]] std::vector<int64_t> childRunIds(const RunDatabase& database, int64_t parentRunId);

} // namespace lrscope::storage
