#include "stored_config.h"

#include <nlohmann/json.hpp>

namespace lrscope::ui {

std::optional<engine::TrainConfig> trainConfigOf(const storage::RunDetails& run) {
  try {
    return engine::trainConfigFromJson(nlohmann::json::parse(run.configJson));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace lrscope::ui
