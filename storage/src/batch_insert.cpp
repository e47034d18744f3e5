#include "batch_insert.h"

namespace lrscope::storage {

BatchInsert::BatchInsert(SQLite::Database& db, std::string head, int columns)
    : m_db(db), m_head(std::move(head)), m_columns(columns) {}

SQLite::Statement& BatchInsert::statement(std::unique_ptr<SQLite::Statement>& cached,
                                          std::size_t rows) {
  if (!cached) {
    std::string row = "(";
    for (int column = 0; column < m_columns; ++column) {
      row += column == 0 ? "?" : ", ?";
    }
    row += ")";
    std::string sql = m_head + " VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
      sql += (i == 0 ? "" : ", ") + row;
    }
    cached = std::make_unique<SQLite::Statement>(m_db, sql);
  }
  // A failed earlier insert may have left it mid-step; tryReset never throws.
  cached->tryReset();
  return *cached;
}

void BatchInsert::insert(std::size_t count, const BindRow& bindRow) {
  std::size_t row = 0;
  if (count >= kChunkRows) {
    SQLite::Statement& chunk = statement(m_chunk, kChunkRows);
    for (; row + kChunkRows <= count; row += kChunkRows) {
      for (std::size_t k = 0; k < kChunkRows; ++k) {
        bindRow(chunk, 1 + static_cast<int>(k) * m_columns, row + k);
      }
      chunk.exec();
      chunk.reset();
    }
  }
  if (row < count) {
    SQLite::Statement& single = statement(m_single, 1);
    for (; row < count; ++row) {
      bindRow(single, 1, row);
      single.exec();
      single.reset();
    }
  }
}

} // namespace lrscope::storage
