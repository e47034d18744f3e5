// A sweep's eliminations in words, written from the rule and the values it compared, and the
// extremes around the winner that the engine's report and the stored summary share.
#include "lrscope/engine/elimination_cause.h"
#include "lrscope/engine/sweep_extremes.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

EliminationCause compared(EliminationRule rule, int rung, double loss, double other) {
  EliminationCause cause;
  cause.rule = rule;
  cause.rung = rung;
  cause.validationLoss = loss;
  cause.comparedWith = other;
  return cause;
}

TEST(EliminationCause, ReasonsWithAndWithoutTheirRung) {
  const EliminationCause median = compared(EliminationRule::WorseThanMedian, 2, 0.61234567, 0.48);
  EXPECT_EQ(eliminationReason(median), "validation loss 0.6123 > median 0.4800 at rung 2");
  EXPECT_EQ(eliminationReasonWithoutRung(median), "validation loss 0.6123 > median 0.4800");
  EXPECT_EQ(eliminationReason(compared(EliminationRule::WorseThanMedian, 1, 0.5, 0.5)),
            "validation loss 0.5000 >= median 0.5000 at rung 1");

  const EliminationCause last = compared(EliminationRule::BehindBest, 3, 0.7, 0.5);
  EXPECT_EQ(eliminationReason(last), "validation loss 0.7000 > best 0.5000 at rung 3, the last");
  EXPECT_EQ(eliminationReasonWithoutRung(last), "validation loss 0.7000 > best 0.5000");
  EXPECT_EQ(eliminationReason(compared(EliminationRule::BehindBest, 3, 0.5, 0.5)),
            "validation loss 0.5000 = best 0.5000 at rung 3, the last");

  EliminationCause diverged;
  diverged.rule = EliminationRule::Diverged;
  diverged.rung = 1;
  diverged.divergedAtStep = 41;
  diverged.divergence = "loss is nan";
  EXPECT_EQ(eliminationReason(diverged), "diverged at step 41: loss is nan");
  EXPECT_EQ(eliminationReasonWithoutRung(diverged), "diverged at step 41: loss is nan");
}

TEST(EliminationCause, RulesAsStoredText) {
  for (const EliminationRule rule :
       {EliminationRule::Diverged, EliminationRule::WorseThanMedian, EliminationRule::BehindBest})
    EXPECT_EQ(eliminationRuleFromText(toString(rule)), rule);
  EXPECT_EQ(toString(EliminationRule::WorseThanMedian), "median");
  EXPECT_FALSE(eliminationRuleFromText("worst").has_value());
}

TEST(SweepExtremes, TheStoppedLrsOnEitherSideOfTheBest) {
  using S = CandidateStatus;
  const SweepExtremes around =
      findSweepExtremes({S::Eliminated, S::Diverged, S::Best, S::Eliminated, S::Eliminated});
  EXPECT_EQ(around.best, 2u);
  EXPECT_EQ(around.lowestEliminated, 0u);
  EXPECT_EQ(around.highestEliminated, 4u);

  const SweepExtremes onlyAbove = findSweepExtremes({S::Best, S::Running, S::Diverged});
  EXPECT_EQ(onlyAbove.best, 0u);
  EXPECT_FALSE(onlyAbove.lowestEliminated.has_value());
  EXPECT_EQ(onlyAbove.highestEliminated, 2u);

  // Without a winner (cancelled): the lowest and the highest stopped of all.
  const SweepExtremes none =
      findSweepExtremes({S::Running, S::Eliminated, S::Diverged, S::Running});
  EXPECT_FALSE(none.best.has_value());
  EXPECT_EQ(none.lowestEliminated, 1u);
  EXPECT_EQ(none.highestEliminated, 2u);

  EXPECT_FALSE(findSweepExtremes({}).lowestEliminated.has_value());
}

} // namespace
} // namespace lrscope::engine
