#include "adapters/vendors/searchRequestTarget.h"

#include <cstdio>

namespace sas::adapters::vendors
{
namespace
{

constexpr const char* PRACTITIONER_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
constexpr const char* STRUCTURE_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";

std::string tokenList(const char* system, const std::vector<std::string>& identifiers)
{
    std::string list;
    for (const auto& identifier : identifiers)
    {
        if (!list.empty())
            list += ',';
        list += system;
        list += "%7C";
        list += identifier;
    }
    return list;
}

} // namespace

std::size_t maxIdentifiersPerRequest(core::VendorFlow flow)
{
    return flow == core::VendorFlow::Sos ? MAX_SIRETS_PER_REQUEST : MAX_PRACTITIONERS_PER_REQUEST;
}

std::string formatRequestInstant(std::chrono::system_clock::time_point instant)
{
    using namespace std::chrono;
    const auto millis = floor<milliseconds>(instant);
    const auto day = floor<days>(millis);
    const year_month_day date(day);
    const hh_mm_ss time(millis - day);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03d+00:00", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return text;
}

std::string searchRequestTarget(core::VendorFlow flow, const std::vector<std::string>& identifiers,
                                std::chrono::system_clock::time_point windowStart,
                                std::chrono::system_clock::time_point windowEnd)
{
    auto encoded = [](std::chrono::system_clock::time_point instant) {
        std::string text = formatRequestInstant(instant);
        const auto plus = text.rfind('+');
        return text.replace(plus, 1, "%2B");
    };
    const std::string ge = "ge" + encoded(windowStart);
    const std::string le = "le" + encoded(windowEnd);

    if (flow == core::VendorFlow::Sos)
        return "/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location"
               "&_include:iterate=Location:organization&_has:Slot:schedule:start=" + ge +
               "&_has:Slot:schedule:start=" + le + "&_has:Slot:schedule:status=free"
               "&actor:Location.organization.identifier=" + tokenList(STRUCTURE_SYSTEM, identifiers) + "&_count=1000";

    std::string target = "/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor";
    if (flow == core::VendorFlow::Cpts)
        target += "&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization";
    target += "&start=" + ge + "&start=" + le + "&schedule.actor:Practitioner.identifier=" +
              tokenList(PRACTITIONER_SYSTEM, identifiers) + "&status=free&_count=1000";
    return target;
}

} // namespace sas::adapters::vendors
