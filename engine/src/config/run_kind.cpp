#include "lrscope/engine/run_kind.h"

#include "named_values.h"

namespace lrscope::engine {

std::string_view toString(RunKind kind) {
  switch (kind) {
  case RunKind::RangeTest:
    return "range_test";
  case RunKind::GroupRangeTest:
    return "group_range_test";
  case RunKind::RepeatedRangeTest:
    return "repeated_range_test";
  case RunKind::Training:
    return "training";
  case RunKind::Sweep:
    return "sweep";
  case RunKind::Audit:
    return "audit";
  case RunKind::Imported:
    return "imported";
  case RunKind::Unknown:
    break;
  }
  return "unknown";
}

std::optional<RunKind> parseRunKind(std::string_view text) {
  return detail::valueNamed(text, knownRunKinds());
}

RunKind runKindFromText(std::string_view text) {
  return parseRunKind(text).value_or(RunKind::Unknown);
}

const std::vector<RunKind>& knownRunKinds() {
  static const std::vector<RunKind> kinds{
      RunKind::RangeTest, RunKind::GroupRangeTest, RunKind::RepeatedRangeTest, RunKind::Training,
      RunKind::Sweep,     RunKind::Audit,          RunKind::Imported};
  return kinds;
}

bool hasChildRuns(RunKind kind) {
  return kind == RunKind::GroupRangeTest || kind == RunKind::RepeatedRangeTest ||
         kind == RunKind::Sweep || kind == RunKind::Audit;
}

bool isTrainableRangeTest(RunKind kind) {
  return kind == RunKind::RangeTest || kind == RunKind::RepeatedRangeTest;
}

} // namespace lrscope::engine
