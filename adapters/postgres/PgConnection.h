#pragma once

#include "core/Result.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace sas::adapters::postgres
{

/// An owned query result. Text format; values are views valid while the result lives.
class PgResult
{
public:
    explicit PgResult(pg_result* result);

    int rows() const;
    int columns() const;
    bool isNull(int row, int column) const;
    std::string_view value(int row, int column) const;
    /// Rows changed by an INSERT/UPDATE/DELETE.
    long affectedRows() const;

private:
    std::shared_ptr<pg_result> _result;
};

/// Query parameter: nullopt is SQL NULL.
using PgParam = std::optional<std::string>;

/// One libpq connection. Errors come back as Results: connection failures and server shutdown
/// as Unavailable, unique violations as Conflict, a statement timeout as Unavailable, anything
/// else as Internal with the SQLSTATE in the message. Not thread-safe: one user at a time.
class PgConnection
{
public:
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// Connects with a libpq DSN ("host=/run/pg dbname=sas"); `timeout` bounds the connect.
    static core::Result<std::unique_ptr<PgConnection>> open(const std::string& dsn, std::chrono::seconds timeout);

    /// Runs one statement with $1..$n parameters.
    core::Result<PgResult> exec(std::string_view sql, const std::vector<PgParam>& params = {});
    /// Runs one statement prepared on this connection the first time its text is seen: a statement run again and
    /// again with other values (a Slot search of the IG's shape) is parsed once, and PostgreSQL may keep a generic
    /// plan for it instead of planning each run. At most MAX_PREPARED texts are kept per connection (then all are
    /// dropped), so varied searches cannot grow the server's memory without bound.
    core::Result<PgResult> execPrepared(const std::string& sql, const std::vector<PgParam>& params);
    /// Runs a script of several statements (migrations); no parameters.
    core::Status execScript(const std::string& sql);

    /// Bulk load: `copySql` is a `COPY … FROM STDIN` statement and `data` its whole text-format payload (one
    /// row per line, tab-separated, escaped as COPY expects). Returns the rows loaded.
    core::Result<long> copyIn(const std::string& copySql, std::string_view data);

    /// Checks without blocking that an idle connection was not closed by the server (restart,
    /// failover, admin termination), so the pool drops it before a request trips over it.
    bool probeAlive();

    /// True when connected and outside any transaction: only such a connection may be reused.
    /// A connection returned mid-transaction (a caller's bug or an exception) is dropped by the pool.
    bool reusable() const;

private:
    explicit PgConnection(pg_conn* connection) : _connection(connection) { }
    core::Error errorFrom(pg_result* result, std::string_view what) const;

    static constexpr std::size_t MAX_PREPARED = 32;

    pg_conn* _connection;
    std::unordered_map<std::string, std::string> _prepared; ///< statement text → its server-side name
    unsigned long _preparedCount = 0;
};

} // namespace sas::adapters::postgres
