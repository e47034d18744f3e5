// What training runs add to a run: per-epoch metrics and the checkpoint.
#include "run_database_impl.h"

#include "sqlite_errors.h"

#include <SQLiteCpp/Transaction.h>

namespace lrscope::storage {

void RunDatabase::appendEpoch(int64_t runId, const engine::EpochRecord& epoch) {
  guarded(m_impl->m_file, [&] {
    SQLite::Database& db = m_impl->m_db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    m_impl->requireRun(runId);
    SQLite::Statement insert(
        db, "INSERT OR REPLACE INTO epoch_metrics (run_id, epoch, train_loss, train_accuracy, "
            "val_loss, val_accuracy, test_loss, test_accuracy, lr, wall_s) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, runId);
    insert.bind(2, epoch.epoch);
    bindReal(insert, 3, epoch.trainLoss);
    bindReal(insert, 4, epoch.trainAccuracy);
    bindReal(insert, 5, epoch.validationLoss);
    bindReal(insert, 6, epoch.validationAccuracy);
    bindReal(insert, 7, epoch.testLoss);
    bindReal(insert, 8, epoch.testAccuracy);
    bindReal(insert, 9, epoch.groupLrs.empty() ? std::nan("") : epoch.groupLrs.front());
    bindReal(insert, 10, epoch.wallSeconds);
    insert.exec();
    transaction.commit();
  });
}

std::vector<engine::EpochRecord> RunDatabase::loadEpochs(int64_t runId) const {
  return guarded(m_impl->m_file, [&] {
    m_impl->requireRun(runId);
    SQLite::Statement select(m_impl->m_db,
                             "SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, "
                             "test_loss, test_accuracy, lr, wall_s FROM epoch_metrics "
                             "WHERE run_id = ? ORDER BY epoch");
    select.bind(1, runId);
    std::vector<engine::EpochRecord> epochs;
    while (select.executeStep()) {
      engine::EpochRecord epoch;
      epoch.epoch = select.getColumn(0).getInt();
      epoch.trainLoss = readReal(select.getColumn(1));
      epoch.trainAccuracy = readReal(select.getColumn(2));
      epoch.validationLoss = readReal(select.getColumn(3));
      epoch.validationAccuracy = readReal(select.getColumn(4));
      epoch.testLoss = readReal(select.getColumn(5));
      epoch.testAccuracy = readReal(select.getColumn(6));
      if (!select.getColumn(7).isNull()) {
        epoch.groupLrs = {select.getColumn(7).getDouble()};
      }
      epoch.wallSeconds = readReal(select.getColumn(8));
      epochs.push_back(std::move(epoch));
    }
    return epochs;
  });
}

void RunDatabase::setCheckpoint(int64_t runId, const std::string& path) {
  guarded(m_impl->m_file, [&] {
    SQLite::Statement update(m_impl->m_db, "UPDATE runs SET checkpoint_path = ? WHERE id = ?");
    update.bind(1, path);
    update.bind(2, runId);
    if (update.exec() == 0) {
      throw m_impl->noRun(runId);
    }
  });
}

} // namespace lrscope::storage
