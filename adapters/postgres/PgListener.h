#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace sas::adapters::postgres
{

/// Listens on one NOTIFY channel on a dedicated connection and hands each payload to `onNotify`
/// on its own thread. Reconnects (with a pause) when the connection drops, then calls
/// `onReconnect` so the caller can resynchronise what it may have missed. `onIdle` runs about
/// every `idlePeriod` (the index's window roll).
class PgListener
{
public:
    struct Callbacks
    {
        std::function<void(const std::string& payload)> onNotify;
        std::function<void()> onReconnect;
        std::function<void()> onIdle;
    };

    PgListener(std::string dsn, std::string channel, Callbacks callbacks,
               std::chrono::seconds idlePeriod = std::chrono::minutes(10));
    ~PgListener();
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    void start();
    void stop();

    /// True once LISTEN has succeeded on the current connection.
    bool listening() const { return _listening; }

private:
    void run();

    std::string _dsn;
    std::string _channel;
    Callbacks _callbacks;
    std::chrono::seconds _idlePeriod;
    std::atomic<bool> _stop{false};
    std::atomic<bool> _listening{false};
    std::thread _thread;
};

} // namespace sas::adapters::postgres
