// Each rule's record from the audit matrix, as shipped and as `audit-matrix --records` writes it.
#include "lrscope/engine/rule_records.h"

#include "lrscope/engine/input_error.h"
#include "lrscope/engine/lr_range_rule.h"
#include "lrscope/engine/suggestion_rules.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lrscope::engine {
namespace {

TEST(RuleRecords, AddTheCalibrationAndHeldOutCellsOfARuleAndOptimizer) {
  const std::vector<RuleRecord> records = parseRuleRecords(R"([
    {"rule": "valley", "optimizer": "adam", "within_one_std": 3, "cells": 8,
     "mean_abs_decades": 0.5, "held_out": false},
    {"rule": "valley", "optimizer": "adam", "within_one_std": 1, "cells": 2,
     "mean_abs_decades": 1.0, "held_out": true},
    {"rule": "valley", "optimizer": "sgd", "within_one_std": 0, "cells": 9,
     "mean_abs_decades": null, "held_out": false}])");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].rule, "valley");
  EXPECT_EQ(records[0].optimizer, "adam");
  EXPECT_EQ(records[0].withinOneStd, 4);
  EXPECT_EQ(records[0].cells, 10);
  EXPECT_NEAR(records[0].meanAbsDecades, (0.5 * 8 + 1.0 * 2) / 10, 1e-12); // weighted by cells
  EXPECT_TRUE(std::isnan(records[1].meanAbsDecades));
  EXPECT_EQ(formatRuleRecord(records[0]), "within 1 std in 4 of 10 cells");
}

TEST(RuleRecords, RefuseWhatAuditMatrixNeverWrites) {
  for (const char* bad :
       {"{}", "[1]", R"([{"rule": "valley"}])",
        R"([{"rule": "valley", "optimizer": "sgd", "within_one_std": 3, "cells": 2}])",
        R"([{"rule": "valley", "optimizer": "sgd", "within_one_std": -1, "cells": 2}])", "[{"})
    EXPECT_THROW((void)parseRuleRecords(bad), InputError) << bad;
}

TEST(RuleRecords, TheRangeRuleGoesByItsVersion) {
  EXPECT_EQ(recordedRuleName(LrRangeRule::kName, 3), "lrscope_range_v3");
  EXPECT_EQ(recordedRuleName(LrRangeRule::kName, 2), "lrscope_range_v2");
  EXPECT_EQ(recordedRuleName("valley", 1), "valley");
}

TEST(RuleRecords, TheShippedMatrixRecordsEveryRuleWithEveryOptimizer) {
  // resources/rule_records.json, compiled in: each suggestion rule and the current range rule,
  // for the four optimizers of the matrix.
  for (const char* optimizer : {"sgd", "adam", "adamw", "rmsprop"}) {
    for (const std::string& rule : suggestionRuleNames()) {
      const std::optional<RuleRecord> record = shippedRuleRecord(rule, 1, optimizer);
      ASSERT_TRUE(record.has_value()) << rule << " " << optimizer;
      EXPECT_GT(record->cells, 0);
      EXPECT_LE(record->withinOneStd, record->cells);
    }
    EXPECT_TRUE(shippedRuleRecord(LrRangeRule::kName, LrRangeRule::kVersion, optimizer));
  }
  EXPECT_FALSE(shippedRuleRecord("valley", 1, "lbfgs"));
  EXPECT_FALSE(shippedRuleRecord("no such rule", 1, "sgd"));
}

} // namespace
} // namespace lrscope::engine
