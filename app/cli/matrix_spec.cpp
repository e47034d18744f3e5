#include "cli/matrix_spec.h"

#include "lrscope/engine/data_source.h"
#include "lrscope/engine/input_error.h"
#include "lrscope/engine/json_input.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <set>
#include <sstream>

namespace lrscope::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Flags a cell gets from the matrix itself, never from an entry.
const std::vector<std::string> kMatrixFlags = {"--model", "--optimizer", "--seeds",
                                               "--seed",  "--grid",      "--grid-points"};

class SpecReader {
public:
  explicit SpecReader(std::string file) : m_file(std::move(file)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw engine::InputError(m_file + ": " + what);
  }

  void refuseUnknownKeys(const json& object, const std::set<std::string>& known,
                         const std::string& where) const {
    for (const auto& item : object.items())
      if (known.count(item.key()) == 0)
        fail("unknown key \"" + item.key() + "\"" + where + " (known: " + joined(known) + ")");
  }

  /// "--data x.csv --label y" or ["--data", "x.csv", ...].
  std::vector<std::string> words(const json& value, const std::string& key) const {
    std::vector<std::string> out;
    if (value.is_string()) {
      std::istringstream stream(value.get<std::string>());
      for (std::string word; stream >> word;)
        out.push_back(word);
    } else if (value.is_array()) {
      for (const json& word : value) {
        if (!word.is_string())
          fail("\"" + key + "\" must be a string of flags or a list of strings, got " +
               engine::jsonExcerpt(value));
        out.push_back(word.get<std::string>());
      }
    } else {
      fail("\"" + key + "\" must be a string of flags or a list of strings, got " +
           engine::jsonExcerpt(value));
    }
    for (const std::string& word : out)
      if (std::find(kMatrixFlags.begin(), kMatrixFlags.end(), word) != kMatrixFlags.end())
        fail("\"" + key + "\" gives " + word +
             ", which the matrix sets for every cell (list models and optimizers under "
             "\"models\" and \"optimizers\"; seeds under \"seeds\" and \"seed\")");
    return out;
  }

  /// "optimizers" or "models": a non-empty list of "NAME [FLAGS...]".
  std::vector<MatrixEntry> namedList(const json& root, const std::string& key) const {
    if (!root.contains(key))
      fail("\"" + key + "\" is missing: list the " + key + " to audit");
    const json& list = root.at(key);
    if (!list.is_array() || list.empty())
      fail("\"" + key + "\" must be a non-empty list of strings such as \"" +
           (key == "models" ? "mlp --widths 128" : "adamw --weight-decay 0.01") + "\", got " +
           engine::jsonExcerpt(list));
    std::vector<MatrixEntry> entries;
    for (const json& item : list) {
      std::vector<std::string> flags = words(item, key);
      if (flags.empty() || flags.front().rfind("--", 0) == 0)
        fail("each of \"" + key + "\" starts with a name, got " + engine::jsonExcerpt(item));
      MatrixEntry entry;
      entry.name = flags.front();
      entry.flags.assign(flags.begin() + 1, flags.end());
      entries.push_back(std::move(entry));
    }
    refuseDuplicates(entries, key);
    return entries;
  }

  std::vector<MatrixEntry> dataList(const json& root) const {
    if (!root.contains("data"))
      fail("\"data\" is missing: list the data sets to audit on");
    const json& list = root.at("data");
    if (!list.is_array() || list.empty())
      fail("\"data\" must be a non-empty list of {\"name\": ..., \"flags\": \"--data ...\"}, "
           "got " +
           engine::jsonExcerpt(list));
    std::vector<MatrixEntry> entries;
    for (const json& item : list) {
      if (!item.is_object() || !item.contains("name") || !item.at("name").is_string() ||
          item.at("name").get<std::string>().empty() || !item.contains("flags"))
        fail("each of \"data\" is {\"name\": \"...\", \"flags\": \"--data ...\"}, got " +
             engine::jsonExcerpt(item));
      MatrixEntry entry;
      entry.name = item.at("name").get<std::string>();
      refuseUnknownKeys(item, {"name", "flags", "models", "held_out"},
                        " in data set \"" + entry.name + "\"");
      entry.flags = words(item.at("flags"), "data." + entry.name + ".flags");
      if (item.contains("models")) {
        const json& models = item.at("models");
        if (!models.is_array() || models.empty() ||
            !std::all_of(models.begin(), models.end(), [](const json& m) { return m.is_string(); }))
          fail("\"data." + entry.name + ".models\" must be a non-empty list of model names, got " +
               engine::jsonExcerpt(models));
        for (const json& model : models)
          entry.models.push_back(model.get<std::string>());
      }
      if (item.contains("held_out")) {
        if (!item.at("held_out").is_boolean())
          fail("\"data." + entry.name + ".held_out\" must be true or false");
        entry.heldOut = item.at("held_out").get<bool>();
      }
      entries.push_back(std::move(entry));
    }
    refuseDuplicates(entries, "data");
    return entries;
  }

private:
  void refuseDuplicates(const std::vector<MatrixEntry>& entries, const std::string& key) const {
    std::set<std::string> seen;
    for (const MatrixEntry& entry : entries)
      if (!seen.insert(entry.name).second)
        fail("\"" + key + "\" names \"" + entry.name + "\" twice");
  }

  static std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& name : names)
      out += (out.empty() ? "" : ", ") + name;
    return out;
  }

  std::string m_file;
};

/// The cell's flags as `lrscope audit` parses them.
AuditArguments parseCellFlags(const std::string& cellName, const std::vector<std::string>& flags) {
  CLI::App parser{"audit-matrix cell"};
  AuditArguments args;
  addAuditOptions(&parser, args);
  std::vector<std::string> reversed(flags.rbegin(), flags.rend());
  try {
    parser.parse(reversed);
  } catch (const CLI::ParseError& error) {
    throw engine::InputError(cellName + ": " + error.what());
  }
  return args;
}

/// A relative --data path is read beside the spec (when it is there), stored as an absolute
/// path, so that a cell's config is the same wherever lrscope runs; a built-in name stays.
void resolveDataPath(AuditArguments& args, const fs::path& specFolder) {
  if (!args.setup.data || fs::path(*args.setup.data).is_absolute() ||
      *args.setup.data == "fashion-mnist")
    return;
  std::error_code ec;
  const fs::path beside = fs::absolute(specFolder / *args.setup.data, ec).lexically_normal();
  if (!ec && fs::exists(beside, ec))
    args.setup.data = beside.string();
}

} // namespace

MatrixSpec readMatrixSpec(const fs::path& file) {
  const SpecReader reader(file.string());
  const json root = engine::readJsonInputFile(file.string());
  if (!root.is_object())
    reader.fail("the spec must be a JSON object with \"optimizers\", \"models\" and \"data\"");
  reader.refuseUnknownKeys(root, {"seeds", "seed", "optimizers", "models", "data"}, "");
  MatrixSpec spec;
  if (root.contains("seeds")) {
    const json& seeds = root.at("seeds");
    if (!seeds.is_number_integer() || seeds.get<int64_t>() < 1 || seeds.get<int64_t>() > 100)
      reader.fail("\"seeds\" must be a whole number from 1 to 100, got " +
                  engine::jsonExcerpt(seeds));
    spec.seeds = seeds.get<int>();
  }
  if (root.contains("seed")) {
    const json& seed = root.at("seed");
    if (!seed.is_number_unsigned())
      reader.fail("\"seed\" must be a whole number of at least 0, got " +
                  engine::jsonExcerpt(seed));
    spec.firstSeed = seed.get<uint64_t>();
  }
  spec.optimizers = reader.namedList(root, "optimizers");
  spec.models = reader.namedList(root, "models");
  spec.data = reader.dataList(root);
  for (const MatrixEntry& data : spec.data)
    for (const std::string& model : data.models)
      if (std::none_of(spec.models.begin(), spec.models.end(),
                       [&](const MatrixEntry& m) { return m.name == model; }))
        reader.fail("data set \"" + data.name + "\" names model \"" + model +
                    "\", which is not one of \"models\"");
  return spec;
}

std::vector<MatrixCellPlan> planMatrix(const MatrixSpec& spec, const fs::path& specFolder) {
  std::vector<MatrixCellPlan> cells;
  for (const MatrixEntry& data : spec.data) {
    bool dataChecked = false;
    for (const MatrixEntry& model : spec.models) {
      if (!data.models.empty() &&
          std::find(data.models.begin(), data.models.end(), model.name) == data.models.end())
        continue;
      for (const MatrixEntry& optimizer : spec.optimizers) {
        MatrixCellPlan plan;
        plan.cell = {data.name, model.name, optimizer.name, data.heldOut};
        std::vector<std::string> flags = data.flags;
        flags.insert(flags.end(), {"--model", model.name});
        flags.insert(flags.end(), model.flags.begin(), model.flags.end());
        flags.insert(flags.end(), {"--optimizer", optimizer.name});
        flags.insert(flags.end(), optimizer.flags.begin(), optimizer.flags.end());
        flags.insert(flags.end(), {"--seeds", std::to_string(spec.seeds), "--seed",
                                   std::to_string(spec.firstSeed), "--grid", "fixed"});
        const std::string name = engine::cellName(plan.cell);
        AuditArguments args = parseCellFlags(name, flags);
        resolveDataPath(args, specFolder);
        try {
          plan.configs = buildAuditConfigs(args);
          plan.configs.training.model.requireKnown();
          if (!dataChecked)
            (void)engine::loadData(plan.configs.training.data);
          dataChecked = true;
        } catch (const std::exception& error) {
          throw engine::InputError(name + ": " + error.what());
        }
        plan.plan = auditPlanOf(args, plan.configs);
        cells.push_back(std::move(plan));
      }
    }
  }
  return cells;
}

} // namespace lrscope::cli
