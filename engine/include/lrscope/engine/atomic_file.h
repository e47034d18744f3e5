#pragma once

#include <filesystem>
#include <functional>
#include <ostream>

namespace lrscope::engine {

/// Writes file through "FILE.part" and a rename, so that no reader ever sees half a file and a
/// failure leaves nothing behind (an existing file stays as it was). write fills the stream;
/// throws InputError naming the file when it cannot be written.
void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write);

} // namespace lrscope::engine
