#include "app/routes/JsonApi.h"

#include "fhir/rest/Exchange.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace sas::app
{

using core::ErrorCode;
using namespace std::chrono;

core::Result<JsonBody> JsonBody::read(fhir::rest::Exchange& exchange)
{
    auto body = exchange.readBody();
    if (!body)
        return core::fail(body.error());
    try
    {
        Poco::JSON::Parser parser;
        auto value = parser.parse(*body);
        if (value.type() != typeid(Poco::JSON::Object::Ptr))
            return core::fail(ErrorCode::Invalid, "the body must be a JSON object", "body");
        return JsonBody(value.extract<Poco::JSON::Object::Ptr>());
    }
    catch (const Poco::Exception& e)
    {
        return core::fail(ErrorCode::Invalid, "the body is not valid JSON: " + e.message(), "body");
    }
    catch (const std::exception& e)
    {
        return core::fail(ErrorCode::Invalid, std::string("the body is not valid JSON: ") + e.what(), "body");
    }
}

bool JsonBody::has(const std::string& name) const
{
    return _object->has(name) && !_object->isNull(name);
}

core::Result<std::string> JsonBody::string(const std::string& name, bool required) const
{
    if (!has(name))
    {
        if (required)
            return core::fail(ErrorCode::Invalid, "'" + name + "' is required", name);
        return std::string();
    }
    auto value = _object->get(name);
    if (!value.isString())
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be a string", name);
    return value.extract<std::string>();
}

core::Result<bool> JsonBody::boolean(const std::string& name, bool fallback) const
{
    if (!has(name))
        return fallback;
    auto value = _object->get(name);
    if (!value.isBoolean())
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be true or false", name);
    return value.extract<bool>();
}

core::Result<std::optional<bool>> JsonBody::optionalBoolean(const std::string& name) const
{
    if (!has(name))
        return std::optional<bool>{};
    auto value = boolean(name, false);
    if (!value)
        return core::fail(value.error());
    return std::optional<bool>(*value);
}

core::Result<long long> JsonBody::integer(const std::string& name, std::optional<long long> fallback) const
{
    if (!has(name))
    {
        if (fallback)
            return *fallback;
        return core::fail(ErrorCode::Invalid, "'" + name + "' is required", name);
    }
    auto value = _object->get(name);
    if (!value.isInteger())
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be an integer", name);
    try
    {
        return value.convert<long long>();
    }
    catch (const Poco::Exception&)
    {
        return core::fail(ErrorCode::Invalid, "'" + name + "' is out of range", name);
    }
}

core::Result<double> JsonBody::number(const std::string& name) const
{
    if (!has(name))
        return core::fail(ErrorCode::Invalid, "'" + name + "' is required", name);
    auto value = _object->get(name);
    if (!value.isNumeric())
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be a number", name);
    return value.convert<double>();
}

core::Result<std::vector<std::string>> JsonBody::strings(const std::string& name) const
{
    std::vector<std::string> out;
    if (!has(name))
        return out;
    auto array = _object->getArray(name);
    if (!array)
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be an array of strings", name);
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        auto value = array->get(static_cast<unsigned>(i));
        if (!value.isString())
            return core::fail(ErrorCode::Invalid, "'" + name + "' must be an array of strings",
                              name + "[" + std::to_string(i) + "]");
        out.push_back(value.extract<std::string>());
    }
    return out;
}

core::Result<std::vector<long long>> JsonBody::integers(const std::string& name) const
{
    std::vector<long long> out;
    if (!has(name))
        return out;
    auto array = _object->getArray(name);
    if (!array)
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be an array of integers", name);
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        auto value = array->get(static_cast<unsigned>(i));
        if (!value.isInteger())
            return core::fail(ErrorCode::Invalid, "'" + name + "' must be an array of integers",
                              name + "[" + std::to_string(i) + "]");
        out.push_back(value.convert<long long>());
    }
    return out;
}

core::Result<JsonBody> JsonBody::object(const std::string& name) const
{
    if (!has(name))
        return JsonBody(new Poco::JSON::Object);
    auto object = _object->getObject(name);
    if (!object)
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be an object", name);
    return JsonBody(object);
}

core::Result<std::vector<JsonBody>> JsonBody::objects(const std::string& name) const
{
    std::vector<JsonBody> out;
    if (!has(name))
        return out;
    auto array = _object->getArray(name);
    if (!array)
        return core::fail(ErrorCode::Invalid, "'" + name + "' must be an array of objects", name);
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        auto object = array->getObject(static_cast<unsigned>(i));
        if (!object)
            return core::fail(ErrorCode::Invalid, "'" + name + "' must be an array of objects",
                              name + "[" + std::to_string(i) + "]");
        out.emplace_back(object);
    }
    return out;
}

void sendJson(fhir::rest::Exchange& exchange, const Poco::Dynamic::Var& value, int status)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    exchange.sendText(out.str(), "application/json; charset=utf-8", status);
}

core::Result<local_days> parseDate(const std::string& text, const std::string& expression)
{
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        return core::fail(ErrorCode::Invalid, "'" + text.substr(0, 40) + "' is not a date YYYY-MM-DD", expression);
    const year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok())
        return core::fail(ErrorCode::Invalid, "'" + text + "' is not a calendar date", expression);
    return local_days{ymd};
}

core::Result<minutes> parseTimeOfDay(const std::string& text, const std::string& expression)
{
    int h = -1, m = -1;
    char tail = 0;
    if (text.size() != 5 || std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || m < 0 || m > 59 ||
        h > 24 || (h == 24 && m != 0))
        return core::fail(ErrorCode::Invalid, "'" + text.substr(0, 40) + "' is not a time HH:MM", expression);
    return minutes{h * 60 + m};
}

core::Result<local_seconds> parseLocalDateTime(const std::string& text, const std::string& expression)
{
    if (text.size() != 19 || text[10] != 'T')
        return core::fail(ErrorCode::Invalid, "'" + text.substr(0, 40) + "' is not a date-time YYYY-MM-DDTHH:MM:SS",
                          expression);
    auto date = parseDate(text.substr(0, 10), expression);
    if (!date)
        return core::fail(date.error());
    int h = -1, m = -1, s = -1;
    if (std::sscanf(text.c_str() + 11, "%2d:%2d:%2d", &h, &m, &s) != 3 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 ||
        s > 59)
        return core::fail(ErrorCode::Invalid, "'" + text + "' is not a date-time YYYY-MM-DDTHH:MM:SS", expression);
    return local_seconds{*date} + hours{h} + minutes{m} + seconds{s};
}

core::Result<sys_seconds> parseInstant(const std::string& text, const std::string& expression)
{
    if (text.size() < 20)
        return core::fail(ErrorCode::Invalid, "'" + text.substr(0, 40) + "' is not an instant with a time zone", expression);
    auto local = parseLocalDateTime(text.substr(0, 19), expression);
    if (!local)
        return core::fail(local.error());
    const std::string zone = text.substr(19);
    int sign = 0, oh = 0, om = 0;
    if (zone == "Z")
        sign = 1;
    else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) == 2)
        sign = zone[0] == '+' ? 1 : -1;
    else
        return core::fail(ErrorCode::Invalid, "'" + text.substr(0, 40) + "' is not an instant with a time zone", expression);
    return sys_seconds{local->time_since_epoch()} - sign * (hours{oh} + minutes{om});
}

std::string formatDate(local_days date)
{
    const year_month_day ymd{sys_days{date.time_since_epoch()}};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buffer;
}

namespace
{

std::string formatWall(local_seconds at)
{
    const local_days day = floor<days>(at);
    const auto time = at - day;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d", formatDate(day).c_str(), int(time.count() / 3600),
                  int(time.count() / 60 % 60), int(time.count() % 60));
    return buffer;
}

} // namespace

std::string formatInstantUtc(sys_seconds instant)
{
    return formatWall(local_seconds{instant.time_since_epoch()}) + "Z";
}

std::string formatInstantWithOffset(sys_seconds instant, seconds offset)
{
    char zone[16];
    const int total = static_cast<int>(std::clamp<long>(offset.count(), -86399, 86399));
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", total < 0 ? '-' : '+', std::abs(total) / 3600, std::abs(total) / 60 % 60);
    return formatWall(local_seconds{instant.time_since_epoch() + offset}) + zone;
}

core::Result<core::Modalities> parseModalities(const std::vector<std::string>& codes, const std::string& expression)
{
    core::Modalities bits = 0;
    for (std::size_t i = 0; i < codes.size(); ++i)
    {
        auto modality = core::parseModality(codes[i]);
        if (!modality)
            return core::fail(ErrorCode::Invalid, "'" + codes[i].substr(0, 20) + "' is not a modality (AMB, VR, HH)",
                              expression + "[" + std::to_string(i) + "]");
        bits |= *modality;
    }
    return bits;
}

Poco::JSON::Array::Ptr modalityCodes(core::Modalities modalities)
{
    Poco::JSON::Array::Ptr codes = new Poco::JSON::Array;
    for (auto modality : {core::InPerson, core::Teleconsultation, core::HomeVisit})
        if (modalities & modality)
            codes->add(std::string(core::modalityCode(modality)));
    return codes;
}

} // namespace sas::app
