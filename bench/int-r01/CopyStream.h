#pragma once

#include "core/Result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct pg_conn;

namespace sas::bench
{

/// One `COPY table (columns) FROM STDIN` in PostgreSQL's text format over its own libpq connection: rows are
/// buffered and sent in large chunks (PQputCopyData), which is how 2 million resources load in minutes rather
/// than the half hour HTTP transactions would take.
class CopyStream
{
public:
    CopyStream(const CopyStream&) = delete;
    CopyStream& operator=(const CopyStream&) = delete;
    ~CopyStream();

    static core::Result<std::unique_ptr<CopyStream>> open(const std::string& dsn, const std::string& table,
                                                          const std::string& columns);

    /// Appends one field (escaped for the text format); `null` writes SQL NULL.
    CopyStream& field(std::string_view value);
    CopyStream& field(std::int64_t value);
    CopyStream& null();
    /// Ends the row; sends the buffer when it is large.
    core::Status endRow();
    /// Sends what is left and ends the COPY; fails with the server's message when it refused a row.
    core::Status finish();

    long rows() const { return _rows; }

private:
    CopyStream(pg_conn* connection, std::string table) : _connection(connection), _table(std::move(table)) {}
    core::Status flush();
    void separator();

    pg_conn* _connection;
    std::string _table;
    std::string _buffer;
    bool _rowStarted = false;
    long _rows = 0;
};

} // namespace sas::bench
