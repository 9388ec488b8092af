#include "fhir/rest/HeaderDeadline.h"

#include <Poco/Logger.h>

#include <sys/socket.h>

namespace sas::fhir::rest
{
namespace
{

using Clock = std::chrono::steady_clock;

/// The watch of the connection served by this thread (POCO runs one connection per thread at a time).
struct CurrentWatch
{
    HeaderDeadline* owner = nullptr;
    void* entry = nullptr;
};
thread_local CurrentWatch current;

} // namespace

HeaderDeadline::HeaderDeadline(std::chrono::milliseconds headTimeout, std::chrono::milliseconds idleAllowance)
    : _headTimeout(headTimeout), _idleAllowance(idleAllowance), _watcher([this] { watch(); })
{
}

HeaderDeadline::~HeaderDeadline()
{
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    _watcher.join();
}

HeaderDeadline::Watch::Watch(HeaderDeadline& owner, int fd) : _owner(owner)
{
    std::lock_guard lock(owner._mutex);
    owner._entries.push_front(Entry{fd, true, Clock::now() + owner._headTimeout});
    current = CurrentWatch{&owner, &owner._entries.front()};
}

HeaderDeadline::Watch::~Watch()
{
    // Removed under the lock before the socket is closed: the watcher never shuts down a reused descriptor.
    std::lock_guard lock(_owner._mutex);
    auto* entry = static_cast<Entry*>(current.entry);
    _owner._entries.remove_if([entry](const Entry& e) { return &e == entry; });
    current = CurrentWatch{};
}

void HeaderDeadline::headReceived()
{
    if (current.owner == nullptr)
        return;
    std::lock_guard lock(current.owner->_mutex);
    static_cast<Entry*>(current.entry)->armed = false;
}

void HeaderDeadline::responseSent()
{
    if (current.owner == nullptr)
        return;
    HeaderDeadline& owner = *current.owner;
    std::lock_guard lock(owner._mutex);
    auto* entry = static_cast<Entry*>(current.entry);
    entry->armed = true;
    entry->deadline = Clock::now() + owner._idleAllowance + owner._headTimeout;
}

std::size_t HeaderDeadline::closedConnections() const
{
    std::lock_guard lock(_mutex);
    return _closed;
}

void HeaderDeadline::watch()
{
    // A tenth of the timeout (at most 250 ms) between checks: a late close costs at most that much.
    const auto period = std::min<std::chrono::milliseconds>(std::chrono::milliseconds(250), _headTimeout / 10 + std::chrono::milliseconds(1));
    std::unique_lock lock(_mutex);
    while (!_stopping)
    {
        _wake.wait_for(lock, period);
        const auto now = Clock::now();
        for (Entry& entry : _entries)
            if (entry.armed && now >= entry.deadline)
            {
                entry.armed = false;
                ::shutdown(entry.fd, SHUT_RDWR);
                ++_closed;
                Poco::Logger::get("sas.http").warning("closed a connection whose request head was not complete in %d ms",
                                                      static_cast<int>(_headTimeout.count()));
            }
    }
}

} // namespace sas::fhir::rest
