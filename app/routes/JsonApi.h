#pragma once

#include "core/Result.h"
#include "core/model/Agenda.h"

#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sas::fhir::rest
{
class Exchange;
}

namespace sas::app
{

/// Helpers of the JSON REST APIs (agenda SAS, directory, search, orientations): bodies are JSON
/// objects; every problem becomes an Invalid error naming the member, rendered by the one error
/// mapping (fhir/rest/errorToHttp) like every other error.
class JsonBody
{
public:
    /// Reads and parses the request body; Invalid when it is not a JSON object.
    static core::Result<JsonBody> read(fhir::rest::Exchange& exchange);
    explicit JsonBody(Poco::JSON::Object::Ptr object) : _object(std::move(object)) { }

    bool has(const std::string& name) const;
    core::Result<std::string> string(const std::string& name, bool required = true) const;
    core::Result<bool> boolean(const std::string& name, bool fallback) const;
    core::Result<std::optional<bool>> optionalBoolean(const std::string& name) const;
    core::Result<long long> integer(const std::string& name, std::optional<long long> fallback = std::nullopt) const;
    core::Result<double> number(const std::string& name) const;
    core::Result<std::vector<std::string>> strings(const std::string& name) const;
    core::Result<std::vector<long long>> integers(const std::string& name) const;
    core::Result<JsonBody> object(const std::string& name) const;
    core::Result<std::vector<JsonBody>> objects(const std::string& name) const;

private:
    Poco::JSON::Object::Ptr _object;
};

/// Writes a JSON value with the status.
void sendJson(fhir::rest::Exchange& exchange, const Poco::Dynamic::Var& value, int status = 200);

/// "2026-06-10" → date; Invalid at `expression` otherwise.
core::Result<std::chrono::local_days> parseDate(const std::string& text, const std::string& expression);
/// "09:30" → minutes after midnight ("24:00" allowed for an end); Invalid otherwise.
core::Result<std::chrono::minutes> parseTimeOfDay(const std::string& text, const std::string& expression);
/// "2026-06-10T08:00:00" (wall clock, no offset) → local seconds.
core::Result<std::chrono::local_seconds> parseLocalDateTime(const std::string& text, const std::string& expression);
/// "2026-06-10T08:00:00Z" or with an offset → instant.
core::Result<std::chrono::sys_seconds> parseInstant(const std::string& text, const std::string& expression);

std::string formatDate(std::chrono::local_days date);
std::string formatInstantUtc(std::chrono::sys_seconds instant);
/// "2026-06-10T10:00:00+02:00" in the given zone offset.
std::string formatInstantWithOffset(std::chrono::sys_seconds instant, std::chrono::seconds offset);

/// ["AMB", "VR"] → bits; Invalid naming the bad code.
core::Result<core::Modalities> parseModalities(const std::vector<std::string>& codes, const std::string& expression);
Poco::JSON::Array::Ptr modalityCodes(core::Modalities modalities);

} // namespace sas::app
