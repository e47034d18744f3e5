#include "cli/slurm_scripts.h"

#include <sstream>

namespace lrscope::cli {
namespace {

/// The #SBATCH lines every script of the job shares.
void resourceLines(std::ostringstream& out, const SlurmJob& job, bool forArray) {
  const SlurmResources& r = job.resources;
  if (!job.workingFolder.empty())
    out << "#SBATCH --chdir=" << job.workingFolder.string() << "\n";
  if (!r.partition.empty())
    out << "#SBATCH --partition=" << r.partition << "\n";
  if (!r.time.empty())
    out << "#SBATCH --time=" << r.time << "\n";
  if (forArray) {
    out << "#SBATCH --cpus-per-task=" << r.cpusPerTask << "\n";
    if (!r.gres.empty())
      out << "#SBATCH --gres=" << r.gres << "\n";
  }
}

std::string commandLine(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words)
    out += (out.empty() ? "" : " ") + shellQuote(word);
  return out;
}

} // namespace

std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (const char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string arrayScript(const SlurmJob& job, const std::string& tasks) {
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# LR Scope: lrscope " << commandLine(job.command) << "\n"
      << "# as " << job.shards << " shards, one per task of this job array. Each task writes its\n"
      << "# share to its own database file; merge.sbatch brings them into "
      << job.database.string() << ".\n"
      << "#SBATCH --job-name=lrscope-" << (job.command.empty() ? "job" : job.command.front())
      << "\n"
      << "#SBATCH --array="
      << (tasks.empty() ? "0-" + std::to_string(job.shards - 1) : tasks)
      << (job.resources.arrayLimit ? "%" + std::to_string(*job.resources.arrayLimit) : "") << "\n"
      << "#SBATCH --output=" << (job.folder / "%A_%a.out").string() << "\n";
  resourceLines(out, job, true);
  out << "set -euo pipefail\n"
      << "exec " << shellQuote(job.lrscope.string()) << " " << commandLine(job.command)
      << " --shard \"${SLURM_ARRAY_TASK_ID}/" << job.shards << "\"\n";
  return out.str();
}

std::string mergeScript(const SlurmJob& job) {
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# LR Scope: merges the shards' files into " << job.database.string() << ".\n"
      << "# Submitted with --dependency=afterany on the array: it runs whatever the tasks' fate, so\n"
      << "# the work that finished is never stranded; a shard that did not finish is named.\n"
      << "#SBATCH --job-name=lrscope-merge\n"
      << "#SBATCH --output=" << (job.folder / "%j-merge.out").string() << "\n";
  resourceLines(out, job, false);
  out << "set -uo pipefail\n"
      << "shards=(\n";
  for (const std::filesystem::path& file : job.shardFiles)
    out << "  " << shellQuote(file.string()) << "\n";
  out << ")\n"
      << "present=()\n"
      << "for file in \"${shards[@]}\"; do\n"
      << "  if [ -f \"$file\" ]; then present+=(\"$file\"); else echo \"missing: $file (its task "
         "never wrote it)\"; fi\n"
      << "done\n"
      << "if [ ${#present[@]} -eq 0 ]; then echo \"no shard wrote its file; see the tasks' logs in "
      << job.folder.string() << "\"; exit 1; fi\n"
      << "exec " << shellQuote(job.lrscope.string()) << " merge --db "
      << shellQuote(job.database.string()) << " \"${present[@]}\"\n";
  return out.str();
}

std::string submitScript(const SlurmJob& job) {
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# Submits the job array, then the merge after it (afterany: whatever the tasks' fate).\n"
      << "set -euo pipefail\n"
      << "cd " << shellQuote(job.folder.string()) << "\n"
      << "array=$(sbatch --parsable shards.sbatch)\n"
      << "merge=$(sbatch --parsable --dependency=afterany:${array%%;*} merge.sbatch)\n"
      << "echo \"array job ${array%%;*}, merge job ${merge%%;*}; follow them with: squeue -j "
         "${array%%;*},${merge%%;*}\"\n";
  return out.str();
}

} // namespace lrscope::cli
