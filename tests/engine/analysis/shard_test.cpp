#include "lrscope/engine/input_error.h"
#include "lrscope/engine/shard.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace lrscope::engine {
namespace {

/// An environment holding only `variables`.
EnvironmentReader environmentOf(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const char* name) -> const char* {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  };
}

TEST(Shard, EveryUnitExactlyOnceInOrderForAnyCount) {
  for (int units = 0; units <= 12; ++units) {
    for (int count = 1; count <= 15; ++count) {
      std::vector<int> seen;
      std::size_t smallest = 1000;
      std::size_t largest = 0;
      for (int index = 0; index < count; ++index) {
        const std::vector<int> share = shardUnits({index, count}, units);
        seen.insert(seen.end(), share.begin(), share.end());
        smallest = std::min(smallest, share.size());
        largest = std::max(largest, share.size());
      }
      ASSERT_EQ(seen.size(), static_cast<std::size_t>(units)) << units << " units, " << count;
      for (int unit = 0; unit < units; ++unit)
        EXPECT_EQ(seen[static_cast<std::size_t>(unit)], unit) << units << " units, " << count;
      EXPECT_LE(largest - smallest, 1U) << units << " units, " << count;
    }
  }
}

TEST(Shard, MoreShardsThanUnitsLeavesSomeEmpty) {
  EXPECT_TRUE(shardUnits({0, 4}, 2).empty());
  EXPECT_EQ(shardUnits({1, 4}, 2), std::vector<int>{0});
  EXPECT_TRUE(shardUnits({2, 4}, 2).empty());
  EXPECT_EQ(shardUnits({3, 4}, 2), std::vector<int>{1});
  EXPECT_EQ(shardUnits({1, 3}, 8), (std::vector<int>{2, 3, 4}));
}

TEST(Shard, ParsesIndexOfCount) {
  const Shard shard = parseShard("2/4", environmentOf({}));
  EXPECT_EQ(shard.index, 2);
  EXPECT_EQ(shard.count, 4);
  EXPECT_EQ(toString(shard), "2/4");
  EXPECT_EQ(toString(parseShard("0/1", environmentOf({}))), "0/1");
}

TEST(Shard, RefusesWhatIsNoShardInOneLine) {
  for (const char* bad : {"3/2", "2/2", "0/0", "1/0", "-1/2", "1", "1/", "/2", "a/b", "1/2/3",
                          " 1/2", "1/2 ", "1234567890/1234567891", "", "AUTO"}) {
    try {
      (void)parseShard(bad, environmentOf({}));
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      EXPECT_NE(message.find("--shard"), std::string::npos) << message;
    }
  }
  EXPECT_THROW((void)parseShard("3/2", environmentOf({})), InputError);
}

TEST(Shard, AutoReadsSlurmsArrayVariables) {
  Shard shard = parseShard("auto", environmentOf({{"SLURM_ARRAY_TASK_ID", "3"},
                                                  {"SLURM_ARRAY_TASK_MIN", "0"},
                                                  {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  EXPECT_EQ(toString(shard), "3/4");
  // Without a count, from MIN and MAX; an array may start above 0.
  shard = parseShard("auto", environmentOf({{"SLURM_ARRAY_TASK_ID", "7"},
                                            {"SLURM_ARRAY_TASK_MIN", "5"},
                                            {"SLURM_ARRAY_TASK_MAX", "9"}}));
  EXPECT_EQ(toString(shard), "2/5");
}

TEST(Shard, AutoRefusesAnArrayWithGapsAsItsCountWouldMisleadTheShards) {
  try { // sbatch --array=0,2: two tasks over three indices
    (void)parseShard("auto", environmentOf({{"SLURM_ARRAY_TASK_ID", "2"},
                                            {"SLURM_ARRAY_TASK_MIN", "0"},
                                            {"SLURM_ARRAY_TASK_MAX", "2"},
                                            {"SLURM_ARRAY_TASK_COUNT", "2"}}));
    FAIL() << "accepted an array with a gap";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("without gaps"), std::string::npos) << error.what();
  }
}

TEST(Shard, AutoOutsideASlurmArrayIsRefusedNamingTheVariable) {
  try {
    (void)parseShard("auto", environmentOf({{"SLURM_JOB_ID", "12"}}));
    FAIL() << "accepted auto outside an array";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("SLURM_ARRAY_TASK_ID is not set"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW((void)parseShard("auto", environmentOf({{"SLURM_ARRAY_TASK_ID", "x"},
                                                       {"SLURM_ARRAY_TASK_MIN", "0"},
                                                       {"SLURM_ARRAY_TASK_COUNT", "2"}})),
               InputError);
  EXPECT_THROW((void)parseShard("auto", environmentOf({{"SLURM_ARRAY_TASK_ID", "2"},
                                                       {"SLURM_ARRAY_TASK_MIN", "0"},
                                                       {"SLURM_ARRAY_TASK_COUNT", "2"}})),
               InputError);
  EXPECT_THROW((void)parseShard("auto", environmentOf({{"SLURM_ARRAY_TASK_ID", "1"}})), InputError);
}

} // namespace
} // namespace lrscope::engine
