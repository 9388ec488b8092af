#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <mutex>
#include <thread>

namespace sas::fhir::rest
{

/// Closes a connection whose request head (TLS handshake, request line and headers) is not complete in time.
/// POCO's receive timeout bounds each read, not the whole head: a client dribbling a byte per read would hold a
/// server thread for ever (slow loris). The deadline runs from the connection's start, and after each response from
/// the moment it is sent (then it also covers the keep-alive wait: `idleAllowance` is added). Closing shuts the
/// socket down at the kernel level, so the thread blocked in its read returns at once and POCO ends the connection.
/// One watcher thread serves every connection.
class HeaderDeadline
{
public:
    HeaderDeadline(std::chrono::milliseconds headTimeout, std::chrono::milliseconds idleAllowance);
    ~HeaderDeadline();
    HeaderDeadline(const HeaderDeadline&) = delete;
    HeaderDeadline& operator=(const HeaderDeadline&) = delete;

    /// Watches one connection (socket `fd`) while it lives; made and destroyed on the connection's thread, which
    /// the static calls below then refer to.
    class Watch
    {
    public:
        Watch(HeaderDeadline& owner, int fd);
        ~Watch();
        Watch(const Watch&) = delete;
        Watch& operator=(const Watch&) = delete;

    private:
        HeaderDeadline& _owner;
    };

    /// On a watched connection's thread: the current request's head is complete (stops the clock).
    static void headReceived();
    /// On a watched connection's thread: the response is sent; the next head has its deadline from now.
    static void responseSent();

    /// Connections closed for an incomplete head so far.
    std::size_t closedConnections() const;

private:
    struct Entry
    {
        int fd;
        bool armed;
        std::chrono::steady_clock::time_point deadline;
    };

    void watch();

    const std::chrono::milliseconds _headTimeout;
    const std::chrono::milliseconds _idleAllowance;
    mutable std::mutex _mutex;
    std::condition_variable _wake;
    std::list<Entry> _entries;
    std::size_t _closed = 0;
    bool _stopping = false;
    std::thread _watcher;
};

} // namespace sas::fhir::rest
