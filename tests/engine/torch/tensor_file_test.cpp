// Tensor files (.pt) written here through libtorch's own pickle writer, as torch.save writes
// them in Python: read back to the same values, splits and classes; every bad file refused in
// one line naming the file and the key.
#include "lrscope/engine/data_source.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/tensor_file.h"

#include "engine/data/test_files.h"
#include "prepared_data.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <string>
#include <vector>

namespace lrscope::engine {
namespace {

using test::TempDir;

/// torch.save(value, file), as libtorch writes it.
void save(const torch::IValue& value, const std::filesystem::path& file) {
  const std::vector<char> bytes = torch::pickle_save(value);
  std::ofstream(file, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// {"x": ..., "y": ...} with the given keys.
torch::IValue dictOf(const std::vector<std::pair<std::string, torch::Tensor>>& entries) {
  c10::Dict<std::string, torch::Tensor> dict;
  for (const auto& [key, tensor] : entries)
    dict.insert(key, tensor);
  return dict;
}

/// Images of 2 x 3 x 4 (float64) whose pixels count up from the example's index x 100.
torch::Tensor images(int64_t count = 12) {
  return (torch::arange(count).reshape({count, 1, 1, 1}) * 100 +
          torch::arange(24).reshape({1, 2, 3, 4}))
      .to(torch::kFloat64);
}
/// Class indices 0, 1, 2, 0, ... (int64).
torch::Tensor classes(int64_t count = 12) {
  return torch::arange(count) % 3;
}

std::string errorOf(const std::filesystem::path& file, TaskKind task = TaskKind::Classification) {
  try {
    (void)readTensorFile(file, task);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(TensorFile, ReadsImagesAndClassIndicesWithTheirSplits) {
  const TempDir dir;
  save(dictOf({{"x", images()},
               {"y", classes()},
               {"x_val", images(3)},
               {"y_val", classes(3)},
               {"x_test", images(6).to(torch::kInt32)},
               {"y_test", (classes(6) + 1).to(torch::kInt16)}}),
       dir / "images.pt");
  const DataSplits splits = readTensorFile(dir / "images.pt", TaskKind::Classification);
  EXPECT_EQ(splits.train.name, "images");
  EXPECT_EQ(splits.train.task, TaskKind::Classification);
  EXPECT_EQ(splits.train.exampleShape, (std::vector<int64_t>{2, 3, 4}));
  ASSERT_EQ(splits.train.size(), 12);
  EXPECT_EQ(splits.train.features[24 * 5 + 7], 507.0F);
  EXPECT_EQ(splits.train.labels[5], 2);
  EXPECT_EQ(splits.validation.size(), 3);
  EXPECT_EQ(splits.test.size(), 6);
  EXPECT_EQ(splits.test.labels[2], 3); // y_test's class 3 names a fourth class for every split
  EXPECT_EQ(splits.train.classNames, (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_EQ(splits.test.classNames, splits.train.classNames);
}

TEST(TensorFile, FloatTargetsAreARegressionAndATableHasOneShapeDimension) {
  const TempDir dir;
  save(dictOf({{"x", torch::rand({20, 5})}, {"y", torch::rand({20, 1})}}), dir / "table.pt");
  // Asked for as the regression it is, so that the run's config says so too.
  EXPECT_NE(errorOf(dir / "table.pt").find("choose the regression task (--task regression)"),
            std::string::npos);
  const DataSplits splits = readTensorFile(dir / "table.pt", TaskKind::Regression);
  EXPECT_EQ(splits.train.task, TaskKind::Regression);
  EXPECT_EQ(splits.train.exampleShape, std::vector<int64_t>{5});
  EXPECT_EQ(splits.train.targets.size(), 20U);
  EXPECT_TRUE(splits.train.classNames.empty());
  // Integer targets are a regression when asked for; grey images get one channel.
  save(dictOf({{"x", torch::rand({20, 7, 7})}, {"y", torch::arange(20)}}), dir / "grey.pt");
  const DataSplits grey = readTensorFile(dir / "grey.pt", TaskKind::Regression);
  EXPECT_EQ(grey.train.task, TaskKind::Regression);
  EXPECT_EQ(grey.train.exampleShape, (std::vector<int64_t>{1, 7, 7}));
  EXPECT_EQ(grey.train.targets[19], 19.0F);
}

TEST(TensorFile, LoadDataHoldsOutATestSplitWhenTheFileHasNone) {
  const TempDir dir;
  save(dictOf({{"x", images(40)}, {"y", classes(40)}}), dir / "data.pt");
  DataSpec spec;
  spec.source = (dir / "data.pt").string();
  const DataSplits splits = loadData(spec);
  EXPECT_EQ(splits.test.size(), 8); // 20% of 40
  EXPECT_EQ(splits.train.size(), 32);
  EXPECT_EQ(splits.test.classNames, splits.train.classNames);
}

TEST(TensorFile, ItsValidationSplitIsUsedWholeWhereValidationIsAskedFor) {
  const TempDir dir;
  save(dictOf({{"x", images()},
               {"y", classes()},
               {"x_val", images(3)},
               {"y_val", classes(3)},
               {"x_test", images(6)},
               {"y_test", classes(6)}}),
       dir / "data.pt");
  DataSpec spec;
  spec.source = (dir / "data.pt").string();
  const DataSplits splits = loadData(spec);
  SampleSpec sample;
  sample.fraction = 1.0;
  sample.validationCount = 5; // the file's 3, none held out of the 12
  const detail::PreparedData withValidation = detail::prepareData(splits, spec, sample, 4, true);
  ASSERT_TRUE(withValidation.validation);
  EXPECT_EQ(withValidation.validation->size(), 3);
  EXPECT_EQ(withValidation.train->size(), 12);
  sample.validationCount = 0; // none asked for: none given
  EXPECT_FALSE(detail::prepareData(splits, spec, sample, 4, true).validation);
}

TEST(TensorFile, EveryBadFileIsRefusedNamingTheFileAndTheKey) {
  const TempDir dir;
  const auto refused = [&](const std::string& name, const torch::IValue& value,
                           const std::vector<std::string>& mentions) {
    save(value, dir / (name + ".pt"));
    const std::string error = errorOf(dir / (name + ".pt"));
    EXPECT_NE(error.find(name + ".pt: "), std::string::npos) << error;
    for (const std::string& mention : mentions)
      EXPECT_NE(error.find(mention), std::string::npos) << name << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  };
  refused("list", c10::List<torch::Tensor>({images(), classes()}), {"holds a list", "torch.save"});
  refused("tensor", images(), {"holds a tensor, not a dict"});
  refused("sparse", dictOf({{"x", images().to_sparse()}, {"y", classes()}}),
          {"key \"x\" holds a sparse tensor"});
  refused("no_y", dictOf({{"x", images()}}), {"no key \"y\""});
  refused("typo", dictOf({{"x", images()}, {"y", classes()}, {"x_valid", images()}}),
          {"unknown key \"x_valid\"", "x_val"});
  refused("short_y", dictOf({{"x", images()}, {"y", classes(5)}}),
          {"key \"y\" has shape [5]", "expected [12]"});
  refused("bool", dictOf({{"x", images() > 50}, {"y", classes()}}),
          {"key \"x\" holds Bool values"});
  refused("flat", dictOf({{"x", torch::rand({12})}, {"y", classes()}}),
          {"key \"x\" has shape [12]", "examples x features"});
  refused("nan", dictOf({{"x", images().index_put_({0, 0, 0, 0}, NAN)}, {"y", classes()}}),
          {"key \"x\" holds NaN"});
  refused("negative", dictOf({{"x", images()}, {"y", classes() - 1}}),
          {"key \"y\" holds a negative class index"});
  refused("half_val", dictOf({{"x", images()}, {"y", classes()}, {"x_val", images(3)}}),
          {"no key \"y_val\" beside \"x_val\""});
  refused("other_shape",
          dictOf({{"x", images()},
                  {"y", classes()},
                  {"x_test", torch::rand({4, 2, 3, 5})},
                  {"y_test", classes(4)}}),
          {"key \"x_test\" has examples of shape [2, 3, 5]", "[2, 3, 4]"});
  refused(
      "float_test_labels",
      dictOf(
          {{"x", images()}, {"y", classes()}, {"x_test", images(4)}, {"y_test", torch::rand({4})}}),
      {"key \"y_test\" holds floats where \"y\" holds class indices"});
  test::writeText(dir / "text.pt", "not a zip archive");
  EXPECT_NE(errorOf(dir / "text.pt").find("text.pt: not a file torch.save wrote"),
            std::string::npos);
  EXPECT_NE(errorOf(dir / "missing.pt").find("missing.pt: file not found"), std::string::npos);
}

} // namespace
} // namespace lrscope::engine
