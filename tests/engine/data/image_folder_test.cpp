// Image folders: listing, decoding PNG and JPEG files, bad inputs, splits and threads.
#include "image_test_files.h"
#include "lrscope/engine/image_folder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace lrscope::engine {
namespace {

using test::contains;
using test::inputErrorOf;
using test::pixelsOf;
using test::TempDir;
using test::writeBytes;
using test::writeGrayPng;
using test::writeJpeg;
using test::writePng;
using test::writeText;

/// Every test decodes through a cache folder of its own.
class ImageFolderTest : public ::testing::Test {
protected:
  /// FOLDER/CLASS/, created.
  std::filesystem::path classFolder(const std::filesystem::path& folder, const std::string& name) {
    std::filesystem::create_directories(folder / name);
    return folder / name;
  }
  /// Two classes of `count` 3x4 gray PNGs each.
  std::filesystem::path twoClasses(int count = 2) {
    for (const std::string name : {"cat", "dog"}) {
      for (int i = 0; i < count; ++i) {
        writeGrayPng(classFolder(m_dir / "pets", name) / (std::to_string(i) + ".png"), 3, 4,
                     static_cast<uint8_t>(name == "cat" ? 10 + i : 100 + i));
      }
    }
    return m_dir / "pets";
  }
  [[nodiscard]] ImageOptions noCache() const {
    ImageOptions options;
    options.useCache = false;
    return options;
  }

  TempDir m_dir;
  TempDir m_cache;
  test::ScopedCacheHome m_cacheHome{m_cache.path()};
};

std::vector<std::string> names(const std::vector<ImageFile>& files) {
  std::vector<std::string> result;
  for (const ImageFile& file : files) {
    result.push_back(file.path.parent_path().filename().string() + "/" +
                     file.path.filename().string() + ":" + std::to_string(file.label));
  }
  return result;
}

TEST_F(ImageFolderTest, ListsClassesByNameAndImagesByFileName) {
  const auto root = m_dir / "shapes";
  for (const std::string name : {"b_square", "a_circle", "C"}) {
    for (const std::string file : {"2.png", "10.jpeg", "1.JPG"}) {
      writeGrayPng(classFolder(root, name) / file, 2, 2);
    }
    writeText(root / name / "notes.txt", "not an image");
    writeGrayPng(root / name / ".hidden.png", 2, 2);
    std::filesystem::create_directories(root / name / "nested.png");
  }
  writeGrayPng(classFolder(root, ".thumbnails") / "x.png", 2, 2);
  writeGrayPng(root / "loose.png", 2, 2);

  const ImageFolderListing listing = listImageFolder(root.string() + "/");
  EXPECT_EQ(listing.name, "shapes");
  EXPECT_EQ(listing.classNames, (std::vector<std::string>{"C", "a_circle", "b_square"}));
  EXPECT_EQ(names(listing.train),
            (std::vector<std::string>{"C/1.JPG:0", "C/10.jpeg:0", "C/2.png:0", "a_circle/1.JPG:1",
                                      "a_circle/10.jpeg:1", "a_circle/2.png:1", "b_square/1.JPG:2",
                                      "b_square/10.jpeg:2", "b_square/2.png:2"}));
  EXPECT_TRUE(listing.validation.empty());
  EXPECT_TRUE(listing.test.empty());
  EXPECT_EQ(listing.imageCount(), 9);
}

TEST_F(ImageFolderTest, ListsSplitFoldersWithTheTrainingClasses) {
  const auto root = m_dir / "splits";
  writeGrayPng(classFolder(root / "train", "ant") / "a.png", 2, 2);
  writeGrayPng(classFolder(root / "train", "bee") / "b.png", 2, 2);
  writeGrayPng(classFolder(root / "train", "cow") / "c.png", 2, 2);
  writeGrayPng(classFolder(root / "val", "cow") / "v.png", 2, 2);
  writeGrayPng(classFolder(root / "test", "bee") / "t1.png", 2, 2);
  writeGrayPng(classFolder(root / "test", "ant") / "t2.png", 2, 2);

  const ImageFolderListing listing = listImageFolder(root);
  EXPECT_EQ(listing.classNames, (std::vector<std::string>{"ant", "bee", "cow"}));
  EXPECT_EQ(names(listing.train),
            (std::vector<std::string>{"ant/a.png:0", "bee/b.png:1", "cow/c.png:2"}));
  EXPECT_EQ(names(listing.validation), (std::vector<std::string>{"cow/v.png:2"}));
  EXPECT_EQ(names(listing.test), (std::vector<std::string>{"ant/t2.png:0", "bee/t1.png:1"}));
  EXPECT_EQ(listing.imageCount(), 6);
}

TEST_F(ImageFolderTest, NamesAClassThatIsNotUtf8ByItsEscapedBytes) {
  // A Latin-1 "café" beside a UTF-8 one: both are classes, the first named as storage can hold.
  const auto root = m_dir / "drinks";
  for (const std::string name : {"caf\xe9", "caf\xc3\xa9"})
    writeGrayPng(classFolder(root / "train", name) / "1.png", 2, 2);
  writeGrayPng(classFolder(root / "val", "caf\xe9") / "2.png", 2, 2);
  const ImageFolderListing listing = listImageFolder(root);
  // Sorted by the names' bytes: 0xc3 before 0xe9.
  EXPECT_EQ(listing.classNames, (std::vector<std::string>{"caf\xc3\xa9", "caf\\xe9"}));
  EXPECT_EQ(names(listing.validation), (std::vector<std::string>{"caf\xe9/2.png:1"}));
}

TEST_F(ImageFolderTest, TellsImageFoldersApart) {
  EXPECT_TRUE(looksLikeImageFolder(twoClasses()));
  writeGrayPng(classFolder(m_dir / "split" / "train", "x") / "a.jpg", 2, 2);
  EXPECT_TRUE(looksLikeImageFolder(m_dir / "split"));
  EXPECT_FALSE(looksLikeImageFolder(m_dir / "missing"));
  EXPECT_FALSE(looksLikeImageFolder(m_dir / "pets" / "cat" / "0.png"));
  std::filesystem::create_directories(m_dir / "empty");
  EXPECT_FALSE(looksLikeImageFolder(m_dir / "empty"));
  writeText(classFolder(m_dir / "texts", "a") / "readme.txt", "x");
  writeBytes(m_dir / "texts" / "train-images-idx3-ubyte", {0, 0, 8, 1, 0, 0, 0, 0});
  EXPECT_FALSE(looksLikeImageFolder(m_dir / "texts"));
}

TEST_F(ImageFolderTest, RefusesBadLayoutsNamingTheFolder) {
  std::string message = inputErrorOf([&] { (void)listImageFolder(m_dir / "missing"); });
  EXPECT_TRUE(contains(message, (m_dir / "missing").string() + ": folder not found")) << message;

  std::filesystem::create_directories(m_dir / "empty");
  message = inputErrorOf([&] { (void)listImageFolder(m_dir / "empty"); });
  EXPECT_TRUE(contains(message, "no class subfolders")) << message;

  std::filesystem::create_directories(m_dir / "flat");
  writeGrayPng(m_dir / "flat" / "a.png", 2, 2);
  message = inputErrorOf([&] { (void)listImageFolder(m_dir / "flat"); });
  EXPECT_TRUE(contains(message, "only 1 image in the folder itself")) << message;

  writeGrayPng(classFolder(m_dir / "one", "cat") / "a.png", 2, 2);
  message = inputErrorOf([&] { (void)listImageFolder(m_dir / "one"); });
  EXPECT_TRUE(contains(message, "only one class ('cat')")) << message;
  EXPECT_TRUE(contains(message, "at least two classes")) << message;

  const auto root = twoClasses();
  writeText(classFolder(root, "empty_class") / "readme.txt", "x");
  message = inputErrorOf([&] { (void)listImageFolder(root); });
  EXPECT_TRUE(contains(message, (root / "empty_class").string())) << message;
  EXPECT_TRUE(contains(message, "no .png, .jpg or .jpeg image")) << message;

  // Split folders holding their images directly are no three classes train, val and test.
  for (const char* split : {"train", "test"})
    writeGrayPng(classFolder(m_dir / "loose", split) / "a.png", 2, 2);
  message = inputErrorOf([&] { (void)listImageFolder(m_dir / "loose"); });
  EXPECT_TRUE(contains(message, (m_dir / "loose" / "train").string() + ": holds no class folders"))
      << message;
}

TEST_F(ImageFolderTest, RefusesAValidationClassThatTrainingLacks) {
  const auto root = m_dir / "splits";
  writeGrayPng(classFolder(root / "train", "ant") / "a.png", 2, 2);
  writeGrayPng(classFolder(root / "train", "bee") / "b.png", 2, 2);
  writeGrayPng(classFolder(root / "val", "wasp") / "w.png", 2, 2);
  const std::string message = inputErrorOf([&] { (void)listImageFolder(root); });
  EXPECT_TRUE(contains(message, (root / "val" / "wasp").string())) << message;
  EXPECT_TRUE(contains(message, "class 'wasp' has no folder in train/")) << message;
}

TEST_F(ImageFolderTest, DecodesGrayAndColourPngsOfOddSizesExactly) {
  std::vector<uint8_t> gray(5 * 7);
  for (std::size_t i = 0; i < gray.size(); ++i) {
    gray[i] = static_cast<uint8_t>(i * 7);
  }
  writePng(classFolder(m_dir / "gray", "a") / "x.png", 5, 7, 1, gray);
  writePng(classFolder(m_dir / "gray", "b") / "y.png", 5, 7, 1, gray);
  const DataSplits splits = readImageFolder(m_dir / "gray", noCache());
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{1, 5, 7}));
  EXPECT_EQ(splits.train.labels, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(splits.train.classNames, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(splits.train.name, "gray");
  EXPECT_EQ(splits.train.task, TaskKind::Classification);
  std::vector<float> expected(gray.begin(), gray.end());
  expected.insert(expected.end(), gray.begin(), gray.end());
  EXPECT_EQ(splits.train.features, expected);
  EXPECT_EQ(splits.test.size(), 0);
  EXPECT_EQ(splits.test.exampleShape, splits.train.exampleShape);
  EXPECT_EQ(splits.validation.classNames, splits.train.classNames);

  // 3x5 colour; interleaved in the file, channel-major in the Dataset.
  std::vector<uint8_t> rgb(3 * 5 * 3);
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    rgb[i] = static_cast<uint8_t>(255 - i * 5);
  }
  writePng(m_dir / "rgb.png", 3, 5, 3, rgb);
  const Dataset colour =
      decodeImages({{m_dir / "rgb.png", 1}}, {"a", "b"}, noCache(), "colour").data;
  EXPECT_EQ(colour.exampleShape, (std::vector<int64_t>{3, 3, 5}));
  for (int c = 0; c < 3; ++c) {
    for (int p = 0; p < 15; ++p) {
      EXPECT_EQ(colour.features[c * 15 + p], rgb[p * 3 + c]) << c << " " << p;
    }
  }
}

TEST_F(ImageFolderTest, DecodesJpegsWithinTheirLoss) {
  std::vector<uint8_t> gray(7 * 9);
  std::vector<uint8_t> rgb(9 * 7 * 3);
  for (std::size_t i = 0; i < gray.size(); ++i) {
    gray[i] = static_cast<uint8_t>(40 + 2 * i);
    rgb[i * 3] = static_cast<uint8_t>(200 - i);
    rgb[i * 3 + 1] = static_cast<uint8_t>(60 + i);
    rgb[i * 3 + 2] = 120;
  }
  writeJpeg(m_dir / "gray.jpg", 7, 9, 1, gray);
  writeJpeg(m_dir / "rgb.jpeg", 9, 7, 3, rgb);
  const Dataset g = decodeImages({{m_dir / "gray.jpg", 0}}, {"a", "b"}, noCache(), "j").data;
  ASSERT_EQ(g.exampleShape, (std::vector<int64_t>{1, 7, 9}));
  for (std::size_t i = 0; i < gray.size(); ++i) {
    EXPECT_NEAR(g.features[i], gray[i], 2.0) << i;
  }
  const Dataset c = decodeImages({{m_dir / "rgb.jpeg", 0}}, {"a", "b"}, noCache(), "j").data;
  ASSERT_EQ(c.exampleShape, (std::vector<int64_t>{3, 9, 7}));
  for (std::size_t p = 0; p < 63; ++p) {
    for (std::size_t ch = 0; ch < 3; ++ch) {
      EXPECT_NEAR(c.features[ch * 63 + p], rgb[p * 3 + ch], 3.0) << p << " " << ch;
    }
  }
  // Resized: a uniform colour stays that colour.
  writeJpeg(m_dir / "flat.jpg", 9, 13, 3, [] {
    std::vector<uint8_t> v;
    for (int i = 0; i < 9 * 13; ++i) {
      v.insert(v.end(), {200, 100, 50});
    }
    return v;
  }());
  ImageOptions small = noCache();
  small.size = {4, 4};
  const Dataset r = decodeImages({{m_dir / "flat.jpg", 0}}, {"a", "b"}, small, "j").data;
  ASSERT_EQ(r.exampleShape, (std::vector<int64_t>{3, 4, 4}));
  for (std::size_t i = 0; i < r.features.size(); ++i) {
    EXPECT_NEAR(r.features[i], (i < 16 ? 200 : i < 32 ? 100 : 50), 3.0) << i;
  }
}

TEST_F(ImageFolderTest, DetectsTheFormatFromTheBytesNotTheName) {
  writePng(m_dir / "png-named.jpg", 1, 2, 1, {3, 4});
  writeJpeg(m_dir / "jpeg-named.png", 1, 2, 1, {128, 128});
  const Dataset data = decodeImages({{m_dir / "png-named.jpg", 0}, {m_dir / "jpeg-named.png", 1}},
                                    {"a", "b"}, noCache(), "swapped")
                           .data;
  ASSERT_EQ(data.features.size(), 4U);
  EXPECT_EQ(data.features[0], 3.0F);
  EXPECT_EQ(data.features[1], 4.0F);
  EXPECT_NEAR(data.features[2], 128.0F, 1.0F);
}

TEST_F(ImageFolderTest, ScalesSixteenBitPngsToEightBits) {
  // Big-endian 16-bit samples without gamma information: 257 * v reads back as v.
  const std::vector<uint8_t> gray16 = {0x00, 0x00, 0xFF, 0xFF, 0x80, 0x80, 0xC8, 0xC8};
  writeBytes(m_dir / "gray16.png", test::pngBytes(1, 4, 16, 0, gray16));
  const std::vector<uint8_t> rgb16 = {0xFF, 0xFF, 0x00, 0x00, 0x0A, 0x0A};
  writeBytes(m_dir / "rgb16.png", test::pngBytes(1, 1, 16, 2, rgb16));
  const Dataset gray = decodeImages({{m_dir / "gray16.png", 0}}, {"a", "b"}, noCache(), "16").data;
  EXPECT_EQ(gray.exampleShape, (std::vector<int64_t>{1, 1, 4}));
  EXPECT_EQ(pixelsOf(gray.features), (std::vector<int>{0, 255, 128, 200}));
  const Dataset rgb = decodeImages({{m_dir / "rgb16.png", 0}}, {"a", "b"}, noCache(), "16").data;
  EXPECT_EQ(rgb.exampleShape, (std::vector<int64_t>{3, 1, 1}));
  EXPECT_EQ(pixelsOf(rgb.features), (std::vector<int>{255, 0, 10}));
}

TEST_F(ImageFolderTest, ExpandsPalettesToColour) {
  const std::vector<uint8_t> palette = {255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90};
  writeBytes(m_dir / "palette.png", test::pngBytes(2, 2, 8, 3, {0, 1, 2, 3}, palette));
  const Dataset data =
      decodeImages({{m_dir / "palette.png", 0}}, {"a", "b"}, noCache(), "palette").data;
  EXPECT_EQ(data.exampleShape, (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(pixelsOf(data.features),
            (std::vector<int>{255, 0, 0, 90, 0, 255, 0, 90, 0, 0, 255, 90}));
}

TEST_F(ImageFolderTest, DropsAlpha) {
  writePng(m_dir / "rgba.png", 1, 3, 4, {200, 100, 50, 255, 10, 20, 30, 128, 70, 80, 90, 0});
  writePng(m_dir / "ga.png", 1, 2, 2, {40, 255, 60, 0});
  const Dataset rgb = decodeImages({{m_dir / "rgba.png", 0}}, {"a", "b"}, noCache(), "a").data;
  EXPECT_EQ(rgb.exampleShape, (std::vector<int64_t>{3, 1, 3}));
  EXPECT_EQ(pixelsOf(rgb.features), (std::vector<int>{200, 10, 70, 100, 20, 80, 50, 30, 90}));
  const Dataset gray = decodeImages({{m_dir / "ga.png", 0}}, {"a", "b"}, noCache(), "a").data;
  EXPECT_EQ(gray.exampleShape, (std::vector<int64_t>{1, 1, 2}));
  EXPECT_EQ(pixelsOf(gray.features), (std::vector<int>{40, 60}));
}

TEST_F(ImageFolderTest, TheFilesOwnSizeMustAgreeWithoutASizeOption) {
  const auto root = twoClasses();
  writeGrayPng(root / "dog" / "big.png", 6, 4);
  const std::string message = inputErrorOf([&] { (void)readImageFolder(root, noCache()); });
  EXPECT_TRUE(contains(message, (root / "cat" / "0.png").string() + " is 3x4")) << message;
  EXPECT_TRUE(contains(message, (root / "dog" / "big.png").string() + " is 6x4")) << message;
  EXPECT_TRUE(contains(message, "--image-size")) << message;

  ImageOptions sized = noCache();
  sized.size = {2, 2};
  const DataSplits splits = readImageFolder(root, sized);
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(splits.train.size(), 5);
}

TEST_F(ImageFolderTest, MixedChannelsNeedAChannelOption) {
  const auto root = twoClasses();
  writePng(root / "dog" / "colour.png", 3, 4, 3, std::vector<uint8_t>(36, 9));
  const std::string message = inputErrorOf([&] { (void)readImageFolder(root, noCache()); });
  EXPECT_TRUE(contains(message, (root / "cat" / "0.png").string() + " has 1 channel")) << message;
  EXPECT_TRUE(contains(message, (root / "dog" / "colour.png").string() + " has 3")) << message;
  EXPECT_TRUE(contains(message, "--channels 1 or 3")) << message;

  for (const int channels : {1, 3}) {
    ImageOptions options = noCache();
    options.channels = channels;
    const DataSplits splits = readImageFolder(root, options);
    EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{channels, 3, 4}));
    EXPECT_EQ(splits.train.size(), 5);
  }
}

TEST_F(ImageFolderTest, RefusesBadFilesNamingThemAndTheLibrarysReason) {
  std::vector<uint8_t> gradient(10 * 12);
  for (std::size_t i = 0; i < gradient.size(); ++i) {
    gradient[i] = static_cast<uint8_t>(i * 2);
  }
  struct Case {
    std::string file;
    std::string reason;
  };
  const std::vector<Case> cases = {{"cut.png", "PNG image"},
                                   {"cut.jpg", "damaged or cut-short JPEG image"},
                                   {"text.png", "not a PNG or JPEG image"},
                                   {"empty.jpeg", "the file is empty"}};
  for (const Case& bad : cases) {
    SCOPED_TRACE(bad.file);
    const TempDir dir;
    for (const std::string name : {"a", "b"}) {
      writeGrayPng(classFolder(dir.path(), name) / "good.png", 10, 12);
    }
    const auto file = dir / "b" / bad.file;
    if (bad.file == "cut.png") {
      writePng(file, 10, 12, 1, gradient);
      test::truncateFile(file, 30);
    } else if (bad.file == "cut.jpg") {
      writeJpeg(file, 10, 12, 1, gradient);
      test::truncateFile(file, 60);
    } else if (bad.file == "text.png") {
      writeText(file, "hello, I am text");
    } else {
      writeText(file, "");
    }
    const std::string message = inputErrorOf([&] { (void)readImageFolder(dir.path(), noCache()); });
    EXPECT_TRUE(contains(message, file.string() + ": ")) << message;
    EXPECT_TRUE(contains(message, bad.reason)) << message;
    EXPECT_TRUE(contains(message, "--skip-bad-images")) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST_F(ImageFolderTest, RefusesImagesThatDeclareTooManyPixels) {
  // A valid 1x1 PNG whose header then declares 100000 x 100000 (CRC fixed): refused before
  // libpng is asked for 10 gigapixels.
  std::vector<uint8_t> png = test::pngBytes(1, 1, 8, 0, {0});
  for (const int at : {16, 20}) {
    png[at + 1] = 0x01, png[at + 2] = 0x86, png[at + 3] = 0xA0;
  }
  const uint32_t crc = static_cast<uint32_t>(crc32(0, png.data() + 12, 17));
  for (int i = 0; i < 4; ++i) {
    png[29 + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
  }
  writeBytes(m_dir / "huge.png", png);
  const std::string message = inputErrorOf([&] {
    (void)decodeImages({{m_dir / "huge.png", 0}}, {"a", "b"}, noCache(), "huge");
  });
  EXPECT_TRUE(contains(message, (m_dir / "huge.png").string() + ": 100000x100000 pixels"))
      << message;
}

TEST_F(ImageFolderTest, SkipsBadImagesWhenAskedAndCountsThem) {
  const auto root = twoClasses(3);
  writeText(root / "cat" / "1a.png", "not an image");
  writeText(root / "dog" / "broken.jpg", "nor this");
  ImageOptions options = noCache();
  options.skipBadImages = true;
  int64_t skipped = -1;
  const DataSplits splits = readImageFolder(root, options, &skipped);
  EXPECT_EQ(skipped, 2);
  EXPECT_EQ(splits.train.size(), 6);
  EXPECT_EQ(splits.train.labels, (std::vector<int64_t>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(splits.train.features[0], 10.0F);

  const ImageFolderListing listing = listImageFolder(root);
  const DecodedImages decoded = decodeImages(listing.train, listing.classNames, options, "pets");
  EXPECT_EQ(decoded.skipped, (std::vector<std::filesystem::path>{root / "cat" / "1a.png",
                                                                 root / "dog" / "broken.jpg"}));

  // The first file bad too: the next one fixes the size.
  writeText(root / "cat" / "0.png", "bad");
  EXPECT_EQ(readImageFolder(root, options, &skipped).train.size(), 5);
  EXPECT_EQ(skipped, 3);
}

TEST_F(ImageFolderTest, RefusesSkippingEveryImageOfAClass) {
  const auto root = twoClasses(2);
  writeText(root / "dog" / "0.png", "bad");
  writeText(root / "dog" / "1.png", "bad");
  ImageOptions options = noCache();
  options.skipBadImages = true;
  const std::string message = inputErrorOf([&] { (void)readImageFolder(root, options); });
  EXPECT_TRUE(contains(message, (root / "dog").string())) << message;
  EXPECT_TRUE(contains(message, "all 2 images of class 'dog' are unreadable")) << message;
}

TEST_F(ImageFolderTest, DecodesOnThreadsInListingOrderAndReportsTheFirstBadFile) {
  const auto root = m_dir / "many";
  for (int i = 0; i < 400; ++i) {
    const std::string name = i < 200 ? "a" : "b";
    char file[16];
    std::snprintf(file, sizeof file, "%03d.png", i);
    writeGrayPng(classFolder(root, name) / file, 2, 3, static_cast<uint8_t>(i % 251));
  }
  const ImageFolderListing listing = listImageFolder(root);
  const Dataset data = decodeImages(listing.train, listing.classNames, noCache(), "many").data;
  ASSERT_EQ(data.size(), 400);
  for (int i = 0; i < 400; ++i) {
    EXPECT_EQ(data.features[i * 6], static_cast<float>(i % 251)) << i;
    EXPECT_EQ(data.labels[i], i < 200 ? 0 : 1) << i;
  }

  writeText(root / "a" / "150.png", "bad");
  writeText(root / "b" / "390.png", "bad");
  writeGrayPng(root / "b" / "260.png", 5, 5); // a size that disagrees, after the first bad file
  for (int attempt = 0; attempt < 5; ++attempt) {
    const std::string message = inputErrorOf(
        [&] { (void)decodeImages(listing.train, listing.classNames, noCache(), "many"); });
    EXPECT_TRUE(contains(message, (root / "a" / "150.png").string() + ": ")) << message;
  }
}

TEST_F(ImageFolderTest, ReadsEverySplitAndChecksThatTheyAgree) {
  const auto root = m_dir / "splits";
  writeGrayPng(classFolder(root / "train", "ant") / "a.png", 3, 3, 1);
  writeGrayPng(classFolder(root / "train", "bee") / "b.png", 3, 3, 2);
  writeGrayPng(classFolder(root / "val", "bee") / "v.png", 3, 3, 3);
  writeGrayPng(classFolder(root / "test", "ant") / "t.png", 3, 3, 4);
  writeGrayPng(classFolder(root / "test", "bee") / "u.png", 3, 3, 5);
  const DataSplits splits = readImageFolder(root, noCache());
  EXPECT_EQ(splits.train.labels, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(splits.validation.labels, (std::vector<int64_t>{1}));
  EXPECT_EQ(splits.validation.features[0], 3.0F);
  EXPECT_EQ(splits.test.labels, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(splits.test.exampleShape, (std::vector<int64_t>{1, 3, 3}));
  EXPECT_EQ(splits.test.classNames, (std::vector<std::string>{"ant", "bee"}));
  EXPECT_EQ(splits.test.name, "splits");

  writeGrayPng(root / "test" / "ant" / "t.png", 4, 4);
  writeGrayPng(root / "test" / "bee" / "u.png", 4, 4);
  const std::string message = inputErrorOf([&] { (void)readImageFolder(root, noCache()); });
  EXPECT_TRUE(contains(message, (root / "test").string())) << message;
  EXPECT_TRUE(contains(message, "--image-size")) << message;
  ImageOptions sized = noCache();
  sized.size = {2, 2};
  EXPECT_EQ(readImageFolder(root, sized).test.exampleShape, (std::vector<int64_t>{1, 2, 2}));
}

TEST_F(ImageFolderTest, FindsTheCacheFolderFromTheEnvironment) {
  EXPECT_EQ(imageCacheFolder(), m_cache.path() / "lrscope");
  const test::ScopedCacheHome empty("");
  const char* home = std::getenv("HOME");
  if (home && *home) {
    EXPECT_EQ(imageCacheFolder(), std::filesystem::path(home) / ".cache" / "lrscope");
  }
}

} // namespace
} // namespace lrscope::engine
