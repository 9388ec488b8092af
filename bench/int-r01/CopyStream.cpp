#include "bench/int-r01/CopyStream.h"

#include <libpq-fe.h>
#include <memory>

namespace sas::bench
{
namespace
{

constexpr std::size_t FLUSH_BYTES = 1 << 20;

core::Error failure(pg_conn* connection, const std::string& what)
{
    return core::Error{core::ErrorCode::Unavailable, what + ": " + PQerrorMessage(connection), {}};
}

} // namespace

core::Result<std::unique_ptr<CopyStream>> CopyStream::open(const std::string& dsn, const std::string& table,
                                                           const std::string& columns)
{
    pg_conn* connection = PQconnectdb(dsn.c_str());
    if (PQstatus(connection) != CONNECTION_OK)
    {
        core::Error error = failure(connection, "cannot connect for COPY " + table);
        PQfinish(connection);
        return core::fail(std::move(error));
    }
    std::unique_ptr<CopyStream> stream(new CopyStream(connection, table));
    pg_result* result = PQexec(connection, ("COPY " + table + " (" + columns + ") FROM STDIN").c_str());
    const bool started = PQresultStatus(result) == PGRES_COPY_IN;
    PQclear(result);
    if (!started)
        return core::fail(failure(connection, "COPY " + table + " did not start"));
    stream->_buffer.reserve(FLUSH_BYTES + (1 << 16));
    return stream;
}

CopyStream::~CopyStream()
{
    PQfinish(_connection);
}

void CopyStream::separator()
{
    if (_rowStarted)
        _buffer += '\t';
    _rowStarted = true;
}

CopyStream& CopyStream::field(std::string_view value)
{
    separator();
    for (const char c : value)
    {
        switch (c)
        {
        case '\\':
            _buffer += "\\\\";
            break;
        case '\t':
            _buffer += "\\t";
            break;
        case '\n':
            _buffer += "\\n";
            break;
        case '\r':
            _buffer += "\\r";
            break;
        default:
            _buffer += c;
        }
    }
    return *this;
}

CopyStream& CopyStream::field(std::int64_t value)
{
    separator();
    _buffer += std::to_string(value);
    return *this;
}

CopyStream& CopyStream::null()
{
    separator();
    _buffer += "\\N";
    return *this;
}

core::Status CopyStream::endRow()
{
    _buffer += '\n';
    _rowStarted = false;
    ++_rows;
    return _buffer.size() >= FLUSH_BYTES ? flush() : core::Status{};
}

core::Status CopyStream::flush()
{
    if (!_buffer.empty() && PQputCopyData(_connection, _buffer.data(), static_cast<int>(_buffer.size())) != 1)
        return core::fail(failure(_connection, "COPY " + _table + " failed"));
    _buffer.clear();
    return {};
}

core::Status CopyStream::finish()
{
    if (auto flushed = flush(); !flushed)
        return flushed;
    if (PQputCopyEnd(_connection, nullptr) != 1)
        return core::fail(failure(_connection, "COPY " + _table + " did not end"));
    core::Status status;
    while (pg_result* result = PQgetResult(_connection))
    {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && status)
            status = core::fail(failure(_connection, "COPY " + _table + " was refused"));
        PQclear(result);
    }
    return status;
}

} // namespace sas::bench
