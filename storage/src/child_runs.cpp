#include "lrscope/storage/child_runs.h"

#include "lrscope/storage/storage_error.h"

#include <algorithm>

namespace lrscope::storage {
namespace {

/// "a sweep", "an audit".
std::string withArticle(const std::string& noun) {
  const bool vowel = !noun.empty() && std::string("aeiou").find(noun.front()) != std::string::npos;
  return (vowel ? "an " : "a ") + noun;
}

} // namespace

RunDetails loadParentRun(const RunDatabase& database, int64_t parentRunId, engine::RunKind kind,
                         const std::string& what) {
  RunDetails run = database.loadRun(parentRunId);
  if (run.summary.kind != kind)
    throw StorageError(database.path().string() + ": run " + std::to_string(parentRunId) + " is " +
                       withArticle(std::string(engine::toString(run.summary.kind))) + " run, not " +
                       withArticle(what));
  return run;
}

std::vector<int64_t> childRunIds(const RunDatabase& database, int64_t parentRunId) {
  RunFilter filter;
  filter.parentRunId = parentRunId;
  std::vector<int64_t> ids;
  for (const RunSummary& child : database.listRuns(filter))
    ids.push_back(child.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

} // namespace lrscope::storage
