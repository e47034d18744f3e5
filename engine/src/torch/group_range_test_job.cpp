#include "lrscope/engine/group_range_test_job.h"

#include "range_test_setup.h"

#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_text.h"

namespace lrscope::engine {
namespace {

/// Runs one test on the prepared model (restored afterwards) and tells the listener.
FindReport runOne(detail::RangeTestSetup& setup, std::optional<int> group, const std::string& name,
                  GroupRangeTestListener* listener, const std::atomic<bool>* stop) {
  FindReport report = setup.report;
  report.config.rangeTest.sweptGroup = group;
  RunObserver* observer = listener ? listener->groupStarted(group, name, report.config) : nullptr;
  detail::runPreparedRangeTest(setup, report.config, report, observer, stop);
  if (listener)
    listener->groupFinished(group, report);
  return report;
}

} // namespace

GroupRangeTestReport runGroupRangeTestJob(const FindConfig& config,
                                          GroupRangeTestListener* listener,
                                          const std::atomic<bool>* stop) {
  FindConfig whole = config;
  whole.rangeTest.sweptGroup.reset();
  detail::RangeTestSetup setup = detail::prepareRangeTest(whole);
  GroupRangeTestReport out;
  out.otherGroupsLr = config.rangeTest.otherGroupsLr;
  out.wholeModel = runOne(setup, std::nullopt, "all groups", listener, stop);
  if (out.wholeModel->result.status == RunStatus::Cancelled)
    return out;
  if (!(out.otherGroupsLr > 0.0)) {
    if (out.wholeModel->range.range) {
      out.otherGroupsLr = out.wholeModel->range.range->lower;
    } else {
      out.otherGroupsLr = config.rangeTest.startLr;
      out.warnings.push_back("the whole-model test gave no range (" + out.wholeModel->range.reason +
                             "); the other groups stay at " + numberText(out.otherGroupsLr));
    }
  }
  setup.report.config.rangeTest.otherGroupsLr = out.otherGroupsLr;
  const std::vector<std::string> names = setup.report.layerGroups;
  if (const std::vector<std::string> frozen = setup.model->frozenGroupNames(); !frozen.empty())
    out.warnings.push_back("frozen, not tested: " + commaList(frozen));
  for (std::size_t g = 0; g < names.size(); ++g) {
    if (config.model.freezes(names[g]))
      continue; // its parameters never move, whatever its LR
    out.groups.push_back(runOne(setup, static_cast<int>(g), names[g], listener, stop));
    if (out.groups.back().result.status == RunStatus::Cancelled)
      break;
  }
  return out;
}

} // namespace lrscope::engine
