// The cache of decoded image folders: hits, misses, damaged files, and folders it cannot use.
#include "image_test_files.h"
#include "lrscope/engine/image_folder.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

namespace lrscope::engine {
namespace {

using test::TempDir;
using test::writeGrayPng;
using test::writeJpeg;
using test::writePng;
using test::writeText;

class ImageCacheTest : public ::testing::Test {
protected:
  ImageCacheTest() {
    for (const std::string name : {"cat", "dog"}) {
      std::filesystem::create_directories(m_dir / name);
      for (int i = 0; i < 3; ++i) {
        std::vector<uint8_t> rgb(5 * 7 * 3);
        for (std::size_t p = 0; p < rgb.size(); ++p) {
          rgb[p] = static_cast<uint8_t>(p * 3 + i * 40 + (name == "dog" ? 7 : 0));
        }
        const auto file = m_dir / name / (std::to_string(i) + (i == 2 ? ".jpg" : ".png"));
        if (i == 2) {
          writeJpeg(file, 5, 7, 3, rgb);
        } else {
          writePng(file, 5, 7, 3, rgb);
        }
      }
    }
    m_listing = listImageFolder(m_dir.path());
    m_options.size = {4, 4};
    m_options.channels = 1;
  }

  DecodedImages decode() const {
    return decodeImages(m_listing.train, m_listing.classNames, m_options, "pets");
  }

  /// The cache files written so far.
  [[nodiscard]] std::vector<std::filesystem::path> cacheFiles() const {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(imageCacheFolder(), error)) {
      files.push_back(entry.path());
    }
    return files;
  }

  /// The one cache file, after a first decode wrote it.
  [[nodiscard]] std::filesystem::path theCacheFile() const {
    const auto files = cacheFiles();
    EXPECT_EQ(files.size(), 1U);
    return files.empty() ? std::filesystem::path() : files.front();
  }

  /// A first decode writes the cache; the damage done by `damage` makes the next one rebuild it.
  template <typename Damage> void expectRebuiltAfter(Damage damage) {
    const DecodedImages fresh = decode();
    ASSERT_TRUE(fresh.cacheWritten);
    damage(theCacheFile());
    const DecodedImages rebuilt = decode();
    EXPECT_FALSE(rebuilt.fromCache);
    EXPECT_TRUE(rebuilt.cacheWritten);
    EXPECT_EQ(rebuilt.data.features, fresh.data.features);
    EXPECT_EQ(rebuilt.data.labels, fresh.data.labels);
    EXPECT_TRUE(decode().fromCache);
  }

  TempDir m_dir;
  TempDir m_cache;
  test::ScopedCacheHome m_cacheHome{m_cache.path()};
  ImageFolderListing m_listing;
  ImageOptions m_options;
};

TEST_F(ImageCacheTest, ASecondDecodeComesFromTheCacheBitForBit) {
  const DecodedImages fresh = decode();
  EXPECT_FALSE(fresh.fromCache);
  EXPECT_TRUE(fresh.cacheWritten);
  const auto file = theCacheFile();
  EXPECT_EQ(file.parent_path(), m_cache.path() / "lrscope");
  const std::string name = file.filename().string();
  EXPECT_EQ(name.size(), std::string("images-0123456789abcdef.bin").size()) << name;
  EXPECT_EQ(name.rfind("images-", 0), 0U) << name;

  const DecodedImages cached = decode();
  EXPECT_TRUE(cached.fromCache);
  EXPECT_FALSE(cached.cacheWritten);
  EXPECT_EQ(cached.data.features, fresh.data.features);
  EXPECT_EQ(cached.data.labels, fresh.data.labels);
  EXPECT_EQ(cached.data.exampleShape, (std::vector<int64_t>{1, 4, 4}));
  EXPECT_EQ(cached.data.classNames, fresh.data.classNames);
  EXPECT_EQ(cached.data.name, "pets");
  EXPECT_EQ(cached.data.task, TaskKind::Classification);
}

TEST_F(ImageCacheTest, EachListAndEachSetOfOptionsHasItsOwnFile) {
  (void)decode();
  m_options.channels = 3;
  EXPECT_FALSE(decode().fromCache);
  m_options.skipBadImages = true;
  EXPECT_FALSE(decode().fromCache);
  const std::vector<ImageFile> sample(m_listing.train.begin() + 1, m_listing.train.end() - 1);
  EXPECT_FALSE(decodeImages(sample, m_listing.classNames, m_options, "pets").fromCache);
  EXPECT_TRUE(decodeImages(sample, m_listing.classNames, m_options, "pets").fromCache);
  EXPECT_EQ(cacheFiles().size(), 4U);
}

TEST_F(ImageCacheTest, SkippedFilesComeBackFromTheCache) {
  writeText(m_dir / "dog" / "9.png", "not an image");
  m_listing = listImageFolder(m_dir.path());
  m_options.skipBadImages = true;
  const DecodedImages fresh = decode();
  ASSERT_EQ(fresh.skipped.size(), 1U);
  const DecodedImages cached = decode();
  EXPECT_TRUE(cached.fromCache);
  EXPECT_EQ(cached.skipped, fresh.skipped);
  EXPECT_EQ(cached.data.size(), 6);
}

TEST_F(ImageCacheTest, ATouchedOrChangedFileRebuildsTheCache) {
  const DecodedImages fresh = decode();
  const auto file = m_dir / "cat" / "0.png";
  std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) +
                                             std::chrono::nanoseconds(1000));
  const DecodedImages touched = decode();
  EXPECT_FALSE(touched.fromCache);
  EXPECT_TRUE(touched.cacheWritten);
  EXPECT_EQ(touched.data.features, fresh.data.features);

  writeGrayPng(file, 8, 8, 77); // another content and size
  const DecodedImages changed = decode();
  EXPECT_FALSE(changed.fromCache);
  EXPECT_EQ(changed.data.features[0], 77.0F);
  EXPECT_TRUE(decode().fromCache);
}

TEST_F(ImageCacheTest, AFlippedByteIsRebuilt) {
  expectRebuiltAfter([](const std::filesystem::path& file) {
    std::fstream io(file, std::ios::binary | std::ios::in | std::ios::out);
    const auto middle = static_cast<std::streamoff>(std::filesystem::file_size(file) / 2);
    io.seekg(middle);
    const char byte = static_cast<char>(io.get());
    io.seekp(middle);
    io.put(static_cast<char>(byte ^ 0x10));
  });
}

TEST_F(ImageCacheTest, ATruncatedFileIsRebuilt) {
  expectRebuiltAfter([](const std::filesystem::path& file) { test::truncateFile(file, 100); });
}

TEST_F(ImageCacheTest, AnEmptyFileIsRebuilt) {
  expectRebuiltAfter([](const std::filesystem::path& file) { writeText(file, ""); });
}

TEST_F(ImageCacheTest, AnotherVersionIsRebuilt) {
  expectRebuiltAfter([](const std::filesystem::path& file) {
    // The version follows the 20-byte magic line; the CRC would catch the change too, so the
    // CRC is left as it is and only the version is what a reader could trust wrongly.
    std::fstream io(file, std::ios::binary | std::ios::in | std::ios::out);
    io.seekp(20);
    io.put(2);
  });
}

TEST_F(ImageCacheTest, AFileHoldingAnotherKeyIsNotTrusted) {
  // Another list's valid cache file under this list's name: the key inside tells them apart.
  const std::vector<ImageFile> other(m_listing.train.begin(), m_listing.train.begin() + 2);
  ASSERT_TRUE(decodeImages(other, m_listing.classNames, m_options, "pets").cacheWritten);
  const auto otherFile = theCacheFile();
  const DecodedImages fresh = decode();
  std::filesystem::path mine;
  for (const auto& file : cacheFiles()) {
    mine = file == otherFile ? mine : file;
  }
  std::filesystem::copy_file(otherFile, mine, std::filesystem::copy_options::overwrite_existing);
  const DecodedImages again = decode();
  EXPECT_FALSE(again.fromCache);
  EXPECT_EQ(again.data.size(), 6);
  EXPECT_EQ(again.data.features, fresh.data.features);
}

TEST_F(ImageCacheTest, NoCacheMeansNothingReadOrWritten) {
  m_options.useCache = false;
  const DecodedImages first = decode();
  EXPECT_FALSE(first.cacheWritten);
  EXPECT_FALSE(decode().fromCache);
  EXPECT_FALSE(std::filesystem::exists(m_cache.path() / "lrscope"));
}

TEST_F(ImageCacheTest, AFolderThatCannotBeWrittenOnlyMeansNoCache) {
  const auto folder = m_cache.path() / "lrscope";
  std::filesystem::create_directories(folder);
  std::filesystem::permissions(folder, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_exec);
  const DecodedImages readOnly = decode();
  std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
  EXPECT_EQ(readOnly.data.size(), 6);
  if (geteuid() != 0) { // root writes through permissions
    EXPECT_FALSE(readOnly.cacheWritten);
  }

  // A file where the folder should be: no cache for anyone.
  std::filesystem::remove_all(folder);
  writeText(folder, "in the way");
  const DecodedImages blocked = decode();
  EXPECT_EQ(blocked.data.size(), 6);
  EXPECT_FALSE(blocked.cacheWritten);
  EXPECT_FALSE(blocked.fromCache);
}

TEST_F(ImageCacheTest, NoCacheWithoutACacheHomeOrHome) {
  const char* home = std::getenv("HOME");
  const std::string oldHome = home ? home : "";
  const test::ScopedCacheHome noCacheHome("");
  unsetenv("HOME");
  EXPECT_TRUE(imageCacheFolder().empty());
  const DecodedImages decoded = decode();
  if (home) {
    setenv("HOME", oldHome.c_str(), 1);
  }
  EXPECT_EQ(decoded.data.size(), 6);
  EXPECT_FALSE(decoded.cacheWritten);
}

} // namespace
} // namespace lrscope::engine
