// Input text in messages: one line, bounded, UTF-8 kept whole, JSON depth limited.
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"
#include "lrscope/engine/json_value.h"
#include "lrscope/engine/message_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace lrscope::engine {
namespace {

std::string errorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(MessageText, PrintableEscapesControlsAndBrokenUtf8AndKeepsTheRest) {
  EXPECT_EQ(printable("plain ünïcödé €"), "plain ünïcödé €");
  EXPECT_EQ(printable("a\nb\r\tc\x1b[31m\x7f\x01"), "a\\nb\\r\\tc\\e[31m\\x7f\\x01");
  EXPECT_EQ(printable("bad \xff byte, cut \xe2\x82"), "bad \\xff byte, cut \\xe2\\x82");
  EXPECT_EQ(printable("overlong \xc0\xaf, surrogate \xed\xa0\x80"),
            "overlong \\xc0\\xaf, surrogate \\xed\\xa0\\x80");
}

TEST(MessageText, ExcerptCutsLongTextOutsideACharacterAndSaysHowMuchIsLeft) {
  EXPECT_EQ(excerpt("short"), "short");
  const std::string longText(1000, 'x');
  EXPECT_EQ(excerpt(longText, 10), "xxxxxxxxxx... (990 more bytes)");
  // 'é' is two bytes; a cut at 3 would split the second one.
  EXPECT_EQ(excerpt("aéé", 4), "aé... (2 more bytes)");
  EXPECT_EQ(quotedExcerpt("a\nb"), "\"a\\nb\"");
}

TEST(MessageText, ClassListNamesTheFirstClassesAndCountsTheRest) {
  EXPECT_EQ(classListText({}), "");
  EXPECT_EQ(classListText({"only"}), "1 class: only");
  EXPECT_EQ(classListText({"T-shirt/top", "Trouser", "Ankle boot"}),
            "3 classes: T-shirt/top, Trouser, Ankle boot");
  std::vector<std::string> hundred;
  for (int i = 0; i < 100; ++i)
    hundred.push_back("c" + std::to_string(i));
  EXPECT_EQ(classListText(hundred),
            "100 classes: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, and 88 more");
  // A name from a file is shown on one line and cut short.
  EXPECT_EQ(classListText({"a\nb", std::string(50, 'x')}),
            "2 classes: a\\nb, " + std::string(40, 'x') + "... (10 more bytes)");
}

TEST(MessageText, Utf8IsCheckedAndEscapedLosslessly) {
  EXPECT_TRUE(isValidUtf8("ascii, é, €, 𝄞"));
  EXPECT_FALSE(isValidUtf8("\xff"));
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80")); // beyond U+10FFFF
  EXPECT_EQ(utf8Escaped("name\xfe\xff.csv"), "name\\xfe\\xff.csv");
  EXPECT_EQ(utf8Escaped("keep\nnewline é"), "keep\nnewline é");
  EXPECT_EQ(errorOf([] { requireUtf8("d\xff", "the data set"); }),
            "the data set \"d\\xff\" is not valid UTF-8, which LR Scope needs to store it; rename "
            "it (or link it under a UTF-8 name)");
}

TEST(JsonInput, RefusesNestingDeeperThanTheLimitBeforeRecursing) {
  const std::string atLimit =
      std::string(kMaxJsonDepth, '[') + "1" + std::string(kMaxJsonDepth, ']');
  EXPECT_NO_THROW((void)parseJsonInput(atLimit, "ok.json"));
  for (const std::size_t depth : {std::size_t(kMaxJsonDepth + 1), std::size_t(1000000)}) {
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    EXPECT_EQ(errorOf([&] { (void)parseJsonInput(deep, "deep.json"); }),
              "deep.json: JSON nested deeper than 64 levels; LR Scope reads no file that deep");
  }
  std::string objects;
  for (int i = 0; i < 100000; ++i)
    objects += "{\"a\":";
  EXPECT_NE(errorOf([&] { (void)parseJsonInput(objects, "o.json"); }).find("nested deeper"),
            std::string::npos);
}

TEST(JsonInput, SyntaxErrorsAreOneBoundedLineWithLineAndColumn) {
  const std::string error = errorOf([] {
    (void)parseJsonInput("{\n  \"a\": 1,\n  \"b\": \"" + std::string(100000, 'z') + "\n}",
                         "x.json");
  });
  EXPECT_EQ(error.rfind("x.json: not valid JSON: parse error at line 4, column 0", 0), 0u) << error;
  EXPECT_LT(error.size(), kMessageChars);
  EXPECT_EQ(error.find('\n'), std::string::npos);
}

TEST(JsonValue, ExactValueTakesOnlyWhatTheTypeHoldsExactly) {
  using nlohmann::json;
  EXPECT_EQ(exactValue<int>(json(20)), 20);
  EXPECT_EQ(exactValue<int>(json(20.0)), 20);
  EXPECT_FALSE(exactValue<int>(json(20.7)));
  EXPECT_FALSE(exactValue<int>(json(4294967316LL)));
  EXPECT_FALSE(exactValue<int>(json(1e12)));
  EXPECT_FALSE(exactValue<int>(json("12")));
  EXPECT_FALSE(exactValue<uint64_t>(json(-1)));
  EXPECT_FALSE(exactValue<uint64_t>(json(1e23)));
  EXPECT_EQ(exactValue<uint64_t>(json(18446744073709551615ULL)), 18446744073709551615ULL);
  EXPECT_FALSE(exactValue<int64_t>(json(9.3e18)));
  EXPECT_FALSE(exactValue<bool>(json(1)));
  EXPECT_EQ(exactValue<double>(json(3)), 3.0);
  EXPECT_EQ(exactValue<std::vector<int64_t>>(json::parse("[256, 128]")),
            (std::vector<int64_t>{256, 128}));
  EXPECT_FALSE(exactValue<std::vector<int64_t>>(json::parse("[256, 1.5]")));
  EXPECT_EQ(expectedValue<int>(), "a whole number from -2147483648 to 2147483647");
}

} // namespace
} // namespace lrscope::engine
