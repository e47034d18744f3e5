#pragma once

#include "plots/plotted_run.h"
#include "presenters/run_presenter.h"

#include <QString>

#include <cstddef>
#include <vector>

namespace lrscope::ui {

/// Longest curve drawn per run when several are compared: about two points per pixel of a wide
/// plot; min/max downsampling keeps the spikes.
constexpr std::size_t kComparisonPoints = 2000;

/// "#3 mlp on fashion-mnist".
[[nodiscard]] QString runLabel(const storage::RunSummary& run);

/// A run as the plots draw it, in the index-th colour: its steps (the live run's as streamed, so
/// that nothing committed-but-not-delivered or delivered-but-not-committed is missed), its
/// suggestions, picked range and events.
[[nodiscard]] PlottedRun plottedRun(const RunView& view, const storage::RunCurve& curve, int index);

/// A training run's epochs: the live run's as streamed, otherwise as stored (none, reported,
/// when they cannot be read).
[[nodiscard]] std::vector<engine::EpochRecord> trainingEpochs(const RunView& view, int64_t runId);

/// Gives a training run its epochs and how many were planned, for the Loss vs epoch plot, and
/// puts each epoch's validation loss on the step that ended it, for the Loss vs step plot.
void attachEpochs(const RunView& view, const storage::RunCurve& curve,
                  const std::vector<engine::EpochRecord>& epochs, PlottedRun& run);

/// Gives the three step plots these runs, and the epoch plot those with epochs.
void setPlots(const RunView& view, const std::vector<PlottedRun>& runs);
/// Appends a batch to the run of the three step plots with this id.
void appendPlotSteps(const RunView& view, qint64 runId,
                     const std::vector<engine::StepRecord>& batch);
/// Appends an epoch a running training finished to its run in the epoch plot, if shown there.
void appendPlotEpoch(const RunView& view, qint64 runId, const engine::EpochRecord& record);

} // namespace lrscope::ui
