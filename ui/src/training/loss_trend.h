#pragma once

#include "lrscope/engine/run_record.h"

#include <string>
#include <vector>

namespace lrscope::ui {

/// What the recent losses of a training run say, from worst to best news.
enum class TrendKind {
  TooEarly,    ///< not enough steps or epochs to say anything
  Rising,      ///< the smoothed training loss goes up
  Overfitting, ///< validation loss rising while training loss falls, 2 epochs in a row
  Flat,        ///< training loss changed < 1% over the last 3 epochs
  Improving
};

struct TrendVerdict {
  TrendKind kind = TrendKind::TooEarly;
  /// Least-squares slope of ln(smoothed training loss) per 100 steps over the recent steps
  /// (0.01: about +1% per 100 steps); NaN with fewer than kMinSteps steps.
  double trainSlopePer100Steps = 0.0;
  /// Least-squares slope of the validation loss per epoch over the last 3 epochs (at least 2
  /// needed); NaN without.
  double validationSlopePerEpoch = 0.0;
  std::string message; ///< one plain sentence for the user
};

/// Knobs of assessTrend; the defaults are what the app uses.
struct TrendOptions {
  int recentSteps = 200;            ///< the steps the training slope is fitted over
  int minSteps = 20;                ///< fewer: no training slope
  double risingSlope = 0.01;        ///< ln-loss per 100 steps above which the loss "rises"
  int flatEpochs = 3;               ///< epochs looked at for "flat"
  double flatRelativeChange = 0.01; ///< (max - min) / min of their training loss below this
  int overfitEpochs = 2;            ///< consecutive epochs of validation up, training down
};

/// Judges the trend of a training run from its finished epochs and the smoothed training loss
/// of every step so far (in step order). Rules, first match wins: a non-finite recent loss or
/// a training slope above risingSlope -> Rising; validation loss up and training loss down in
/// each of the last overfitEpochs epochs -> Overfitting; the last flatEpochs epochs' training
/// losses within flatRelativeChange -> Flat; with a slope or at least one epoch -> Improving;
/// else TooEarly.
[[nodiscard]] TrendVerdict assessTrend(const std::vector<engine::EpochRecord>& epochs,
                                       const std::vector<double>& smoothedLosses,
                                       const TrendOptions& options = {});

} // namespace lrscope::ui
