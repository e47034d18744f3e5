#pragma once

#include <filesystem>
#include <functional>
#include <ostream>

namespace lrscope::engine {

/// Throws InputError when writing `file` would destroy a database: an SQLite database (LR Scope's
/// or any other, found by its header, so through links too) or the -wal, -shm or -journal file
/// beside one. Every writer of user-named files calls it before writing anything.
void refuseToOverwriteDatabase(const std::filesystem::path& file);

/// Writes file through "FILE.part" and a rename, so that no reader ever sees half a file and a
/// failure leaves nothing behind (an existing file stays as it was). write fills the stream;
/// throws InputError naming the file when it cannot be written or is a database
/// (refuseToOverwriteDatabase).
void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write);

} // namespace lrscope::engine
