#pragma once

#include "presenters/run_presenter.h"

namespace lrscope::ui {

/// An audit: the audit view (its test metric against the peak LR, the suggestion and the range
/// drawn over it) in place of the plot tabs, its verdict and peak LRs in the details. An audit
/// runs from the command line: what it stored so far is read when it is selected.
class AuditPresenter : public RunPresenter {
public:
  explicit AuditPresenter(RunView view);

  void show(const storage::RunCurve& run) override;

private:
  RunView m_view;
};

} // namespace lrscope::ui
