#pragma once

// A run's settings as the report lists them, read from its stored config JSON: data set,
// sample, model, optimizer and the range test's (or schedule's, training's, sweep's) settings,
// only the fields that matter for the kinds chosen.

#include <QString>

#include <string>
#include <vector>

namespace lrscope::ui {

struct SettingRow {
  QString group; ///< e.g. "Optimizer"
  QString name;  ///< e.g. "momentum"
  QString value; ///< e.g. "0.9"
};

/// The settings of a stored config, grouped in the order data set, sample, model, optimizer,
/// range test / schedule / training / sweep; sections it does not know are listed as found. A
/// config that is not JSON gives one row with the text.
[[nodiscard]] std::vector<SettingRow> runSettings(const std::string& configJson);

} // namespace lrscope::ui
