// The units an audit's shards share out: per seed its range test with its suggestion, then each
// grid point, numbered as a local audit runs them.
#include "lrscope/engine/audit_units.h"
#include "lrscope/engine/shard.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <utility>

namespace lrscope::engine {
namespace {

AuditPlan planOf(AuditGrid grid, int seeds, int gridPoints) {
  AuditPlan plan;
  plan.grid = grid;
  plan.seeds = seeds;
  plan.gridPoints = gridPoints;
  return plan;
}

TEST(AuditUnits, SeedBySeedItsRangeTestThenEachGridPoint) {
  const AuditPlan plan = planOf(AuditGrid::Centred, 2, 3);
  ASSERT_EQ(auditUnitCount(plan), 8);
  EXPECT_EQ(auditUnit(plan, 0).seedIndex, 0);
  EXPECT_FALSE(auditUnit(plan, 0).gridIndex.has_value());
  EXPECT_EQ(auditUnit(plan, 3).seedIndex, 0);
  EXPECT_EQ(auditUnit(plan, 3).gridIndex, 2U);
  EXPECT_EQ(auditUnit(plan, 4).seedIndex, 1);
  EXPECT_FALSE(auditUnit(plan, 4).gridIndex.has_value());
  EXPECT_EQ(auditUnit(plan, 7).gridIndex, 2U);
  EXPECT_THROW((void)auditUnit(plan, 8), std::out_of_range);
  EXPECT_THROW((void)auditUnit(plan, -1), std::out_of_range);
}

TEST(AuditUnits, AFixedGridPlansAllItsPointsWhateverGridPointsSays) {
  const AuditPlan plan = planOf(AuditGrid::Fixed, 3, 7);
  EXPECT_EQ(auditPlannedGridPoints(plan), 13);
  EXPECT_EQ(auditUnitCount(plan), 3 * 14);
  EXPECT_EQ(auditUnit(plan, 14).seedIndex, 1);
  EXPECT_EQ(auditUnit(plan, 27).gridIndex, 12U);
}

TEST(AuditUnits, EveryRangeTestAndTrainingOnceOverTheShardsOfAnyCount) {
  for (const AuditGrid grid : {AuditGrid::Centred, AuditGrid::Fixed}) {
    for (int seeds = 1; seeds <= 3; ++seeds) {
      const AuditPlan plan = planOf(grid, seeds, 5);
      const int units = auditUnitCount(plan);
      for (int count = 1; count <= units + 2; ++count) {
        std::set<std::pair<int, int>> seen; // (seed, grid point or -1)
        for (int index = 0; index < count; ++index)
          for (const int number : shardUnits({index, count}, units)) {
            const AuditUnit unit = auditUnit(plan, number);
            EXPECT_EQ(auditUnitIndex(plan, unit), number);
            const int point = unit.gridIndex ? static_cast<int>(*unit.gridIndex) : -1;
            EXPECT_TRUE(seen.insert({unit.seedIndex, point}).second) << number;
          }
        EXPECT_EQ(seen.size(), static_cast<std::size_t>(units)) << count << " shards";
      }
    }
  }
}

} // namespace
} // namespace lrscope::engine
