// The reasons of a sweep's eliminations, written from the values compared.
#include "lrscope/engine/elimination_cause.h"

#include "lrscope/engine/number_format.h"

namespace lrscope::engine {
namespace {

/// The comparison, without where: "validation loss 0.61 > median 0.48".
std::string comparison(const EliminationCause& cause) {
  const double loss = cause.validationLoss;
  const double other = cause.comparedWith;
  if (cause.rule == EliminationRule::BehindBest)
    return "validation loss " + formatLoss(loss) + (loss > other ? " > " : " = ") + "best " +
           formatLoss(other);
  return "validation loss " + formatLoss(loss) + (loss > other ? " > " : " >= ") + "median " +
         formatLoss(other);
}

std::string divergenceText(const EliminationCause& cause) {
  return "diverged at step " + std::to_string(cause.divergedAtStep) + ": " + cause.divergence;
}

} // namespace

std::string_view toString(EliminationRule rule) {
  switch (rule) {
  case EliminationRule::Diverged:
    return "diverged";
  case EliminationRule::WorseThanMedian:
    return "median";
  case EliminationRule::BehindBest:
    return "best";
  }
  return "median";
}

std::optional<EliminationRule> eliminationRuleFromText(std::string_view text) {
  for (const EliminationRule rule :
       {EliminationRule::Diverged, EliminationRule::WorseThanMedian, EliminationRule::BehindBest}) {
    if (toString(rule) == text)
      return rule;
  }
  return std::nullopt;
}

std::string eliminationReason(const EliminationCause& cause) {
  switch (cause.rule) {
  case EliminationRule::Diverged:
    return divergenceText(cause);
  case EliminationRule::WorseThanMedian:
    return comparison(cause) + " at rung " + std::to_string(cause.rung);
  case EliminationRule::BehindBest:
    return comparison(cause) + " at rung " + std::to_string(cause.rung) + ", the last";
  }
  return comparison(cause);
}

std::string eliminationReasonWithoutRung(const EliminationCause& cause) {
  return cause.rule == EliminationRule::Diverged ? divergenceText(cause) : comparison(cause);
}

} // namespace lrscope::engine
