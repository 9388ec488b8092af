#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace sas::app
{

/// Runs `task` every `period` on its own thread, the first time one period after construction; the destructor
/// stops it without waiting for the period to end (and waits for a run in progress).
class PeriodicTask
{
public:
    PeriodicTask(std::chrono::milliseconds period, std::function<void()> task)
        : _thread([this, period, task = std::move(task)](std::stop_token stop) {
              std::mutex mutex;
              std::unique_lock lock(mutex);
              while (!stop.stop_requested())
              {
                  _wakeUp.wait_for(lock, stop, period, [] { return false; }); // returns at the period or the stop
                  if (stop.stop_requested())
                      break;
                  task();
              }
          })
    {
    }
    ~PeriodicTask()
    {
        _thread.request_stop(); // wakes wait_for through the stop token
        _thread.join();
    }
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

private:
    std::condition_variable_any _wakeUp;
    std::jthread _thread; // last: started once _wakeUp exists
};

} // namespace sas::app
