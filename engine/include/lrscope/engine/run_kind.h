#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace lrscope::engine {

/// What a stored run is: what it stores, which reader loads it and which presenter shows it.
/// Text only at the SQL and JSON boundaries (toString / runKindFromText).
enum class RunKind {
  RangeTest,         ///< one LR range test: a loss-vs-LR curve
  GroupRangeTest,    ///< a parent of one whole-model and one per-group range test each
  RepeatedRangeTest, ///< a parent of K range tests on one ladder that differ only in the seed
  Training,          ///< a training run with a schedule
  Sweep,             ///< a parent of one training run per fixed LR, raced by successive halving
  Audit,             ///< a parent of range tests and one-cycle trainings over a grid of peak LRs
  Imported,          ///< a loss-vs-LR curve imported from a file
  Unknown,           ///< written by a newer LR Scope: shown, never acted on
};

/// "range_test", "group_range_test", "repeated_range_test", "training", "sweep", "audit",
/// "imported"; "unknown".
[[nodiscard]] std::string_view toString(RunKind kind);
/// The kind stored as this text; Unknown for a text no LR Scope of this version writes.
[[nodiscard]] RunKind runKindFromText(std::string_view text);
/// The kind a user names (e.g. `lrscope runs --kind sweep`); nullopt for any other text.
[[nodiscard]] std::optional<RunKind> parseRunKind(std::string_view text);
/// Every kind but Unknown, in declaration order (for help texts and menus).
[[nodiscard]] const std::vector<RunKind>& knownRunKinds();
/// Kinds whose run is a parent of child runs (parent_run_id), read together.
[[nodiscard]] bool hasChildRuns(RunKind kind);
/// Kinds whose picked range is the whole model's, to train and sweep from: a range test, and a
/// repeated range test (its median range unless moved by hand).
[[nodiscard]] bool isTrainableRangeTest(RunKind kind);

} // namespace lrscope::engine
