#include "lrscope/engine/tensor_file.h"

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/test_split.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace lrscope::engine {
namespace {

/// At most this many classes: more is an index column mistaken for labels.
constexpr int64_t kMostClasses = 10000;

/// The keys a tensor file may hold, features before labels, split by split.
const std::vector<std::pair<std::string, std::string>> kSplitKeys = {
    {"x", "y"}, {"x_val", "y_val"}, {"x_test", "y_test"}};

const char* const kHowToSave = "save one with torch.save({\"x\": X, \"y\": y}, \"data.pt\")";

std::string shapeText(const at::Tensor& tensor) {
  std::ostringstream out;
  out << "[";
  for (int64_t d = 0; d < tensor.dim(); ++d)
    out << (d > 0 ? ", " : "") << tensor.size(d);
  return out.str() + "]";
}

/// "list", "tuple", "tensor", "dict", "str": what Python calls what the file holds.
std::string kindOf(const torch::IValue& value) {
  std::string kind = value.tagKind();
  if (kind.rfind("Generic", 0) == 0)
    kind = kind.substr(7);
  if (kind == "String")
    kind = "str";
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return kind;
}

/// libtorch's message without its backtrace: its first line.
std::string firstLine(const c10::Error& error) {
  const std::string text = error.what_without_backtrace();
  return text.substr(0, text.find('\n'));
}

class TensorFile {
public:
  TensorFile(const std::filesystem::path& file, TaskKind task) : m_file(file), m_task(task) {
    readKeys();
  }

  DataSplits splits() {
    try {
      return readSplits();
    } catch (const c10::Error& error) { // anything libtorch refuses in what the file holds
      fail("its tensors cannot be read (" + firstLine(error) + ")");
    }
  }

private:
  DataSplits readSplits() {
    const at::Tensor& x = required("x");
    const at::Tensor& y = required("y");
    checkShape("x", x);
    if (y.is_floating_point() && m_task != TaskKind::Regression)
      fail("key \"y\" holds floats, targets of a regression: choose the regression task "
           "(--task regression), or save class indices as integers (y.long())");
    m_regression = m_task == TaskKind::Regression;
    m_exampleShape = exampleShapeOf(x);
    DataSplits out;
    out.train = dataset("x", "y");
    for (const auto& [features, labels] : kSplitKeys) {
      if (features == "x" || (m_tensors.count(features) == 0 && m_tensors.count(labels) == 0))
        continue; // a split the file holds half of is refused by dataset(), naming the half
      (features == "x_val" ? out.validation : out.test) = dataset(features, labels);
    }
    nameClasses(out);
    return out;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(m_file.string() + ": " + what);
  }

  void readKeys() {
    std::ifstream in(m_file, std::ios::binary);
    if (!in)
      fail(std::filesystem::exists(m_file) ? "cannot be read (check its permissions)"
                                           : "file not found");
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    torch::IValue value;
    try {
      value = torch::pickle_load(bytes);
    } catch (const c10::Error& error) {
      const std::string why = firstLine(error);
      if (why.find("CUDA") != std::string::npos || why.find("cuda") != std::string::npos)
        fail("holds tensors saved on a GPU, which this build cannot load (" + why +
             "); save them with .cpu() first");
      fail("not a file torch.save wrote (" + why + "); " + kHowToSave);
    }
    if (!value.isGenericDict())
      fail("holds a " + kindOf(value) + ", not a dict of tensors; " + kHowToSave);
    for (const auto& entry : value.toGenericDict()) {
      if (!entry.key().isString())
        fail("a key of its dict is a " + kindOf(entry.key()) +
             ", not a name; the keys are x, y, x_val, y_val, x_test and y_test");
      const std::string key = entry.key().toStringRef();
      if (!known(key))
        fail("unknown key \"" + key + "\"; the keys are x, y, x_val, y_val, x_test and y_test");
      if (!entry.value().isTensor())
        fail("key \"" + key + "\" holds a " + kindOf(entry.value()) + ", not a tensor");
      const at::Tensor tensor = entry.value().toTensor();
      if (tensor.layout() != c10::kStrided)
        fail("key \"" + key + "\" holds a sparse tensor; save it dense (.to_dense())");
      m_tensors[key] = tensor.to(torch::kCPU); // one saved on a GPU, where this build has one
    }
  }

  static bool known(const std::string& key) {
    for (const auto& [features, labels] : kSplitKeys)
      if (key == features || key == labels)
        return true;
    return false;
  }

  const at::Tensor& required(const std::string& key) const {
    const auto found = m_tensors.find(key);
    if (found == m_tensors.end())
      fail("no key \"" + key + "\"" +
           (key == "x" || key == "y"
                ? "; " + std::string(kHowToSave)
                : " beside \"" + (key[0] == 'x' ? "y" + key.substr(1) : "x" + key.substr(1)) +
                      "\", which needs it"));
    const at::Tensor& tensor = found->second;
    const bool numeric = tensor.is_floating_point() ||
                         c10::isIntegralType(tensor.scalar_type(), /*includeBool=*/false);
    if (!numeric)
      fail("key \"" + key + "\" holds " + std::string(c10::toString(tensor.scalar_type())) +
           " values; expected a real or integer tensor");
    return tensor;
  }

  void checkShape(const std::string& key, const at::Tensor& x) const {
    if (x.dim() < 2 || x.dim() > 4)
      fail("key \"" + key + "\" has shape " + shapeText(x) +
           "; expected examples x features, examples x height x width, or examples x channels x "
           "height x width");
    if (x.size(0) == 0)
      fail("key \"" + key + "\" holds no examples");
  }

  void checkExamples(const std::string& key, const at::Tensor& x) const {
    checkShape(key, x);
    if (x.is_floating_point() && !torch::isfinite(x).all().item<bool>())
      fail("key \"" + key + "\" holds NaN or infinite values");
  }

  static std::vector<int64_t> exampleShapeOf(const at::Tensor& x) {
    std::vector<int64_t> shape(x.sizes().begin() + 1, x.sizes().end());
    if (shape.size() == 2)
      shape.insert(shape.begin(), 1); // one channel
    return shape;
  }

  Dataset dataset(const std::string& featuresKey, const std::string& labelsKey) {
    const at::Tensor& x = required(featuresKey);
    at::Tensor y = required(labelsKey);
    checkExamples(featuresKey, x);
    if (exampleShapeOf(x) != m_exampleShape)
      fail("key \"" + featuresKey + "\" has examples of shape " + shapeText(x[0]) +
           "; those of \"x\" are " + shapeText(required("x")[0]));
    if (y.dim() == 2 && y.size(1) == 1)
      y = y.reshape({-1});
    if (y.dim() != 1 || y.size(0) != x.size(0))
      fail("key \"" + labelsKey + "\" has shape " + shapeText(y) + "; expected [" +
           std::to_string(x.size(0)) + "], one " + (m_regression ? "target" : "class index") +
           " per example of \"" + featuresKey + "\"");
    if (!m_regression && y.is_floating_point())
      fail("key \"" + labelsKey + "\" holds floats where \"y\" holds class indices");
    Dataset data;
    data.name = m_file.stem().string();
    data.task = m_regression ? TaskKind::Regression : TaskKind::Classification;
    data.exampleShape = m_exampleShape;
    const at::Tensor features = x.to(torch::kFloat32).contiguous();
    data.features.assign(features.data_ptr<float>(), features.data_ptr<float>() + features.numel());
    if (m_regression) {
      const at::Tensor targets = y.to(torch::kFloat32).contiguous();
      if (!torch::isfinite(targets).all().item<bool>())
        fail("key \"" + labelsKey + "\" holds NaN or infinite values");
      data.targets.assign(targets.data_ptr<float>(), targets.data_ptr<float>() + targets.numel());
    } else {
      const at::Tensor labels = y.to(torch::kInt64).contiguous();
      if (labels.min().item<int64_t>() < 0)
        fail("key \"" + labelsKey + "\" holds a negative class index; expected 0, 1, 2, ...");
      if (labels.max().item<int64_t>() >= kMostClasses)
        fail("key \"" + labelsKey + "\" holds class index " +
             std::to_string(labels.max().item<int64_t>()) + "; at most " +
             std::to_string(kMostClasses) + " classes (is it an index column?)");
      data.labels.assign(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + labels.numel());
    }
    return data;
  }

  /// Classes "0" to "K-1", K one more than the largest index of any split.
  static void nameClasses(DataSplits& splits) {
    if (splits.train.task != TaskKind::Classification)
      return;
    int64_t classes = 0;
    for (const Dataset* data : {&splits.train, &splits.validation, &splits.test})
      for (const int64_t label : data->labels)
        classes = std::max(classes, label + 1);
    std::vector<std::string> names;
    for (int64_t c = 0; c < classes; ++c)
      names.push_back(std::to_string(c));
    for (Dataset* data : {&splits.train, &splits.validation, &splits.test})
      if (data->size() > 0 || data == &splits.train)
        data->classNames = names;
  }

  std::filesystem::path m_file;
  TaskKind m_task;
  std::map<std::string, at::Tensor> m_tensors;
  bool m_regression = false;
  std::vector<int64_t> m_exampleShape;
};

} // namespace

DataSplits readTensorFile(const std::filesystem::path& file, TaskKind task) {
  return TensorFile(file, task).splits();
}

DataSplits loadData(const DataSpec& spec) {
  if (!isTensorFile(spec))
    return loadDataFiles(spec);
  validateTestFraction(spec.testFraction);
  return withTestSplit(readTensorFile(spec.source, spec.task), spec.testFraction);
}

} // namespace lrscope::engine
