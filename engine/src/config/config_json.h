#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/sampling.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

// The JSON sections that every run config shares (data, sample, model, optimizer), and the
// reader that refuses unknown keys. Used by find_config.cpp and train_config.cpp.
namespace lrscope::engine::detail {

/// Reads the known keys of one section of a config into their fields, refusing unknown keys.
class ConfigSection {
public:
  /// An absent section reads as empty (every field keeps its default).
  ConfigSection(const nlohmann::json& root, const std::string& name);

  template <typename T> void read(const char* key, T& field) {
    m_known.insert(key);
    if (!m_json.contains(key))
      return;
    try {
      field = m_json.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
      throw InputError("config: \"" + m_name + "." + key + "\" has the wrong type (" +
                       m_json.at(key).dump() + ")");
    }
  }
  /// The raw value of a key, or null when absent (for lists of objects).
  [[nodiscard]] nlohmann::json raw(const char* key);

  void refuseUnknownKeys() const;
  [[nodiscard]] const std::string& name() const { return m_name; }

private:
  std::string m_name;
  nlohmann::json m_json = nlohmann::json::object();
  std::set<std::string> m_known;
};

/// Throws InputError unless root is an object whose keys are all among `sections`.
void refuseUnknownSections(const nlohmann::json& root, const std::vector<std::string>& sections);

[[nodiscard]] nlohmann::json toJson(const DataSpec& data);
[[nodiscard]] nlohmann::json toJson(const SampleSpec& sample); ///< without the seed
[[nodiscard]] nlohmann::json toJson(const ModelSpec& model);
[[nodiscard]] nlohmann::json toJson(const OptimizerSpec& optimizer);

/// Each reads its section of root ("data", "sample", "model", "optimizer") into the fields
/// given; missing keys keep the values they have.
void readData(const nlohmann::json& root, DataSpec& data);
void readSample(const nlohmann::json& root, SampleSpec& sample);
void readModel(const nlohmann::json& root, ModelSpec& model);
void readOptimizer(const nlohmann::json& root, OptimizerSpec& optimizer);

/// The checks of data and sample that every run config makes; throws InputError.
void validateDataAndSample(const DataSpec& data, const SampleSpec& sample);

} // namespace lrscope::engine::detail
