#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

// Values read from JSON (configs, imported exports) exactly as written, or refused: nlohmann's
// get<int>() truncates 20.7 to 20, wraps 4294967316 to 20 and 1e12 to a negative number.
namespace lrscope::engine {

namespace detail {
template <typename T> struct IsVector : std::false_type {};
template <typename T> struct IsVector<std::vector<T>> : std::true_type {};
} // namespace detail

/// `value` as T when it is one exactly, nullopt otherwise. An integer type takes a whole number
/// that it holds (3, and 3.0; not 20.7, not 1e12 for an int, not -1 for an unsigned); double
/// takes any number; bool and std::string their JSON types; std::vector<T> an array of T.
template <typename T> std::optional<T> exactValue(const nlohmann::json& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value.is_boolean() ? std::optional<T>(value.get<bool>()) : std::nullopt;
  } else if constexpr (std::is_integral_v<T>) {
    using Limits = std::numeric_limits<T>;
    if (value.is_number_unsigned()) {
      const uint64_t v = value.get<uint64_t>();
      return v <= static_cast<uint64_t>(Limits::max()) ? std::optional<T>(static_cast<T>(v))
                                                       : std::nullopt;
    }
    if (value.is_number_integer()) {
      const int64_t v = value.get<int64_t>();
      const bool fits = std::is_signed_v<T> ? v >= static_cast<int64_t>(Limits::min()) &&
                                                  v <= static_cast<int64_t>(Limits::max())
                                            : v >= 0;
      return fits ? std::optional<T>(static_cast<T>(v)) : std::nullopt;
    }
    if (value.is_number_float()) {
      const double v = value.get<double>();
      const bool whole = std::isfinite(v) && std::floor(v) == v;
      const bool fits = v >= static_cast<double>(Limits::min()) &&
                        v < 2.0 * (static_cast<double>(Limits::max() / 2 + 1));
      return whole && fits ? std::optional<T>(static_cast<T>(v)) : std::nullopt;
    }
    return std::nullopt;
  } else if constexpr (std::is_floating_point_v<T>) {
    return value.is_number() ? std::optional<T>(value.get<T>()) : std::nullopt;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return value.is_string() ? std::optional<T>(value.get<std::string>()) : std::nullopt;
  } else {
    static_assert(detail::IsVector<T>::value,
                  "exactValue reads bool, numbers, text and lists of them");
    if (!value.is_array())
      return std::nullopt;
    T items;
    for (const nlohmann::json& item : value) {
      auto read = exactValue<typename T::value_type>(item);
      if (!read)
        return std::nullopt;
      items.push_back(std::move(*read));
    }
    return items;
  }
}

/// What exactValue<T> takes, for a message: "a whole number from 0 to 4294967295".
template <typename T> std::string expectedValue() {
  if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_integral_v<T>) {
    return "a whole number from " + std::to_string(std::numeric_limits<T>::min()) + " to " +
           std::to_string(std::numeric_limits<T>::max());
  } else if constexpr (std::is_floating_point_v<T>) {
    return "a number";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "text";
  } else {
    return "a list, each item " + expectedValue<typename T::value_type>();
  }
}

} // namespace lrscope::engine
