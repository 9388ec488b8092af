#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sas::adapters::vendors
{

/// A fixed set of threads running queued calls: however many searches run at once, the fan-out never holds more
/// threads than this (200 concurrent searches × N vendors do not become 200 × N threads).
class WorkerPool
{
public:
    /// `maxQueued` bounds the backlog; submit() refuses work beyond it.
    WorkerPool(int threads, std::size_t maxQueued);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues a call; false (and the call is not run) when the backlog is full or the pool is stopping.
    bool submit(std::function<void()> work);
    int threads() const { return static_cast<int>(_threads.size()); }

private:
    void run();

    std::mutex _mutex;
    std::condition_variable _ready;
    std::deque<std::function<void()>> _queue;
    std::size_t _maxQueued;
    bool _stopping = false;
    std::vector<std::thread> _threads;
};

} // namespace sas::adapters::vendors
