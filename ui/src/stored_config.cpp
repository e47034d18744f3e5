#include "stored_config.h"

#include <nlohmann/json.hpp>

namespace lrscope::ui {

std::optional<engine::TrainConfig> trainConfigOf(const storage::RunDetails& run, QString* error) {
  try {
    return engine::trainConfigFromJson(nlohmann::json::parse(run.configJson));
  } catch (const std::exception& thrown) {
    if (error != nullptr)
      *error = QString::fromUtf8(thrown.what());
    return std::nullopt;
  }
}

} // namespace lrscope::ui
