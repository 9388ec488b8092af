#pragma once

#include "adapters/postgres/PgConnection.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sas::adapters::postgres
{

struct PgPoolConfig
{
    std::string dsn;
    int size = 8;
    std::chrono::milliseconds acquireTimeout{2000};
    std::chrono::seconds connectTimeout{5};
    /// Applied to every connection: bounds each statement so a stuck query cannot pin a thread.
    std::chrono::milliseconds statementTimeout{10000};
};

class PgPool;

/// A connection borrowed from the pool; returned when destroyed (dropped if it went bad).
class PooledConnection
{
public:
    PooledConnection(PgPool& pool, std::unique_ptr<PgConnection> connection)
        : _pool(&pool), _connection(std::move(connection)) { }
    PooledConnection(PooledConnection&& other) noexcept = default;
    PooledConnection& operator=(PooledConnection&&) = delete;
    ~PooledConnection();

    PgConnection* operator->() { return _connection.get(); }
    PgConnection& operator*() { return *_connection; }

private:
    PgPool* _pool;
    std::unique_ptr<PgConnection> _connection;
};

/// A bounded pool of connections, opened lazily. When all are busy, acquire() waits up to
/// acquireTimeout and then answers Unavailable, so a slow database turns into 503s rather than an
/// unbounded queue. Thread-safe.
class PgPool
{
public:
    explicit PgPool(PgPoolConfig config) : _config(std::move(config)) { }

    core::Result<PooledConnection> acquire();

    int size() const { return _config.size; }
    int open() const;
    int busy() const;
    /// Acquisitions that gave up after acquireTimeout, since start.
    unsigned long long timeouts() const;

private:
    friend class PooledConnection;
    void release(std::unique_ptr<PgConnection> connection);

    PgPoolConfig _config;
    mutable std::mutex _mutex;
    std::condition_variable _available;
    std::vector<std::unique_ptr<PgConnection>> _idle;
    int _open = 0;
    int _busy = 0;
    unsigned long long _timeouts = 0;
};

} // namespace sas::adapters::postgres
