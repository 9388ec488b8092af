#include "adapters/postgres/PgPool.h"

namespace sas::adapters::postgres
{

PooledConnection::~PooledConnection()
{
    if (_connection)
        _pool->release(std::move(_connection));
}

core::Result<PooledConnection> PgPool::acquire()
{
    std::unique_lock lock(_mutex);
    const bool ready = _available.wait_for(lock, _config.acquireTimeout,
                                           [this] { return !_idle.empty() || _open < _config.size; });
    if (!ready)
    {
        ++_timeouts;
        return core::fail(core::ErrorCode::Unavailable, "all database connections are busy");
    }
    while (!_idle.empty())
    {
        auto connection = std::move(_idle.back());
        _idle.pop_back();
        if (!connection->probeAlive())
        {
            --_open; // closed by the server (restart, failover): drop it and try the next
            continue;
        }
        ++_busy;
        return PooledConnection(*this, std::move(connection));
    }

    ++_open; // reserve the slot, then connect without holding the lock
    ++_busy;
    lock.unlock();
    auto opened = PgConnection::open(_config.dsn, _config.connectTimeout);
    if (opened)
    {
        auto set = (*opened)->exec("SELECT set_config('statement_timeout', $1, false)",
                                   {std::to_string(_config.statementTimeout.count())});
        if (!set)
            opened = core::fail(set.error());
    }
    if (!opened)
    {
        lock.lock();
        --_open;
        --_busy;
        _available.notify_one();
        return core::fail(opened.error());
    }
    return PooledConnection(*this, std::move(*opened));
}

void PgPool::release(std::unique_ptr<PgConnection> connection)
{
    std::lock_guard lock(_mutex);
    --_busy;
    if (connection->reusable())
        _idle.push_back(std::move(connection));
    else
        --_open; // dropped: the next acquire reconnects
    _available.notify_one();
}

int PgPool::open() const
{
    std::lock_guard lock(_mutex);
    return _open;
}

int PgPool::busy() const
{
    std::lock_guard lock(_mutex);
    return _busy;
}

unsigned long long PgPool::timeouts() const
{
    std::lock_guard lock(_mutex);
    return _timeouts;
}

} // namespace sas::adapters::postgres
