#pragma once

#include <c10/util/Exception.h>

#include <exception>
#include <string>

namespace lrscope::engine::detail {

/// One line that says what went wrong inside libtorch. c10::Error: its message without the
/// C++ backtrace, first line. Errors from the TorchScript interpreter carry a TorchScript
/// traceback and end with the Python-style "RuntimeError: ..." line: that line is kept.
[[nodiscard]] inline std::string errorText(const std::exception& error) {
  const auto* c10Error = dynamic_cast<const c10::Error*>(&error);
  std::string text = c10Error ? c10Error->what_without_backtrace() : error.what();
  const std::string marker = "Error: ";
  const std::size_t traceback = text.find("Traceback");
  if (traceback != std::string::npos) {
    const std::size_t last = text.rfind(marker);
    if (last != std::string::npos && last > traceback)
      text = text.substr(last + marker.size());
  }
  return text.substr(0, text.find('\n'));
}

} // namespace lrscope::engine::detail
