// Writing a user-named file never destroys a database or an input: an SQLite file (found by its
// header, so through a link too), the -wal/-shm/-journal file beside one, or a file the process
// has read (the same file through a link counts) is refused and left as it was.
#include "lrscope/engine/atomic_file.h"

#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace lrscope::engine {
namespace {

using test::contains;
using test::inputErrorOf;
using test::readText;
using test::TempDir;
using test::writeText;

void writeHello(const std::filesystem::path& file) {
  writeFileAtomically(file, [](std::ostream& out) { out << "hello\n"; });
}

// Any SQLite file starts with these 16 bytes; the rest does not matter to the check.
const std::string kDatabaseBytes = std::string("SQLite format 3") + '\0' + "pages of runs";

TEST(AtomicFile, RefusesToWriteOverADatabaseAndLeavesItAsItWas) {
  const TempDir dir;
  const auto database = dir.path() / "runs.db";
  writeText(database, kDatabaseBytes);
  const std::string message = inputErrorOf([&] { writeHello(database); });
  EXPECT_TRUE(contains(message, "runs.db: is a database; refusing to write over it")) << message;
  EXPECT_EQ(readText(database), kDatabaseBytes);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "runs.db.part"));
}

TEST(AtomicFile, RefusesTheDatabasesWalShmAndJournalAndALinkToIt) {
  const TempDir dir;
  const auto database = dir.path() / "runs.db";
  writeText(database, kDatabaseBytes);
  for (const char* companion : {"runs.db-wal", "runs.db-shm", "runs.db-journal"}) {
    const std::string message = inputErrorOf([&] { writeHello(dir.path() / companion); });
    EXPECT_TRUE(contains(message, "belongs to the database")) << companion << ": " << message;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / companion));
  }
  std::filesystem::create_symlink(database, dir.path() / "report.html");
  EXPECT_TRUE(
      contains(inputErrorOf([&] { writeHello(dir.path() / "report.html"); }), "is a database"));
  std::filesystem::create_hard_link(database, dir.path() / "hard.csv");
  EXPECT_TRUE(
      contains(inputErrorOf([&] { writeHello(dir.path() / "hard.csv"); }), "is a database"));
  EXPECT_EQ(readText(database), kDatabaseBytes);
}

TEST(AtomicFile, WritesOverOtherFilesAndNewOnes) {
  const TempDir dir;
  writeText(dir.path() / "old.csv", "lr,loss\n");
  writeHello(dir.path() / "old.csv");
  EXPECT_EQ(readText(dir.path() / "old.csv"), "hello\n");
  writeHello(dir.path() / "notes-wal"); // no "notes" database beside it
  EXPECT_EQ(readText(dir.path() / "notes-wal"), "hello\n");
}

TEST(AtomicFile, RefusesAFileThisProcessReadsAndItsLinks) {
  const TempDir dir;
  const auto data = dir.path() / "data.csv";
  writeText(data, "x,y\n1,2\n");
  std::filesystem::create_symlink(data, dir.path() / "soft.csv");
  std::filesystem::create_hard_link(data, dir.path() / "hard.csv");
  rememberInputFile(data);
  EXPECT_EQ(inputErrorOf([&] { writeHello(data); }),
            data.string() + ": is one of this command's inputs; refusing to write over it, choose "
                            "another file name");
  for (const char* link : {"soft.csv", "hard.csv"})
    EXPECT_TRUE(contains(inputErrorOf([&] { writeHello(dir.path() / link); }),
                         "is the input " + data.string() + " (through a link)"))
        << link;
  // Another spelling of the same path, and an input that did not exist when it was read.
  EXPECT_TRUE(contains(inputErrorOf([&] { writeHello(dir.path() / "." / "data.csv"); }),
                       "refusing to write over it"));
  rememberInputFile(dir.path() / "later.csv");
  EXPECT_TRUE(contains(inputErrorOf([&] { writeHello(dir.path() / "later.csv"); }),
                       "refusing to write over it"));
  EXPECT_EQ(readText(data), "x,y\n1,2\n");
  writeHello(dir.path() / "other.csv"); // everything else is written as before
}

TEST(AtomicFile, AnInputDeletedSinceNeverStandsForTheFileThatTookItsPlace) {
  // A new file often gets a deleted file's inode: the (device, inode) an input had when it was
  // read must not refuse the writes of a file made later in this process.
  const TempDir dir;
  for (int i = 0; i < 20; ++i) {
    const auto input = dir.path() / ("read-" + std::to_string(i) + ".csv");
    writeText(input, "x\n");
    rememberInputFile(input);
    std::filesystem::remove(input);
    const auto output = dir.path() / ("made-" + std::to_string(i) + ".csv");
    writeText(output, "y\n");
    writeHello(output);
    EXPECT_EQ(readText(output), "hello\n") << output;
  }
}

} // namespace
} // namespace lrscope::engine
