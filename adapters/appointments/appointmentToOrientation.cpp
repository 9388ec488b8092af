#include "adapters/appointments/appointmentToOrientation.h"

#include "fhir/search/parseDateRange.h"

namespace sas::adapters::appointments
{
namespace
{

using core::ErrorCode;

std::string textAt(const fhir::Node* node, std::initializer_list<std::string_view> path)
{
    for (auto name : path)
    {
        if (!node)
            return {};
        node = node->first(name);
    }
    return node ? node->value() : std::string();
}

const fhir::Node* extension(const fhir::Node& resource, std::string_view url)
{
    if (const auto* member = resource.find("extension"))
        for (const auto& candidate : member->values)
            if (textAt(&candidate, {"url"}) == url)
                return &candidate;
    return nullptr;
}

bool hasProfile(const fhir::Node& resource, std::string_view url)
{
    if (const auto* meta = resource.first("meta"))
        if (const auto* profiles = meta->find("profile"))
            for (const auto& profile : profiles->values)
                if (profile.value().substr(0, profile.value().find('|')) == url)
                    return true;
    return false;
}

std::optional<core::Instant> instantOf(const std::string& text)
{
    if (text.empty())
        return std::nullopt;
    auto range = fhir::search::parseDateRange(text);
    if (!range)
        return std::nullopt;
    return core::Instant(std::chrono::seconds(range->low / fhir::search::MICROS_PER_SECOND));
}

/// `sas-categorie-orientation` codes (categorie-orientation-sas-codesystem and TRE-R66), lrm-hub.md §2.7.
std::optional<core::OrientationCategory> categoryOf(const std::string& code)
{
    if (code == "001")
        return core::OrientationCategory::Ps;
    if (code == "002")
        return core::OrientationCategory::Pdm;
    if (code == "003")
        return core::OrientationCategory::Sos;
    if (code == "604")
        return core::OrientationCategory::Cpts;
    if (code == "603")
        return core::OrientationCategory::Msp;
    if (code == "124")
        return core::OrientationCategory::Cds;
    return std::nullopt;
}

} // namespace

core::Result<core::orientation::OrientationInput> appointmentToOrientation(const fhir::Node& appointment,
                                                                           const std::string& resourceId,
                                                                           core::Instant receivedAt,
                                                                           const DirectoryLookup& lookup)
{
    const bool sos = hasProfile(appointment, SOS_APPOINTMENT_PROFILE);
    core::orientation::OrientationInput input;
    input.source = "int-r03";
    input.sourceKey = resourceId;
    input.resourceId = resourceId;
    input.receivedAt = receivedAt;

    const std::string status = textAt(&appointment, {"status"});
    auto parsed = core::parseOrientationStatus(status);
    if (!parsed || (*parsed == core::OrientationStatus::Pending && !sos))
        return core::fail(ErrorCode::Unprocessable,
                          "the SAS accepts appointments booked, fulfilled, noshow or cancelled, and pending for SOS "
                          "Médecins (sas-sos-appointment); not '" + status + "'",
                          "Appointment.status");
    input.status = *parsed;

    const auto start = instantOf(textAt(&appointment, {"start"}));
    if (!start)
        return core::fail(ErrorCode::Unprocessable, "an appointment needs its start", "Appointment.start");
    input.start = *start;
    input.end = instantOf(textAt(&appointment, {"end"}));
    input.created = instantOf(textAt(&appointment, {"created"}));

    if (const auto* operatorExtension = extension(appointment, OPERATOR_EXTENSION))
    {
        const auto* identifier = operatorExtension->first("valueReference");
        identifier = identifier ? identifier->first("identifier") : nullptr;
        input.regulator = core::RegulatorReference{textAt(identifier, {"system"}), textAt(identifier, {"value"})};
    }
    if (input.regulator.value.empty())
        return core::fail(ErrorCode::Unprocessable, "the booking regulator (FrAppointmentOperator) is missing",
                          "Appointment.extension");

    if (const auto* participants = appointment.find("participant"))
        for (const auto& participant : participants->values)
        {
            const auto* identifier = participant.first("actor");
            identifier = identifier ? identifier->first("identifier") : nullptr;
            const std::string system = textAt(identifier, {"system"});
            const std::string value = textAt(identifier, {"value"});
            if (value.empty())
                continue;
            if (system == IDNPS_SYSTEM && !input.practitioner)
            {
                core::OrientationPractitioner practitioner{value, "", "", "", ""};
                auto found = lookup("Practitioner", system, value);
                if (!found)
                    return core::fail(found.error());
                if (*found)
                {
                    practitioner.lastName = (*found)->family;
                    practitioner.firstName = (*found)->given;
                }
                input.practitioner = std::move(practitioner);
            }
            else if (system == IDNST_SYSTEM && !input.structure)
            {
                core::OrientationStructure structure{value, ""};
                auto found = lookup("Organization", system, value);
                if (!found)
                    return core::fail(found.error());
                if (*found)
                    structure.name = (*found)->family;
                input.structure = std::move(structure);
            }
        }

    if (const auto* categoryExtension = extension(appointment, CATEGORY_EXTENSION))
        input.category = categoryOf(textAt(categoryExtension->first("valueCodeableConcept"), {"coding", "code"}));
    if (!input.category && sos)
        input.category = core::OrientationCategory::Sos;
    if (!input.category && input.practitioner)
        input.category = core::OrientationCategory::Ps;
    return input;
}

} // namespace sas::adapters::appointments

namespace sas::adapters::appointments
{

std::optional<fhir::store::TokenCondition> appointmentNaturalKey(const fhir::Node& resource)
{
    if (resource.resourceType() != "Appointment")
        return std::nullopt;
    const fhir::Node* identifier = resource.first("identifier");
    const std::string system = textAt(identifier, {"system"});
    const std::string value = textAt(identifier, {"value"});
    if (system.empty() || value.empty())
        return std::nullopt;
    return fhir::store::TokenCondition{"identifier", system, value};
}

} // namespace sas::adapters::appointments
