#include "lrscope/engine/group_range_test.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/message_text.h"
#include "lrscope/engine/number_format.h"
#include "lrscope/engine/number_text.h"

#include <algorithm>
#include <cmath>

namespace lrscope::engine {

std::string testedGroupName(const FindReport& groupTest) {
  const std::optional<int> group = groupTest.config.rangeTest.sweptGroup;
  if (!group)
    return "";
  const auto index = static_cast<std::size_t>(*group);
  return index < groupTest.layerGroups.size() ? groupTest.layerGroups[index]
                                              : "group " + std::to_string(*group);
}

int testedGroupCount(const FindReport& wholeModel) {
  const ModelSpec& model = wholeModel.config.model;
  return static_cast<int>(
      std::count_if(wholeModel.layerGroups.begin(), wholeModel.layerGroups.end(),
                    [&model](const std::string& g) { return !model.freezes(g); }));
}

std::vector<double> groupLrFactors(const std::vector<double>& groupUppers) {
  if (groupUppers.empty())
    throw InputError("no layer group has an upper bound to compare");
  for (const double upper : groupUppers)
    if (!(upper > 0.0) || !std::isfinite(upper))
      throw InputError("a layer group's upper bound must be positive, got " + numberText(upper));
  const double top = *std::max_element(groupUppers.begin(), groupUppers.end());
  std::vector<double> factors;
  for (const double upper : groupUppers)
    factors.push_back(upper / top);
  return factors;
}

std::vector<double> suggestedGroupLrs(const GroupRangeTestReport& report) {
  if (!report.wholeModel || !report.wholeModel->range.range || report.groups.empty())
    return {};
  std::vector<double> uppers;
  for (const FindReport& group : report.groups) {
    if (!group.range.range)
      return {};
    uppers.push_back(group.range.range->upper);
  }
  std::vector<double> lrs = groupLrFactors(uppers);
  for (double& lr : lrs)
    lr *= report.wholeModel->range.range->upper;
  return lrs;
}

std::string groupRangeTestMessage(const GroupRangeTestReport& report) {
  std::string text = std::to_string(report.groups.size());
  if (const FindReport* whole = report.wholeModel ? &*report.wholeModel : nullptr;
      whole && !whole->config.model.frozenGroups.empty())
    text += " of " + std::to_string(whole->layerGroups.size()) +
            " layer groups (frozen: " + commaList(whole->config.model.frozenGroups) + ")";
  else
    text += " layer groups";
  text += ", the others at " + formatLr(report.otherGroupsLr) + ": ";
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    const FindReport& group = report.groups[g];
    text += (g == 0 ? "" : ", ") + testedGroupName(group) + " " +
            (group.range.range ? formatLr(group.range.range->upper) : std::string(kMissing));
  }
  return text;
}

RunStatus overallStatus(const GroupRangeTestReport& report) {
  std::vector<const FindReport*> all;
  if (report.wholeModel)
    all.push_back(&*report.wholeModel);
  for (const FindReport& group : report.groups)
    all.push_back(&group);
  for (const FindReport* test : all)
    if (test->result.status != RunStatus::Completed && test->result.status != RunStatus::Diverged)
      return test->result.status;
  return RunStatus::Completed;
}

} // namespace lrscope::engine
