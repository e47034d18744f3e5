#include "lrscope/engine/shard.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/number_text.h"

#include <cstdlib>
#include <optional>

namespace lrscope::engine {
namespace {

Shard checked(int index, int count, const std::string& what) {
  if (count < 1)
    throw InputError(what + ": the number of shards must be at least 1, got " +
                     std::to_string(count));
  if (index >= count)
    throw InputError(what + ": shard " + std::to_string(index) + " of " + std::to_string(count) +
                     " does not exist; shards are numbered 0 to " + std::to_string(count - 1));
  return {index, count};
}

int slurmNumber(const EnvironmentReader& environment, const char* name) {
  const char* value = environment(name);
  const std::optional<int> number = value ? wholeNumber(value) : std::nullopt;
  if (!number)
    throw InputError(std::string("--shard auto: ") + name + " is " +
                     (value ? "'" + std::string(value) + "', not a whole number"
                            : "not set; is this a task of a Slurm job array (sbatch --array)?"));
  return *number;
}

Shard shardOfSlurmArray(const EnvironmentReader& environment) {
  if (environment("SLURM_ARRAY_TASK_ID") == nullptr)
    throw InputError("--shard auto: SLURM_ARRAY_TASK_ID is not set, so this is not a task of a "
                     "Slurm job array; give --shard I/N, or submit with sbatch --array");
  const int id = slurmNumber(environment, "SLURM_ARRAY_TASK_ID");
  const int min = slurmNumber(environment, "SLURM_ARRAY_TASK_MIN");
  const int span = environment("SLURM_ARRAY_TASK_MAX")
                       ? slurmNumber(environment, "SLURM_ARRAY_TASK_MAX") - min + 1
                       : 0;
  const int count = environment("SLURM_ARRAY_TASK_COUNT")
                        ? slurmNumber(environment, "SLURM_ARRAY_TASK_COUNT")
                        : span;
  if (span > 0 && count != span)
    throw InputError("--shard auto: the array's tasks are not " + std::to_string(min) + " to " +
                     std::to_string(min + span - 1) + " without gaps (" + std::to_string(count) +
                     " tasks); give --shard I/N explicitly, e.g. --shard " +
                     "${SLURM_ARRAY_TASK_ID}/N");
  if (id < min)
    throw InputError("--shard auto: SLURM_ARRAY_TASK_ID " + std::to_string(id) +
                     " is below SLURM_ARRAY_TASK_MIN " + std::to_string(min));
  return checked(id - min, count, "--shard auto");
}

} // namespace

Shard parseShard(const std::string& text, const EnvironmentReader& environment) {
  if (text == "auto")
    return shardOfSlurmArray(environment);
  const std::size_t slash = text.find('/');
  const std::optional<int> index =
      slash == std::string::npos ? std::nullopt : wholeNumber(text.substr(0, slash));
  const std::optional<int> count =
      slash == std::string::npos ? std::nullopt : wholeNumber(text.substr(slash + 1));
  if (!index || !count)
    throw InputError("--shard '" + text +
                     "': expected I/N (shard I of N, from 0, e.g. 0/4) or auto (Slurm's array "
                     "task)");
  return checked(*index, *count, "--shard " + text);
}

std::string toString(Shard shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::vector<int> shardUnits(Shard shard, int units) {
  std::vector<int> out;
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count || units < 1)
    return out;
  // Block i is [i * units / count, (i + 1) * units / count): in 64 bits, no overflow.
  const auto begin = static_cast<int>(static_cast<long long>(shard.index) * units / shard.count);
  const auto end = static_cast<int>(static_cast<long long>(shard.index + 1) * units / shard.count);
  for (int unit = begin; unit < end; ++unit)
    out.push_back(unit);
  return out;
}

} // namespace lrscope::engine
