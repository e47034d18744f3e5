#pragma once

#include <filesystem>
#include <functional>
#include <ostream>

namespace lrscope::engine {

/// Remembers that this process reads `file` (a data set, a config, a curve, LR events, a model, a
/// checkpoint): refuseUnsafeOutput then refuses to write over it. Every reader of user-named
/// files calls it when it opens one. Thread-safe.
void rememberInputFile(const std::filesystem::path& file);

/// Throws InputError, in one line, when writing `file` would destroy data: an SQLite database
/// (LR Scope's or any other, found by its header, so through links too), the -wal, -shm or
/// -journal file beside one, or a file this process has read (rememberInputFile; the same file
/// through a hard or symbolic link counts). Every writer of user-named files calls it before
/// writing anything.
void refuseUnsafeOutput(const std::filesystem::path& file);

/// Writes file through "FILE.part" and a rename, so that no reader ever sees half a file and a
/// failure leaves nothing behind (an existing file stays as it was). write fills the stream;
/// throws InputError naming the file when it cannot be written or is a database
/// (refuseUnsafeOutput).
void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write);

} // namespace lrscope::engine
