#pragma once

#include "lrscope/engine/input_error.h"
#include "lrscope/storage/storage_error.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

namespace lrscope::fuzz {

/// True when $LRSCOPE_FUZZ_STRICT is 1: then callReader treats an exception other than the
/// documented InputError and StorageError as a finding, to find readers that let a library's
/// own exception (nlohmann::json, std::filesystem) escape with a message no user should see.
[[nodiscard]] inline bool strictExceptions() {
  static const bool strict = [] {
    const char* value = std::getenv("LRSCOPE_FUZZ_STRICT");
    return value && std::string_view(value) == "1";
  }();
  return strict;
}

/// Runs a reader on one fuzz input. A thrown exception is how a reader refuses bad input, so
/// it is caught; what the fuzzer finds are crashes, sanitizer reports, hangs and running out
/// of memory.
template <typename Read> void callReader(Read&& read) {
  try {
    read();
  } catch (const engine::InputError&) {
  } catch (const storage::StorageError&) {
  } catch (const std::exception& error) {
    if (strictExceptions()) {
      std::fprintf(stderr, "undocumented exception: %s\n", error.what());
      std::abort();
    }
  }
}

} // namespace lrscope::fuzz
