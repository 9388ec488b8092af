#include "adapters/postgres/PgConnection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>

namespace sas::adapters::postgres
{

using core::ErrorCode;

PgResult::PgResult(pg_result* result) : _result(result, &PQclear) { }

int PgResult::rows() const
{
    return PQntuples(_result.get());
}

int PgResult::columns() const
{
    return PQnfields(_result.get());
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(_result.get(), row, column) != 0;
}

std::string_view PgResult::value(int row, int column) const
{
    return std::string_view(PQgetvalue(_result.get(), row, column),
                            static_cast<size_t>(PQgetlength(_result.get(), row, column)));
}

long PgResult::affectedRows() const
{
    const char* text = PQcmdTuples(_result.get());
    return text && *text ? std::stol(text) : 0;
}

PgConnection::~PgConnection()
{
    PQfinish(_connection);
}

core::Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& dsn, std::chrono::seconds timeout)
{
    const std::string withTimeout = dsn + " connect_timeout=" + std::to_string(std::max<long>(1, timeout.count()));
    pg_conn* connection = PQconnectdb(withTimeout.c_str());
    if (!connection)
        return core::fail(ErrorCode::Unavailable, "cannot allocate a PostgreSQL connection");
    if (PQstatus(connection) != CONNECTION_OK)
    {
        std::string message = PQerrorMessage(connection);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        PQfinish(connection);
        return core::fail(ErrorCode::Unavailable, "cannot connect to PostgreSQL: " + message);
    }
    // Server NOTICEs ("relation already exists, skipping") are expected chatter, not log lines.
    PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
    return std::unique_ptr<PgConnection>(new PgConnection(connection));
}

core::Error PgConnection::errorFrom(pg_result* result, std::string_view what) const
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlState = state ? state : "";
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(_connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();

    ErrorCode code = ErrorCode::Internal;
    if (PQstatus(_connection) != CONNECTION_OK || sqlState.rfind("08", 0) == 0 || sqlState == "57P01" ||
        sqlState == "57014")
        code = ErrorCode::Unavailable; // connection lost, server shutting down, statement timeout
    else if (sqlState == "23505" || sqlState == "40001" || sqlState == "40P01")
        code = ErrorCode::Conflict; // unique violation, serialization failure, deadlock
    return core::makeError(code, std::string(what) + " failed [" + sqlState + "]: " + message);
}

core::Result<PgResult> PgConnection::exec(std::string_view sql, const std::vector<PgParam>& params)
{
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params)
        values.push_back(param ? param->c_str() : nullptr);
    const std::string statement(sql);
    pg_result* result = PQexecParams(_connection, statement.c_str(), static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0);
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
        core::Error error = errorFrom(result, "query");
        PQclear(result);
        return core::fail(std::move(error));
    }
    return PgResult(result);
}

core::Result<PgResult> PgConnection::execPrepared(const std::string& sql, const std::vector<PgParam>& params)
{
    auto known = _prepared.find(sql);
    if (known == _prepared.end())
    {
        if (_prepared.size() >= MAX_PREPARED)
        {
            if (auto dropped = execScript("DEALLOCATE ALL"); !dropped)
                return core::fail(dropped.error());
            _prepared.clear();
        }
        const std::string name = "sas" + std::to_string(++_preparedCount);
        pg_result* prepared = PQprepare(_connection, name.c_str(), sql.c_str(), 0, nullptr);
        if (!prepared || PQresultStatus(prepared) != PGRES_COMMAND_OK)
        {
            core::Error error = errorFrom(prepared, "prepare");
            PQclear(prepared);
            return core::fail(std::move(error));
        }
        PQclear(prepared);
        known = _prepared.emplace(sql, name).first;
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params)
        values.push_back(param ? param->c_str() : nullptr);
    pg_result* result = PQexecPrepared(_connection, known->second.c_str(), static_cast<int>(values.size()),
                                       values.data(), nullptr, nullptr, 0);
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
        core::Error error = errorFrom(result, "query");
        PQclear(result);
        return core::fail(std::move(error));
    }
    return PgResult(result);
}

core::Status PgConnection::execScript(const std::string& sql)
{
    pg_result* result = PQexec(_connection, sql.c_str());
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
        core::Error error = errorFrom(result, "script");
        PQclear(result);
        return core::fail(std::move(error));
    }
    PQclear(result);
    return {};
}

core::Result<long> PgConnection::copyIn(const std::string& copySql, std::string_view data)
{
    pg_result* started = PQexec(_connection, copySql.c_str());
    if (!started || PQresultStatus(started) != PGRES_COPY_IN)
    {
        core::Error error = errorFrom(started, "copy");
        PQclear(started);
        return core::fail(std::move(error));
    }
    PQclear(started);
    // Chunks below libpq's int length; PQputCopyData blocks until sent on a blocking connection.
    constexpr std::size_t CHUNK = 1 << 20;
    bool sent = true;
    for (std::size_t at = 0; sent && at < data.size(); at += CHUNK)
        sent = PQputCopyData(_connection, data.data() + at, static_cast<int>(std::min(CHUNK, data.size() - at))) == 1;
    PQputCopyEnd(_connection, sent ? nullptr : "client send failed");
    pg_result* result = PQgetResult(_connection);
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    core::Result<long> outcome = status == PGRES_COMMAND_OK ? core::Result<long>(PgResult(result).affectedRows())
                                                            : core::Result<long>(core::fail(errorFrom(result, "copy")));
    if (status != PGRES_COMMAND_OK)
        PQclear(result);
    while (pg_result* rest = PQgetResult(_connection)) // drain to make the connection usable again
        PQclear(rest);
    return outcome;
}

bool PgConnection::probeAlive()
{
    if (PQstatus(_connection) != CONNECTION_OK)
        return false;
    // An idle connection has nothing to read; anything readable is the server's goodbye
    // (a FATAL termination message, then EOF). At worst a stray notice costs one reconnect.
    pollfd descriptor{PQsocket(_connection), POLLIN, 0};
    return ::poll(&descriptor, 1, 0) == 0;
}

bool PgConnection::reusable() const
{
    return PQstatus(_connection) == CONNECTION_OK && PQtransactionStatus(_connection) == PQTRANS_IDLE;
}

} // namespace sas::adapters::postgres
