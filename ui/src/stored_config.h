#pragma once

#include "lrscope/engine/training_job.h"
#include "lrscope/storage/run_database.h"

#include <QString>

#include <optional>

namespace lrscope::ui {

/// The training config a training run was started with, read from its stored config; none when
/// it cannot be read (another kind's config, or a damaged one), with why in `error` if given.
[[nodiscard]] std::optional<engine::TrainConfig> trainConfigOf(const storage::RunDetails& run,
                                                               QString* error = nullptr);

} // namespace lrscope::ui
