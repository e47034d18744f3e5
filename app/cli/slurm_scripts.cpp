#include "cli/slurm_scripts.h"

#include <sstream>

namespace lrscope::cli {
namespace {

std::string commandLine(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words)
    out += (out.empty() ? "" : " ") + shellQuote(word);
  return out;
}

std::string dependencyFlag(SlurmDependency dependency, const std::string& after) {
  switch (dependency) {
  case SlurmDependency::AfterOk:
    return "--dependency=afterok:" + after;
  case SlurmDependency::AfterAny:
    return "--dependency=afterany:" + after;
  case SlurmDependency::None:
    break;
  }
  return "";
}

} // namespace

std::string toString(SlurmJobKind kind) {
  switch (kind) {
  case SlurmJobKind::Sweep:
    return "sweep";
  case SlurmJobKind::Audit:
    return "audit";
  case SlurmJobKind::RepeatedFind:
    break;
  }
  return "find";
}

std::optional<SlurmJobKind> slurmJobKindFromText(const std::string& text) {
  if (text == "find")
    return SlurmJobKind::RepeatedFind;
  if (text == "sweep")
    return SlurmJobKind::Sweep;
  if (text == "audit")
    return SlurmJobKind::Audit;
  return std::nullopt;
}

std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (const char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string stageScript(const SlurmJob& job, const SlurmStage& stage) {
  const SlurmResources& r = job.resources;
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# LR Scope, " << toString(job.kind) << " on a cluster: " << stage.name
      << " (written by lrscope "
      << "slurm; submit.sh submits the stages in order)\n"
      << "#SBATCH --job-name=lrscope-" << stage.name << "\n";
  if (stage.tasks > 0)
    out << "#SBATCH --array=0-" << stage.tasks - 1
        << (r.arrayLimit ? "%" + std::to_string(*r.arrayLimit) : "") << "\n"
        << "#SBATCH --output=" << (job.folder / "%A_%a.out").string() << "\n";
  else
    out << "#SBATCH --output=" << (job.folder / ("%j-" + stage.name + ".out")).string() << "\n";
  if (!job.workingFolder.empty())
    out << "#SBATCH --chdir=" << job.workingFolder.string() << "\n";
  if (!r.partition.empty())
    out << "#SBATCH --partition=" << r.partition << "\n";
  if (!r.time.empty())
    out << "#SBATCH --time=" << r.time << "\n";
  if (stage.tasks > 0) {
    out << "#SBATCH --cpus-per-task=" << r.cpusPerTask << "\n";
    if (!r.gres.empty())
      out << "#SBATCH --gres=" << r.gres << "\n";
  }
  const std::string lrscope = shellQuote(job.lrscope.string());
  if (stage.tasks > 0) {
    out << "set -euo pipefail\n"
        << "exec " << lrscope << " " << commandLine(stage.command) << " --shard \"${SLURM_ARRAY_"
        << "TASK_ID}/" << stage.tasks << "\"\n";
  } else if (!stage.mergeFiles.empty()) {
    out << "set -uo pipefail\n"
        << "# Merges the files the tasks wrote; a task that left none is named.\n"
        << "files=(\n";
    for (const std::filesystem::path& file : stage.mergeFiles)
      out << "  " << shellQuote(file.string()) << "\n";
    out << ")\n"
        << "present=()\n"
        << "for file in \"${files[@]}\"; do\n"
        << "  if [ -f \"$file\" ]; then present+=(\"$file\"); else echo \"missing: $file (its "
           "task never wrote it)\"; fi\n"
        << "done\n"
        << "if [ ${#present[@]} -eq 0 ]; then echo \"no task wrote its file; see the logs in "
        << job.folder.string() << "\"; exit 1; fi\n"
        << "exec " << lrscope << " " << commandLine(stage.command) << " \"${present[@]}\"\n";
  } else {
    out << "set -euo pipefail\n"
        << "exec " << lrscope << " " << commandLine(stage.command) << "\n";
  }
  return out.str();
}

std::vector<std::string> submitArguments(const SlurmJob& job, const SlurmStage& stage,
                                         const std::string& after, const std::string& tasks) {
  std::vector<std::string> words;
  if (!after.empty() && stage.dependency != SlurmDependency::None) {
    words.push_back(dependencyFlag(stage.dependency, after));
    // A dependency that can no longer be met cancels the job instead of leaving it pending.
    words.emplace_back("--kill-on-invalid-dep=yes");
  }
  if (!tasks.empty())
    words.push_back(
        "--array=" + tasks +
        (job.resources.arrayLimit ? "%" + std::to_string(*job.resources.arrayLimit) : ""));
  words.push_back((job.folder / (stage.name + ".sbatch")).string());
  return words;
}

std::string submitScript(const SlurmJob& job) {
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# Submits the stages in order, each after the one before; prints their job ids.\n"
      << "set -euo pipefail\n"
      << "ids=()\n"
      << "previous=\n";
  for (const SlurmStage& stage : job.stages) {
    out << "previous=$(sbatch --parsable";
    if (stage.dependency != SlurmDependency::None && &stage != &job.stages.front())
      out << " " << dependencyFlag(stage.dependency, "${previous%%;*}")
          << " --kill-on-invalid-dep=yes";
    out << " " << shellQuote((job.folder / (stage.name + ".sbatch")).string()) << ")\n"
        << "ids+=(\"" << stage.name << " ${previous%%;*}\")\n";
  }
  out << "printf '%s\\n' \"${ids[@]}\"\n";
  return out.str();
}

} // namespace lrscope::cli
