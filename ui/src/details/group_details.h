#pragma once

// The details of a per-group range test: each layer group's own range and the LR to train it at.
#include "lrscope/storage/run_database.h"

#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QTableWidget;

namespace lrscope::ui {

/// One test of a per-group range test, as the app shows it.
struct GroupTestRun {
  std::optional<int> group; ///< the layer group swept; empty for the whole-model test
  QString name;             ///< the group's name; "all groups" for the whole-model test
  storage::RunDetails details;
};

/// The peak LR to train each layer group at (in the order of `groups`), from the picked ranges
/// (manual picks included): the whole-model test's upper bound times engine::groupLrFactors of
/// the groups' upper bounds. Empty when the whole-model test or a group has no range.
[[nodiscard]] std::vector<double> groupTrainAtLrs(const std::optional<GroupTestRun>& wholeModel,
                                                  const std::vector<GroupTestRun>& groups);

/// In place of a range test's range and suggestions for a per-group range test: the
/// whole-model range that sets the scale, a table of the layer groups (name, the range of its
/// own test, the LR to train it at) and the rule behind that LR.
class GroupDetails : public QWidget {
  Q_OBJECT
public:
  explicit GroupDetails(QWidget* parent = nullptr);

  /// Shows the tests; `tests` holds the whole-model test (group -1), if it ran, and the
  /// layer groups' tests in group order.
  void showTests(const std::vector<GroupTestRun>& tests);
  void clear();

  [[nodiscard]] QString scaleText() const;
  [[nodiscard]] QTableWidget* groupTable() const { return m_table; }

private:
  QLabel* m_scale;
  QTableWidget* m_table;
  QLabel* m_rule;
};

} // namespace lrscope::ui
