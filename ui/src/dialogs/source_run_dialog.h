#pragma once

#include "lrscope/engine/find_config.h"
#include "lrscope/storage/run_database.h"

#include <QDialog>
#include <QString>

#include <initializer_list>

class QLabel;

namespace lrscope::ui {

class DeviceBox;

/// A dialog that starts a run from a stored range test (Train with this range, Sweep around
/// it): the source run on top, the form's boxes, what is wrong in red under them, then Cancel
/// and a default start button. Holds what every such dialog takes from its source run.
class SourceRunDialog : public QDialog {
  Q_OBJECT
public:
  /// The experiment the new run goes into: the source run's.
  [[nodiscard]] QString experiment() const { return m_experiment; }
  [[nodiscard]] qint64 sourceRunId() const { return m_sourceRunId; }
  /// Why the source run cannot be used; empty when it can.
  [[nodiscard]] QString errorString() const { return m_errorString; }

protected:
  /// `name` prefixes the object names of the source and error labels ("train": trainSource,
  /// trainError).
  SourceRunDialog(const QString& name, const QString& title, QWidget* parent);

  /// The source label, these boxes, the device to compute on, the error label, then Cancel and
  /// `startText` (the default button, object name startButton) wired to accept and reject.
  void layOut(std::initializer_list<QWidget*> boxes, const QString& startText);
  /// Takes the run's id, experiment and config into m_base; false, with errorString(), when the
  /// config cannot be read.
  bool readSourceRun(const storage::RunDetails& run);
  /// "From range test #3: mlp on fashion-mnist, sgd, seed 1", and "; frozen: conv1" when the
  /// run froze layer groups.
  [[nodiscard]] QString sourceText() const;
  /// The run the dialog starts from, in words, without its frozen groups.
  [[nodiscard]] QString runText() const;

  /// The device the new run computes on, the source run's at first.
  [[nodiscard]] engine::Device device() const;

  engine::FindConfig m_base; ///< the range test's config: data, model, optimizer, seed
  QString m_errorString;
  QLabel* m_source;
  QLabel* m_error; ///< hidden while nothing is wrong

private:
  DeviceBox* m_device;
  QString m_experiment = "default";
  qint64 m_sourceRunId = 0;
};

} // namespace lrscope::ui
