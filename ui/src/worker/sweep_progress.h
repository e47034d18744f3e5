#pragma once

#include <QMetaType>
#include <QtGlobal>

namespace lrscope::ui {

/// Where a running sweep is: sent when a learning rate starts a rung and after each of its
/// epochs, so that the window can say "rung 2 of 3 · lr 1.9e-2 · epoch 2" and refresh the
/// sweep's plots.
struct SweepProgress {
  qint64 sweepRunId = 0;
  qint64 candidateRunId = 0; ///< the training run of the learning rate now training
  int candidate = 0;         ///< its index, lowest LR first
  int candidates = 0;
  double lr = 0.0;
  int rung = 0;       ///< 1-based
  int rungs = 0;      ///< planned when nothing diverges
  int epochsDone = 0; ///< by this learning rate, all rungs together
  int survivors = 0;  ///< learning rates still racing
};

} // namespace lrscope::ui

// Travels from the worker thread to the UI thread by value in queued signals.
Q_DECLARE_METATYPE(lrscope::ui::SweepProgress)
