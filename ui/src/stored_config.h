#pragma once

#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <optional>

namespace lrscope::ui {

/// The training config a training run was started with, read from its stored config; none when
/// it cannot be read (another kind's config, or a damaged one).
[[nodiscard]] std::optional<engine::TrainConfig> trainConfigOf(const storage::RunDetails& run);

} // namespace lrscope::ui
