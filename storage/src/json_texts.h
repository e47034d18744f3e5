#pragma once

// Lists of text kept as JSON arrays (a run's class names and warnings, an export's tags).

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lrscope::storage {

/// The strings of a JSON array, in order; items that are not strings are skipped, and what is
/// not an array (missing, null, damaged) gives none.
[[nodiscard]] inline std::vector<std::string> stringsIn(const nlohmann::json& array) {
  std::vector<std::string> texts;
  if (array.is_array())
    for (const nlohmann::json& item : array)
      if (item.is_string())
        texts.push_back(item.get<std::string>());
  return texts;
}

} // namespace lrscope::storage
