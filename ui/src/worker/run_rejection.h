#pragma once

namespace lrscope::ui {

/// Why a queued request ended without a step (RunQueue::runRejected).
enum class RunRejection {
  Refused,              ///< its config, data, model or database was refused: tell the user
  CancelledBeforeStart, ///< cancelled while waiting or loading: nothing to tell
  QueueShutDown,        ///< enqueued after RunQueue::shutdown()
};

} // namespace lrscope::ui
