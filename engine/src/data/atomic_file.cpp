#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"

#include <fstream>
#include <system_error>

namespace lrscope::engine {

void writeFileAtomically(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write) {
  std::filesystem::path temporary = file;
  temporary += ".part";
  std::error_code error;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw InputError(file.string() + ": cannot write here; choose a writable folder");
    }
    try {
      write(out);
    } catch (...) {
      out.close();
      std::filesystem::remove(temporary, error);
      throw;
    }
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(temporary, error);
      throw InputError(file.string() + ": writing failed (disk full?)");
    }
  }
  std::filesystem::rename(temporary, file, error);
  if (error) {
    const std::string reason = error.message();
    std::filesystem::remove(temporary, error);
    throw InputError(file.string() + ": cannot replace the file: " + reason);
  }
}

} // namespace lrscope::engine
