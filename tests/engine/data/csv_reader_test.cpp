#include "lrscope/engine/csv_reader.h"

#include "lrscope/engine/input_error.h"
#include "test_files.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

using test::contains;
using test::inputErrorOf;
using test::TempDir;
using test::writeText;

CsvOptions labelled(const std::string& column, TaskKind task = TaskKind::Classification) {
  CsvOptions options;
  options.labelColumn = column;
  options.task = task;
  return options;
}

TEST(CsvReaderTest, ReadsStringLabelsInLexicographicOrder) {
  const TempDir dir;
  writeText(dir / "iris.csv", "sepal,species,petal\n"
                              "5.1,setosa,1.4\n"
                              "\n"
                              "7.0,versicolor,4.7\r\n"
                              "6.3,Virginica,6.0\n"
                              "4.9,setosa,1.5\n");
  const Dataset data = readCsvTable(dir / "iris.csv", labelled("species"));
  EXPECT_EQ(data.name, "iris");
  EXPECT_EQ(data.task, TaskKind::Classification);
  EXPECT_EQ(data.exampleShape, std::vector<int64_t>{2});
  EXPECT_EQ(data.size(), 4);
  EXPECT_EQ(data.features, (std::vector<float>{5.1F, 1.4F, 7.0F, 4.7F, 6.3F, 6.0F, 4.9F, 1.5F}));
  EXPECT_EQ(data.classNames, (std::vector<std::string>{"Virginica", "setosa", "versicolor"}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{1, 2, 0, 1}));
}

TEST(CsvReaderTest, ReadsIntegerLabelsInNumericOrder) {
  const TempDir dir;
  writeText(dir / "digits.csv", "x,label\n1,10\n2,9\n3,-1\n4,10\n5,2\n");
  const Dataset data = readCsvTable(dir / "digits.csv", labelled("label"));
  EXPECT_EQ(data.classNames, (std::vector<std::string>{"-1", "2", "9", "10"}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{3, 2, 0, 3, 1}));
  EXPECT_EQ(data.outputSize(), 4);
}

TEST(CsvReaderTest, ReadsRegressionTargets) {
  const TempDir dir;
  writeText(dir / "houses.csv", "rooms,price,age\n3, 2.5 ,10\n4,1e-3,+7\n");
  const Dataset data = readCsvTable(dir / "houses.csv", labelled("price", TaskKind::Regression));
  EXPECT_EQ(data.task, TaskKind::Regression);
  EXPECT_EQ(data.features, (std::vector<float>{3, 10, 4, 7}));
  EXPECT_EQ(data.targets, (std::vector<float>{2.5F, 1e-3F}));
  EXPECT_TRUE(data.labels.empty());
  EXPECT_TRUE(data.classNames.empty());
  EXPECT_EQ(data.outputSize(), 1);
}

TEST(CsvReaderTest, UnderstandsQuotedFields) {
  const TempDir dir;
  writeText(dir / "quoted.csv", "\"width, cm\",\"kind\"\n"
                                "\"1.5\",\"a, \"\"big\"\" one\"\n"
                                "2,\"two\nlines\"\n"
                                "3,\"a, \"\"big\"\" one\"\n");
  const Dataset data = readCsvTable(dir / "quoted.csv", labelled("kind"));
  EXPECT_EQ(data.features, (std::vector<float>{1.5F, 2.0F, 3.0F}));
  EXPECT_EQ(data.classNames, (std::vector<std::string>{"a, \"big\" one", "two\nlines"}));
  EXPECT_EQ(data.labels, (std::vector<int64_t>{0, 1, 0}));
}

TEST(CsvReaderTest, CountsLinesAcrossQuotedLineBreaks) {
  const TempDir dir;
  writeText(dir / "lines.csv", "x,kind\n1,\"two\nlines\"\n2,a\nnope,b\n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "lines.csv", labelled("kind")); });
  EXPECT_TRUE(contains(message, "lines.csv:5: column \"x\": \"nope\" is not a number")) << message;
}

TEST(CsvReaderTest, AcceptsOtherDelimiters) {
  const TempDir dir;
  writeText(dir / "semi.csv", "a;b;y\n1.5;2;x\n");
  CsvOptions options = labelled("y");
  options.delimiter = ';';
  const Dataset data = readCsvTable(dir / "semi.csv", options);
  EXPECT_EQ(data.features, (std::vector<float>{1.5F, 2.0F}));
  EXPECT_EQ(data.classNames, std::vector<std::string>{"x"});
}

TEST(CsvReaderTest, DoesNotReadDecimalCommas) {
  const TempDir dir;
  writeText(dir / "comma.csv", "a;b;y\n1,5;2;x\n");
  CsvOptions options = labelled("y");
  options.delimiter = ';';
  const std::string message = inputErrorOf([&] { (void)readCsvTable(dir / "comma.csv", options); });
  EXPECT_TRUE(contains(message, "comma.csv:2: column \"a\": \"1,5\" is not a number")) << message;
}

TEST(CsvReaderTest, RejectsAMissingLabelColumnListingTheColumns) {
  const TempDir dir;
  writeText(dir / "data.csv", "a,b,c\n1,2,3\n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("species")); });
  EXPECT_TRUE(contains(message, "data.csv: no column \"species\" (columns: a, b, c)")) << message;
}

TEST(CsvReaderTest, RejectsARaggedRow) {
  const TempDir dir;
  writeText(dir / "data.csv", "a,b,c,d,y\n1,2,3,4,x\n1,2,3,4,x\n\n1,2,3,x\n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("y")); });
  EXPECT_TRUE(contains(message, "data.csv:5: expected 5 columns as in the header, found 4"))
      << message;
}

TEST(CsvReaderTest, RejectsANonNumericCellNamingFileLineAndColumn) {
  const TempDir dir;
  writeText(dir / "data.csv", "petal_length,petal_width,species\n1,2,a\n1,abc,b\n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("species")); });
  EXPECT_TRUE(contains(message, (dir / "data.csv").string() +
                                    ":3: column \"petal_width\": \"abc\" is not a number"))
      << message;
}

TEST(CsvReaderTest, RejectsEmptyAndPartlyNumericCells) {
  const TempDir dir;
  for (const std::string cell : {"", "1.5x", "--1", "0x10", "1 2"}) {
    writeText(dir / "data.csv", "a,y\n" + cell + ",k\n");
    const std::string message =
        inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("y")); });
    EXPECT_TRUE(contains(message, "data.csv:2: column \"a\": \"" + cell + "\" is not a number"))
        << message;
  }
}

TEST(CsvReaderTest, RejectsNonFiniteNumbers) {
  const TempDir dir;
  for (const std::string cell : {"nan", "inf", "1e999", "1e39"}) {
    writeText(dir / "data.csv", "a,y\n" + cell + ",k\n");
    const std::string message =
        inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("y")); });
    EXPECT_TRUE(contains(message, "\"" + cell + "\" is not a finite number")) << message;
  }
}

TEST(CsvReaderTest, RejectsANonNumericRegressionTarget) {
  const TempDir dir;
  writeText(dir / "data.csv", "a,y\n1,2\n2,high\n");
  const std::string message = inputErrorOf(
      [&] { (void)readCsvTable(dir / "data.csv", labelled("y", TaskKind::Regression)); });
  EXPECT_TRUE(contains(message, "data.csv:3: column \"y\": \"high\" is not a number")) << message;
}

TEST(CsvReaderTest, RejectsATableWithoutDataRows) {
  const TempDir dir;
  writeText(dir / "data.csv", "a,y\n\n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("y")); });
  EXPECT_TRUE(contains(message, "no data rows")) << message;
}

TEST(CsvReaderTest, RejectsAnEmptyFileAndAnEmptyLabel) {
  const TempDir dir;
  writeText(dir / "empty.csv", "");
  EXPECT_TRUE(contains(inputErrorOf([&] { (void)readCsvTable(dir / "empty.csv", labelled("y")); }),
                       "empty"));
  writeText(dir / "data.csv", "a,y\n1,k\n2,  \n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("y")); });
  EXPECT_TRUE(contains(message, "data.csv:3: column \"y\": the label is empty")) << message;
}

TEST(CsvReaderTest, RejectsAnUnclosedQuote) {
  const TempDir dir;
  writeText(dir / "data.csv", "a,y\n1,k\n\"2,k\n3,k\n");
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "data.csv", labelled("y")); });
  EXPECT_TRUE(contains(message, "data.csv:3: column 1")) << message;
  EXPECT_TRUE(contains(message, "never closed")) << message;
}

TEST(CsvReaderTest, RejectsAMissingFile) {
  const TempDir dir;
  const std::string message =
      inputErrorOf([&] { (void)readCsvTable(dir / "absent.csv", labelled("y")); });
  EXPECT_TRUE(contains(message, "absent.csv: file not found")) << message;
}

} // namespace
} // namespace lrscope::engine
