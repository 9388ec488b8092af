#include "adapters/appointments/AppointmentWriteHook.h"

#include "adapters/appointments/appointmentToOrientation.h"
#include "adapters/postgres/PgOrientationScope.h"
#include "fhir/json/JsonReader.h"
#include "fhir/search/parseDateRange.h"

#include <algorithm>

namespace sas::adapters::appointments
{
namespace
{

using core::ErrorCode;

std::string firstText(const fhir::Node* node, std::string_view name)
{
    const auto* value = node ? node->first(name) : nullptr;
    return value ? value->value() : std::string();
}

/// Names of the live Practitioner or Organization carrying an identifier, read in the write's transaction.
DirectoryLookup directoryOver(postgres::PgConnection& connection)
{
    return [&connection](const std::string& type, const std::string& system,
                         const std::string& value) -> core::Result<std::optional<DirectoryEntry>> {
        auto rows = connection.exec("SELECT r.body FROM search_token t JOIN resource r ON r.type = t.type AND r.id = t.id "
                                    "AND NOT r.deleted WHERE t.type = $1 AND t.param = 'identifier' AND t.system = $2 "
                                    "AND t.code = $3 ORDER BY r.id LIMIT 1",
                                    {type, system, value});
        if (!rows)
            return core::fail(rows.error());
        if (rows->rows() == 0)
            return std::optional<DirectoryEntry>();
        auto parsed = fhir::readJson(rows->value(0, 0));
        if (!parsed)
            return std::optional<DirectoryEntry>();
        const fhir::Node& resource = parsed->resource;
        if (type == "Organization")
            return std::optional<DirectoryEntry>(DirectoryEntry{firstText(&resource, "name"), ""});
        const fhir::Node* name = resource.first("name");
        return std::optional<DirectoryEntry>(DirectoryEntry{firstText(name, "family"), firstText(name, "given")});
    };
}

} // namespace

core::Status AppointmentWriteHook::afterWrite(postgres::PgConnection& connection, const fhir::store::ResourceWrite& write,
                                              const fhir::store::WriteOutcome& outcome)
{
    if (write.type != "Appointment")
        return {};
    auto parsed = fhir::readJson(outcome.stored.json);
    if (!parsed)
        return core::fail(parsed.error());
    return record(connection, parsed->resource, write.owner, outcome.stored.id, outcome.stored.lastUpdated);
}

core::Status AppointmentWriteHook::afterDelete(postgres::PgConnection& connection,
                                               const fhir::store::ResourceDelete& removal,
                                               const fhir::store::WriteOutcome& outcome)
{
    if (removal.type != "Appointment" || outcome.unchanged)
        return {};
    // The version the DELETE ended: what the LRM knows of this appointment, now cancelled.
    auto rows = connection.exec("SELECT body FROM resource_version WHERE type = 'Appointment' AND id = $1 "
                                "AND version = $2 AND NOT deleted",
                                {removal.id, std::to_string(outcome.stored.version - 1)});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return {};
    auto parsed = fhir::readJson(rows->value(0, 0));
    if (!parsed)
        return core::fail(parsed.error());
    fhir::Node appointment = std::move(parsed->resource);
    if (firstText(&appointment, "status") == "cancelled")
        return {};
    appointment.set("status", fhir::Node::string("cancelled"));
    return record(connection, appointment, removal.owner, removal.id, outcome.stored.lastUpdated);
}

core::Status AppointmentWriteHook::record(postgres::PgConnection& connection, const fhir::Node& appointment,
                                          const std::string& owner, const std::string& resourceId,
                                          const std::string& lastUpdated)
{
    const fhir::Node* identifier = appointment.first("identifier");
    const std::string system = firstText(identifier, "system");
    const auto owned = _vendorSystems.find(owner);
    if (owned == _vendorSystems.end())
        return core::fail(ErrorCode::Forbidden, "only booking vendors write appointments", "Appointment");
    if (std::find(owned->second.begin(), owned->second.end(), system) == owned->second.end())
        return core::fail(ErrorCode::Forbidden,
                          "this client writes appointments only in its own identifier system(s), not '" + system + "'",
                          "Appointment.identifier[0].system");

    const auto received = fhir::search::parseDateRange(lastUpdated);
    if (!received)
        return core::fail(ErrorCode::Internal, "the store's lastUpdated is not an instant");
    auto input = appointmentToOrientation(
        appointment, resourceId,
        core::Instant(std::chrono::seconds(received->low / fhir::search::MICROS_PER_SECOND)), directoryOver(connection));
    if (!input)
        return core::fail(input.error());
    postgres::PgOrientationScope scope(connection, _messages);
    auto recorded = _recorder.record(*input, scope);
    if (!recorded)
        return core::fail(recorded.error());
    return {};
}

void AppointmentWriteHook::afterCommit()
{
    if (_afterCommitted)
        _afterCommitted();
}

} // namespace sas::adapters::appointments
