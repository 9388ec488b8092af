#include "adapters/vendors/WorkerPool.h"

namespace sas::adapters::vendors
{

WorkerPool::WorkerPool(int threads, std::size_t maxQueued) : _maxQueued(maxQueued)
{
    _threads.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i)
        _threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _ready.notify_all();
    for (auto& thread : _threads)
        thread.join();
}

bool WorkerPool::submit(std::function<void()> work)
{
    {
        std::lock_guard lock(_mutex);
        if (_stopping || _queue.size() >= _maxQueued)
            return false;
        _queue.push_back(std::move(work));
    }
    _ready.notify_one();
    return true;
}

void WorkerPool::run()
{
    for (;;)
    {
        std::function<void()> work;
        {
            std::unique_lock lock(_mutex);
            _ready.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_queue.empty())
                return; // stopping and drained
            work = std::move(_queue.front());
            _queue.pop_front();
        }
        work(); // calls catch their own exceptions
    }
}

} // namespace sas::adapters::vendors
