#pragma once

// How a per-group range test's child run records which layer group it tested: a tag
// "group:NAME" ("group:all" for the whole-model test). Written by StoredGroupRangeTest, read by
// loadGroupRangeTest; nothing else parses it.

#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {

inline constexpr char kGroupTagPrefix[] = "group:";
inline constexpr char kWholeModelGroupName[] = "all";

/// The tag of the test of layer group `name`, or of the whole model when group < 0.
[[nodiscard]] inline std::string groupTag(std::optional<int> group, const std::string& name) {
  return kGroupTagPrefix + (group ? name : std::string(kWholeModelGroupName));
}

/// The group name in a run's tags; nullopt when none is a group tag.
[[nodiscard]] inline std::optional<std::string>
groupNameFromTags(const std::vector<std::string>& tags) {
  const std::string prefix = kGroupTagPrefix;
  for (const std::string& tag : tags) {
    if (tag.compare(0, prefix.size(), prefix) == 0)
      return tag.substr(prefix.size());
  }
  return std::nullopt;
}

} // namespace lrscope::storage
