#include "app/formatInstant.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace sas::app
{

std::string formatInstant(std::chrono::system_clock::time_point time)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    return Poco::DateTimeFormatter::format(Poco::Timestamp(micros), "%Y-%m-%dT%H:%M:%S.%iZ");
}

} // namespace sas::app
