#include "cli/group_find.h"

#include "cli/run_options.h"
#include "cli/stored_run_scope.h"
#include "cli/text_report.h"

#include "lrscope/engine/group_range_test_job.h"
#include "lrscope/storage/stored_group_range_test.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace lrscope::cli {
namespace {

/// Prints one line per group as its test starts and ends, and forwards to the store.
class GroupProgress : public engine::GroupRangeTestListener {
public:
  GroupProgress(engine::GroupRangeTestListener* store, bool quiet)
      : m_store(store), m_quiet(quiet) {}

  engine::RunObserver* groupStarted(std::optional<int> group, const std::string& name,
                                    const engine::FindConfig& config) override {
    if (!m_quiet)
      std::cerr << "  " << (group ? "group " + std::to_string(*group) : "all groups") << " ("
                << name << "): " << config.rangeTest.iterations << " steps\n";
    return m_store ? m_store->groupStarted(group, name, config) : nullptr;
  }
  void groupFinished(std::optional<int> group, const engine::FindReport& report) override {
    if (m_store)
      m_store->groupFinished(group, report);
    if (!m_quiet)
      std::cerr << "    " << engine::toString(report.result.status) << ", "
                << report.result.steps.size() << " steps in " << formatDuration(report.testSeconds)
                << "\n";
  }

private:
  engine::GroupRangeTestListener* m_store;
  bool m_quiet;
};

std::string rangeText(const engine::FindReport& report) {
  if (!report.range.range)
    return "no range: " + report.range.reason;
  return formatLr(report.range.range->lower) + " .. " + formatLr(report.range.range->upper);
}

std::string formatGroupReport(const engine::GroupRangeTestReport& report,
                              const engine::FindConfig& config) {
  std::ostringstream out;
  const engine::FindReport& first = report.groups.front();
  out << "Per-group range test: " << first.modelName << " on " << first.datasetName << " (sample "
      << first.sampleSize << "), " << first.layerGroups.size() << " layer groups ("
      << report.groups.size() << " tested), the others at " << formatLr(report.otherGroupsLr)
      << (config.rangeTest.otherGroupsLr > 0 ? "" : " (the whole-model range's lower bound)")
      << "\n"
      << classesLine(first.classNames) << "\n";
  for (const std::string& warning : report.warnings)
    out << "warning: " << warning << "\n";
  char line[160];
  const std::vector<double> lrs = engine::suggestedGroupLrs(report);
  std::snprintf(line, sizeof line, "  %-5s %-12s %-10s %-11s %s\n", "group", "name", "status",
                "train at", "range of its own test");
  out << line;
  auto row = [&](const std::string& group, const std::string& name, const engine::FindReport& r,
                 const std::string& trainAt) {
    std::snprintf(line, sizeof line, "  %-5s %-12s %-10s %-11s ", group.c_str(), name.c_str(),
                  engine::toString(r.result.status).c_str(), trainAt.c_str());
    out << line << rangeText(r) << "\n";
  };
  if (report.wholeModel)
    row("all", "(whole)", *report.wholeModel,
        report.wholeModel->range.range ? formatLr(report.wholeModel->range.range->upper)
                                       : kMissing);
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    const engine::FindReport& group = report.groups[g];
    row(std::to_string(group.config.rangeTest.sweptGroup.value_or(-1)),
        engine::testedGroupName(group), group, g < lrs.size() ? formatLr(lrs[g]) : kMissing);
  }
  out << "\nEach group's peak LR is the whole model's upper bound times (its own upper bound / "
         "the\n"
         "highest group's): a group tested alone tolerates far more than when all move at once.\n";
  return out.str();
}

nlohmann::json groupJson(const engine::GroupRangeTestReport& report,
                         const storage::StoredGroupRangeTest* stored) {
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    const engine::FindReport& group = report.groups[g];
    nlohmann::json entry = engine::toJson(group);
    entry["group"] = group.config.rangeTest.sweptGroup.value_or(-1);
    entry["name"] = engine::testedGroupName(group);
    entry["run_id"] = stored && g < stored->groupRunIds().size()
                          ? nlohmann::json(stored->groupRunIds()[g])
                          : nlohmann::json(nullptr);
    list.push_back(std::move(entry));
  }
  const nlohmann::json lrs = engine::suggestedGroupLrs(report);
  nlohmann::json whole = nullptr;
  if (report.wholeModel) {
    whole = engine::toJson(*report.wholeModel);
    whole["run_id"] = stored ? nlohmann::json(stored->wholeModelRunId()) : nlohmann::json(nullptr);
  }
  return {
      {"whole_model", whole},
      {"other_groups_lr", report.otherGroupsLr},
      {"groups", list},
      {"group_lrs", lrs},
      {"warnings", report.warnings},
      {"run_id", stored ? nlohmann::json(stored->runId()) : nlohmann::json(nullptr)},
      {"db", stored ? nlohmann::json(stored->databasePath().string()) : nlohmann::json(nullptr)}};
}

/// Why the first test (whole model, then each group) that ended with `status` ended.
std::string messageOfFirst(const engine::GroupRangeTestReport& report, engine::RunStatus status) {
  if (report.wholeModel && report.wholeModel->result.status == status)
    return report.wholeModel->result.message;
  for (const engine::FindReport& group : report.groups)
    if (group.result.status == status)
      return group.result.message;
  return {};
}

} // namespace

void runGroupFind(const engine::FindConfig& config, const OutputOptions& output) {
  const auto stored = startStoredRun<storage::StoredGroupRangeTest>(output, config);
  StoredRunScope scope(stored.get());
  GroupProgress progress(stored.get(), !output.printsProgress());
  engine::GroupRangeTestReport report;
  const auto start = std::chrono::steady_clock::now();
  {
    const InterruptGuard interruptGuard;
    report =
        scope.run([&] { return engine::runGroupRangeTestJob(config, &progress, &g_interrupted); });
  }
  scope.complete(report,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (output.json) {
    std::cout << groupJson(report, stored.get()).dump(2) << "\n";
  } else {
    if (report.groups.empty())
      std::cout << "cancelled during the whole-model test\n";
    else
      std::cout << formatGroupReport(report, config);
    if (stored) {
      std::cout << "\nstored as run " << stored->runId() << " (one child run per group) in "
                << stored->databasePath().string() << "\n";
      std::cout << "train with these rates: lrscope train --from-run " << stored->runId()
                << " --epochs 5\n";
    }
  }
  std::cout.flush();
  const engine::RunStatus status = engine::overallStatus(report);
  exitForStatus(status, messageOfFirst(report, status));
}

} // namespace lrscope::cli
