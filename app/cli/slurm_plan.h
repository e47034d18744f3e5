#pragma once

// The job `lrscope slurm` plans from a command: its stages (job arrays and the single steps
// after them), and the plan file that lets --resubmit-missing go on with it later.
#include "cli/slurm_scripts.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lrscope::cli {

/// The plan file a job's --out folder holds.
inline constexpr const char* kPlanFile = "lrscope-slurm.json";

/// The job of `lrscope slurm find|audit|sweep ...` (`command` from the subcommand on): its
/// stages, database and folder. Throws InputError for a command that is not sharded, flags
/// lrscope or the subcommand refuses, paths sbatch lines would misread, and task files an
/// earlier job left.
[[nodiscard]] SlurmJob planJob(std::vector<std::string> command, const std::optional<int>& tasks,
                               const SlurmResources& resources,
                               const std::filesystem::path& folder);

/// The plan file's content.
[[nodiscard]] nlohmann::json planJson(const SlurmJob& job);

/// The job whose plan file `folder` holds. Throws InputError when there is none or it is damaged.
[[nodiscard]] SlurmJob jobOfPlan(const std::filesystem::path& folder);

} // namespace lrscope::cli
