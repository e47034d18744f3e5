#pragma once

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/json_value.h"
#include "lrscope/engine/model_spec.h"
#include "lrscope/engine/sampling.h"

#include <nlohmann/json.hpp>

#include <optional>
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
  /// `object` itself, called `name` in messages: a section read on its own ("schedule").
  [[nodiscard]] static ConfigSection ofObject(const nlohmann::json& object,
                                              const std::string& name);

  /// Reads the key into `field` when present; throws InputError naming the key, what it takes
  /// and what it holds when the value is not exactly a T (see exactValue).
  template <typename T> void read(const char* key, T& field) {
    m_known.insert(key);
    if (!m_json.contains(key))
      return;
    std::optional<T> value = exactValue<T>(m_json.at(key));
    if (!value)
      throw InputError("config: \"" + m_name + "." + key + "\" must be " + expectedValue<T>() +
                       ", got " + jsonExcerpt(m_json.at(key)));
    field = std::move(*value);
  }
  /// As read(), into an optional that stays empty when the key is absent or null.
  template <typename T> void read(const char* key, std::optional<T>& field) {
    m_known.insert(key);
    if (!m_json.contains(key) || m_json.at(key).is_null()) {
      field.reset();
      return;
    }
    T value{};
    read(key, value);
    field = std::move(value);
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
/// With `seed`, the section's optional "seed" (a find config's sample seed) is read into it;
/// without, "seed" is an unknown key.
void readSample(const nlohmann::json& root, SampleSpec& sample,
                std::optional<uint64_t>* seed = nullptr);
void readModel(const nlohmann::json& root, ModelSpec& model);
void readOptimizer(const nlohmann::json& root, OptimizerSpec& optimizer);

/// The checks of data, sample and model that every run config makes; throws InputError.
void validateSharedSections(const DataSpec& data, const SampleSpec& sample, const ModelSpec& model);

} // namespace lrscope::engine::detail
