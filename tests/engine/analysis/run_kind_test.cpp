#include "lrscope/engine/run_kind.h"
#include "lrscope/engine/stored_status.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

TEST(RunKind, EveryKnownKindReadsBackFromItsText) {
  for (const RunKind kind : knownRunKinds()) {
    EXPECT_EQ(runKindFromText(toString(kind)), kind) << toString(kind);
    EXPECT_EQ(parseRunKind(toString(kind)), kind);
  }
  EXPECT_EQ(toString(RunKind::GroupRangeTest), "group_range_test");
  EXPECT_EQ(toString(RunKind::RepeatedRangeTest), "repeated_range_test");
  EXPECT_EQ(toString(RunKind::Audit), "audit");
  EXPECT_EQ(knownRunKinds().size(), 7U);
}

TEST(RunKind, TextOfANewerLrScopeIsUnknownNotAnError) {
  EXPECT_EQ(runKindFromText("audit_matrix"), RunKind::Unknown);
  EXPECT_EQ(runKindFromText(""), RunKind::Unknown);
  EXPECT_FALSE(parseRunKind("Sweep").has_value()); // case matters, as stored
  EXPECT_FALSE(parseRunKind("unknown").has_value());
  EXPECT_EQ(toString(RunKind::Unknown), "unknown");
}

TEST(RunKind, ParentsAreTheKindsWithChildRuns) {
  EXPECT_TRUE(hasChildRuns(RunKind::Sweep));
  EXPECT_TRUE(hasChildRuns(RunKind::GroupRangeTest));
  EXPECT_TRUE(hasChildRuns(RunKind::RepeatedRangeTest));
  EXPECT_TRUE(hasChildRuns(RunKind::Audit));
  EXPECT_FALSE(hasChildRuns(RunKind::RangeTest));
  EXPECT_FALSE(hasChildRuns(RunKind::Training));
  EXPECT_FALSE(hasChildRuns(RunKind::Unknown));
}

TEST(StoredStatus, EveryKnownStatusReadsBackFromItsText) {
  for (const StoredStatus status : knownStoredStatuses())
    EXPECT_EQ(storedStatusFromText(toString(status)), status) << toString(status);
  EXPECT_EQ(storedStatusFromText("paused"), StoredStatus::Unknown);
  EXPECT_FALSE(parseStoredStatus("unknown").has_value());
}

TEST(StoredStatus, AJobsEndIsStoredAsTheSameWord) {
  for (const RunStatus status : {RunStatus::Running, RunStatus::Completed, RunStatus::Diverged,
                                 RunStatus::Cancelled, RunStatus::Failed})
    EXPECT_EQ(toString(storedStatus(status)), toString(status));
}

} // namespace
} // namespace lrscope::engine
