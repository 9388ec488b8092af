#include "fhir/search/SearchParameterRegistry.h"

#include <algorithm>

namespace sas::fhir::search
{

namespace
{

const std::string HL7 = "http://hl7.org/fhir/SearchParameter/";
const std::string IG = "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/";

/// One row of the table: `definition` is appended to the HL7 base unless it already is a URL; `expression` holds
/// paths joined by " | "; `targets` reference target types joined by "|".
struct Row
{
    const char* resourceType;
    const char* code;
    ParamType type;
    const char* definition;
    const char* expression;
    const char* targets = "";
};

constexpr const char* ACTORS_OF_SCHEDULE =
    "Patient|Practitioner|PractitionerRole|RelatedPerson|Device|HealthcareService|Location";
constexpr const char* ACTORS_OF_APPOINTMENT =
    "Patient|Practitioner|PractitionerRole|RelatedPerson|Device|HealthcareService|Location";

const Row ROWS[] = {
    // Slot: INT_R01/R04 filter on start, status and the Schedule's actor; the IG defines `start` itself
    // (slot-sp-start: Slot.start, comparators ge/le; every prefix is supported here) and `service-type-reference`.
    {"Slot", "identifier", ParamType::Token, "Slot-identifier", "Slot.identifier"},
    {"Slot", "schedule", ParamType::Reference, "Slot-schedule", "Slot.schedule", "Schedule"},
    {"Slot", "start", ParamType::Date, "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start",
     "Slot.start"},
    {"Slot", "status", ParamType::Token, "Slot-status", "Slot.status"},
    {"Slot", "service-type", ParamType::Token, "Slot-service-type", "Slot.serviceType"},
    {"Slot", "service-type-reference", ParamType::Reference,
     "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/cptsslot-sp-servicetype",
     "Slot.serviceType.extension('http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType')."
     "value[x]",
     "HealthcareService"},
    {"Slot", "specialty", ParamType::Token, "Slot-specialty", "Slot.specialty"},
    {"Slot", "appointment-type", ParamType::Token, "Slot-appointment-type", "Slot.appointmentType"},
    {"Slot", "service-category", ParamType::Token, "Slot-service-category", "Slot.serviceCategory"},

    {"Schedule", "actor", ParamType::Reference, "Schedule-actor", "Schedule.actor", ACTORS_OF_SCHEDULE},
    {"Schedule", "active", ParamType::Token, "Schedule-active", "Schedule.active"},
    {"Schedule", "date", ParamType::Date, "Schedule-date", "Schedule.planningHorizon"},
    {"Schedule", "identifier", ParamType::Token, "Schedule-identifier", "Schedule.identifier"},
    {"Schedule", "specialty", ParamType::Token, "Schedule-specialty", "Schedule.specialty"},
    {"Schedule", "service-type", ParamType::Token, "Schedule-service-type", "Schedule.serviceType"},
    {"Schedule", "service-category", ParamType::Token, "Schedule-service-category", "Schedule.serviceCategory"},

    {"Practitioner", "identifier", ParamType::Token, "Practitioner-identifier", "Practitioner.identifier"},
    {"Practitioner", "name", ParamType::String, "Practitioner-name", "Practitioner.name"},
    {"Practitioner", "family", ParamType::String, "individual-family", "Practitioner.name.family"},
    {"Practitioner", "given", ParamType::String, "individual-given", "Practitioner.name.given"},
    {"Practitioner", "active", ParamType::Token, "Practitioner-active", "Practitioner.active"},

    {"PractitionerRole", "practitioner", ParamType::Reference, "PractitionerRole-practitioner",
     "PractitionerRole.practitioner", "Practitioner"},
    {"PractitionerRole", "organization", ParamType::Reference, "PractitionerRole-organization",
     "PractitionerRole.organization", "Organization"},
    {"PractitionerRole", "location", ParamType::Reference, "PractitionerRole-location", "PractitionerRole.location",
     "Location"},
    {"PractitionerRole", "service", ParamType::Reference, "PractitionerRole-service",
     "PractitionerRole.healthcareService", "HealthcareService"},
    {"PractitionerRole", "identifier", ParamType::Token, "PractitionerRole-identifier", "PractitionerRole.identifier"},
    {"PractitionerRole", "specialty", ParamType::Token, "PractitionerRole-specialty", "PractitionerRole.specialty"},
    {"PractitionerRole", "role", ParamType::Token, "PractitionerRole-role", "PractitionerRole.code"},
    {"PractitionerRole", "active", ParamType::Token, "PractitionerRole-active", "PractitionerRole.active"},
    {"PractitionerRole", "date", ParamType::Date, "PractitionerRole-date", "PractitionerRole.period"},

    {"Location", "identifier", ParamType::Token, "Location-identifier", "Location.identifier"},
    {"Location", "name", ParamType::String, "Location-name", "Location.name | Location.alias"},
    {"Location", "address", ParamType::String, "Location-address", "Location.address"},
    {"Location", "address-postalcode", ParamType::String, "Location-address-postalcode", "Location.address.postalCode"},
    {"Location", "address-city", ParamType::String, "Location-address-city", "Location.address.city"},
    {"Location", "organization", ParamType::Reference, "Location-organization", "Location.managingOrganization",
     "Organization"},
    {"Location", "partof", ParamType::Reference, "Location-partof", "Location.partOf", "Location"},
    {"Location", "type", ParamType::Token, "Location-type", "Location.type"},
    {"Location", "status", ParamType::Token, "Location-status", "Location.status"},

    {"Organization", "identifier", ParamType::Token, "Organization-identifier", "Organization.identifier"},
    {"Organization", "name", ParamType::String, "Organization-name", "Organization.name | Organization.alias"},
    {"Organization", "type", ParamType::Token, "Organization-type", "Organization.type"},
    {"Organization", "active", ParamType::Token, "Organization-active", "Organization.active"},
    {"Organization", "partof", ParamType::Reference, "Organization-partof", "Organization.partOf", "Organization"},
    {"Organization", "address-city", ParamType::String, "Organization-address-city", "Organization.address.city"},
    {"Organization", "address-postalcode", ParamType::String, "Organization-address-postalcode",
     "Organization.address.postalCode"},

    {"HealthcareService", "identifier", ParamType::Token, "HealthcareService-identifier",
     "HealthcareService.identifier"},
    {"HealthcareService", "organization", ParamType::Reference, "HealthcareService-organization",
     "HealthcareService.providedBy", "Organization"},
    {"HealthcareService", "location", ParamType::Reference, "HealthcareService-location", "HealthcareService.location",
     "Location"},
    {"HealthcareService", "specialty", ParamType::Token, "HealthcareService-specialty", "HealthcareService.specialty"},
    {"HealthcareService", "service-type", ParamType::Token, "HealthcareService-service-type", "HealthcareService.type"},
    {"HealthcareService", "service-category", ParamType::Token, "HealthcareService-service-category",
     "HealthcareService.category"},
    {"HealthcareService", "active", ParamType::Token, "HealthcareService-active", "HealthcareService.active"},
    {"HealthcareService", "name", ParamType::String, "HealthcareService-name", "HealthcareService.name"},

    {"Appointment", "identifier", ParamType::Token, "Appointment-identifier", "Appointment.identifier"},
    {"Appointment", "status", ParamType::Token, "Appointment-status", "Appointment.status"},
    {"Appointment", "date", ParamType::Date, "Appointment-date", "Appointment.start"},
    {"Appointment", "actor", ParamType::Reference, "Appointment-actor", "Appointment.participant.actor",
     ACTORS_OF_APPOINTMENT},
    {"Appointment", "practitioner", ParamType::Reference, "Appointment-practitioner", "Appointment.participant.actor",
     "Practitioner"},
    {"Appointment", "location", ParamType::Reference, "Appointment-location", "Appointment.participant.actor",
     "Location"},
    {"Appointment", "patient", ParamType::Reference, "Appointment-patient", "Appointment.participant.actor", "Patient"},
    {"Appointment", "slot", ParamType::Reference, "Appointment-slot", "Appointment.slot", "Slot"},
    {"Appointment", "part-status", ParamType::Token, "Appointment-part-status", "Appointment.participant.status"},
    {"Appointment", "service-type", ParamType::Token, "Appointment-service-type", "Appointment.serviceType"},
    {"Appointment", "specialty", ParamType::Token, "Appointment-specialty", "Appointment.specialty"},
    {"Appointment", "appointment-type", ParamType::Token, "Appointment-appointment-type",
     "Appointment.appointmentType"},
};

/// Parameters every resource type has (R4 "Resource-*" definitions), prepended to each type's own.
struct CommonRow
{
    const char* code;
    ParamType type;
    const char* definition;
    const char* path; ///< after "<Type>."
};

const CommonRow COMMON_ROWS[] = {
    {"_id", ParamType::Token, "Resource-id", "id"},
    {"_lastUpdated", ParamType::Date, "Resource-lastUpdated", "meta.lastUpdated"},
    {"_profile", ParamType::Uri, "Resource-profile", "meta.profile"},
    {"_tag", ParamType::Token, "Resource-tag", "meta.tag"},
    {"_security", ParamType::Token, "Resource-security", "meta.security"},
};

std::vector<std::string> split(std::string_view text, std::string_view separator)
{
    std::vector<std::string> parts;
    if (text.empty())
        return parts;
    std::size_t pos = 0;
    while (true)
    {
        const std::size_t next = text.find(separator, pos);
        parts.emplace_back(text.substr(pos, next - pos));
        if (next == std::string_view::npos)
            break;
        pos = next + separator.size();
    }
    return parts;
}

SearchParameterDefinition makeDefinition(std::string resourceType, std::string code, ParamType type,
                                         std::string_view definition, std::string expression, std::string_view targets)
{
    SearchParameterDefinition result;
    result.resourceType = std::move(resourceType);
    result.code = std::move(code);
    result.type = type;
    result.definition =
        definition.find("://") == std::string_view::npos ? HL7 + std::string(definition) : std::string(definition);
    for (const std::string& path : split(expression, " | "))
        result.paths.emplace_back(path);
    result.expression = std::move(expression);
    result.targets = split(targets, "|");
    return result;
}

} // namespace

const SearchParameterRegistry& SearchParameterRegistry::instance()
{
    static const SearchParameterRegistry registry;
    return registry;
}

SearchParameterRegistry::SearchParameterRegistry()
{
    for (const Row& row : ROWS)
    {
        if (std::find(_resourceTypes.begin(), _resourceTypes.end(), row.resourceType) == _resourceTypes.end())
            _resourceTypes.emplace_back(row.resourceType);
    }
    _definitions.reserve(std::size(ROWS) + std::size(COMMON_ROWS) * _resourceTypes.size());
    for (const std::string& type : _resourceTypes)
    {
        for (const CommonRow& row : COMMON_ROWS)
            _definitions.push_back(makeDefinition(type, row.code, row.type, row.definition, type + "." + row.path, ""));
        for (const Row& row : ROWS)
        {
            if (type == row.resourceType)
                _definitions.push_back(
                    makeDefinition(type, row.code, row.type, row.definition, row.expression, row.targets));
        }
    }
    // _definitions no longer grows: pointers and views into it stay valid.
    for (const SearchParameterDefinition& definition : _definitions)
    {
        _byType[definition.resourceType].push_back(&definition);
        _byTypeAndCode[definition.resourceType].emplace(definition.code, &definition);
    }
}

bool SearchParameterRegistry::supports(std::string_view resourceType) const
{
    return _byType.find(resourceType) != _byType.end();
}

const SearchParameterDefinition* SearchParameterRegistry::find(std::string_view resourceType,
                                                               std::string_view code) const
{
    const auto type = _byTypeAndCode.find(resourceType);
    if (type == _byTypeAndCode.end())
        return nullptr;
    const auto definition = type->second.find(code);
    return definition == type->second.end() ? nullptr : definition->second;
}

const std::vector<const SearchParameterDefinition*>&
SearchParameterRegistry::parametersOf(std::string_view resourceType) const
{
    static const std::vector<const SearchParameterDefinition*> NONE;
    const auto it = _byType.find(resourceType);
    return it == _byType.end() ? NONE : it->second;
}

std::vector<std::string> SearchParameterRegistry::includesOf(std::string_view resourceType) const
{
    std::vector<std::string> result;
    for (const SearchParameterDefinition* definition : parametersOf(resourceType))
    {
        if (definition->type == ParamType::Reference)
            result.push_back(definition->resourceType + ":" + definition->code);
    }
    return result;
}

std::vector<std::string> SearchParameterRegistry::revIncludesOf(std::string_view resourceType) const
{
    std::vector<std::string> result;
    for (const SearchParameterDefinition& definition : _definitions)
    {
        if (definition.type == ParamType::Reference &&
            std::find(definition.targets.begin(), definition.targets.end(), resourceType) != definition.targets.end())
            result.push_back(definition.resourceType + ":" + definition.code);
    }
    return result;
}

} // namespace sas::fhir::search
