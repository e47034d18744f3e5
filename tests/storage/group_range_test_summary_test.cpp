// A stored per-group range test read back by loadGroupRangeTest: its tests in one order (the
// whole-model test, then the layer groups by index, ties by run id), the groups' names from the
// tags, and a run of another kind refused.
#include "lrscope/storage/group_range_test_summary.h"
#include "storage/temp_dir.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace lrscope::storage {
namespace {

using test::errorOf;
using test::TempDir;

/// A child range test of `parent` that swept `group` (none: the whole model), with these tags.
int64_t storeGroupTest(RunDatabase& db, int64_t parent, std::optional<int> group,
                       const std::vector<std::string>& tags) {
  NewRun run;
  run.kind = engine::RunKind::RangeTest;
  run.parentRunId = parent;
  run.configJson = group ? R"({"range_test": {"swept_group": )" + std::to_string(*group) + "}}"
                         : std::string(R"({"range_test": {}})");
  const int64_t id = db.createRun(run);
  db.setTags(id, tags);
  db.appendSteps(id, test::makeSteps(0, 50));
  return id;
}

std::vector<int64_t> idsOf(const std::vector<GroupTestRun>& tests) {
  std::vector<int64_t> ids;
  for (const GroupTestRun& t : tests)
    ids.push_back(t.curve.details.summary.id);
  return ids;
}

/// Configs stored before 2026-12 wrote the whole model's swept group as -1.
TEST(GroupRangeTestSummary, ReadsAStoredSweptGroupOfMinusOneAsTheWholeModel) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun parent;
  parent.kind = engine::RunKind::GroupRangeTest;
  const int64_t id = db.createRun(parent);
  for (const char* config :
       {R"({"range_test": {"swept_group": -1}})", R"({"range_test": {"swept_group": null}})"}) {
    NewRun child;
    child.kind = engine::RunKind::RangeTest;
    child.parentRunId = id;
    child.configJson = config;
    (void)db.createRun(child);
  }
  const GroupRangeTestSummary summary = loadGroupRangeTest(db, id);
  ASSERT_EQ(summary.tests.size(), 2u);
  EXPECT_TRUE(summary.tests[0].isWholeModel());
  EXPECT_TRUE(summary.tests[1].isWholeModel());
}

TEST(GroupRangeTestSummary, WholeModelFirstThenGroupsByIndexTiesByRunIdNamesFromTags) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun parent;
  parent.kind = engine::RunKind::GroupRangeTest;
  const int64_t id = db.createRun(parent);
  // Stored out of order: a later group first, the whole model in the middle, group 0 twice.
  const int64_t fc = storeGroupTest(db, id, 1, {"group:fc"});
  const int64_t conv = storeGroupTest(db, id, 0, {"group:conv1", "mine"});
  const int64_t whole = storeGroupTest(db, id, std::nullopt, {"group:all"});
  const int64_t again = storeGroupTest(db, id, 0, {}); // a test stored without its name
  NewRun other;                                        // not a child: left out
  other.kind = engine::RunKind::RangeTest;
  (void)db.createRun(other);

  const GroupRangeTestSummary summary = loadGroupRangeTest(db, id, 20);
  EXPECT_EQ(summary.run.summary.id, id);
  EXPECT_EQ(idsOf(summary.tests), (std::vector<int64_t>{whole, conv, again, fc}));
  ASSERT_EQ(summary.tests.size(), 4u);
  EXPECT_TRUE(summary.tests[0].isWholeModel());
  EXPECT_EQ(summary.tests[0].groupName, ""); // the whole model's tag names no group
  EXPECT_EQ(summary.tests[1].group, 0);
  EXPECT_EQ(summary.tests[1].groupName, "conv1");
  EXPECT_EQ(summary.tests[2].groupName, "");
  EXPECT_EQ(summary.tests[3].group, 1);
  EXPECT_EQ(summary.tests[3].groupName, "fc");
  for (const GroupTestRun& test : summary.tests) { // downsampled to about 20 points
    EXPECT_FALSE(test.curve.steps.empty());
    EXPECT_LE(test.curve.steps.size(), 50u);
  }

  ASSERT_NE(summary.wholeModel(), nullptr);
  EXPECT_EQ(summary.wholeModel()->curve.details.summary.id, whole);
  const std::vector<const GroupTestRun*> groups = summary.groupTests();
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0]->curve.details.summary.id, conv);
  EXPECT_EQ(groups[2]->curve.details.summary.id, fc);

  EXPECT_EQ(loadGroupRangeTest(db, id).tests.front().curve.steps.size(), 50u); // 0: every step
}

TEST(GroupRangeTestSummary, WithoutAWholeModelTestItHasNone) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun parent;
  parent.kind = engine::RunKind::GroupRangeTest;
  const int64_t id = db.createRun(parent);
  const int64_t group = storeGroupTest(db, id, 2, {"group:head"});
  const GroupRangeTestSummary summary = loadGroupRangeTest(db, id);
  EXPECT_EQ(summary.wholeModel(), nullptr);
  ASSERT_EQ(summary.groupTests().size(), 1u);
  EXPECT_EQ(summary.groupTests()[0]->curve.details.summary.id, group);
}

TEST(GroupRangeTestSummary, RefusesARunOfAnotherKindAndAMissingRun) {
  const TempDir dir;
  RunDatabase db(dir.path() / "runs.db");
  NewRun sweep;
  sweep.kind = engine::RunKind::Sweep;
  const int64_t id = db.createRun(sweep);
  const std::string error = errorOf([&] { (void)loadGroupRangeTest(db, id); });
  EXPECT_NE(error.find("is a sweep run, not a per-group range test"), std::string::npos) << error;
  EXPECT_NE(errorOf([&] { (void)loadGroupRangeTest(db, 99); }).find("no run 99"),
            std::string::npos);
}

} // namespace
} // namespace lrscope::storage
