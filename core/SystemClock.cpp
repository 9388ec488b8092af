#include "core/Clock.h"

namespace sas::core
{

std::chrono::system_clock::time_point SystemClock::now() const
{
    return std::chrono::system_clock::now();
}

} // namespace sas::core
