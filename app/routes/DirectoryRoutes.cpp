#include "app/routes/AgendaApi.h"
#include "app/routes/JsonApi.h"

#include "core/agenda/participationRules.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"

#include <Poco/JSON/Object.h>

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;

namespace
{

/// A directory PUT's audit event: the admin identity and the entry's id, never its contents.
core::AuditRecord directoryAudit(const Exchange& exchange, const char* type, const std::string& id)
{
    return core::AuditRecord{fhir::rest::auditAgentOf(exchange), "U", "update", type, id, std::nullopt, "", "0"};
}

/// Truncates to `limit` characters (UTF-8 code points) after removing markup (behaviour 62).
std::string plainText(const std::string& text, std::size_t limit)
{
    std::string out;
    bool inTag = false;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '<')
            inTag = true;
        else if (c == '>' && inTag)
            inTag = false;
        else if (!inTag)
        {
            const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
            if (!continuation && ++characters > limit)
                break;
            out += c;
        }
    }
    return out;
}

core::Result<core::ParticipationSettings> settingsFrom(const JsonBody& body, const std::string& practitionerId)
{
    core::ParticipationSettings s;
    s.practitionerId = practitionerId;
    auto participates = body.boolean("participates", false);
    auto via = body.integer("via", 0);
    auto hasSoftware = body.optionalBoolean("hasSoftware");
    auto editorDisabled = body.boolean("editorDisabled", false);
    auto hours = body.boolean("hoursDeclared", false);
    auto reo = body.boolean("forfaitReorientation", false);
    auto finess = body.string("structureFiness", false);
    auto siret = body.string("sosSiret", false);
    auto places = body.strings("cptsPlaceIds");
    auto interfaced = body.boolean("interfaced", false);
    auto vendors = body.strings("vendors");
    for (const core::Status& field : {core::Status(participates ? core::Status{} : core::fail(participates.error())),
                                      via ? core::Status{} : core::fail(via.error()),
                                      hasSoftware ? core::Status{} : core::fail(hasSoftware.error()),
                                      editorDisabled ? core::Status{} : core::fail(editorDisabled.error()),
                                      hours ? core::Status{} : core::fail(hours.error()),
                                      reo ? core::Status{} : core::fail(reo.error()),
                                      finess ? core::Status{} : core::fail(finess.error()),
                                      siret ? core::Status{} : core::fail(siret.error()),
                                      places ? core::Status{} : core::fail(places.error()),
                                      interfaced ? core::Status{} : core::fail(interfaced.error()),
                                      vendors ? core::Status{} : core::fail(vendors.error())})
        if (!field)
        {
            core::Error error = field.error();
            for (auto& issue : error.issues)
                issue.expression = "settings." + issue.expression;
            return core::fail(error);
        }
    if (*via < 0 || *via > 4)
        return core::fail(ErrorCode::Invalid, "via is 1 (individual), 2 (CPTS), 3 (MSP) or 4 (SOS Médecins)", "settings.via");
    s.participates = *participates;
    if (*via > 0)
        s.via = static_cast<core::ParticipationVia>(*via);
    s.hasSoftware = *hasSoftware;
    s.editorDisabled = *editorDisabled;
    s.hoursDeclared = *hours;
    s.forfaitReorientation = *reo;
    s.structureFiness = *finess;
    s.sosSiret = *siret;
    s.cptsPlaceIds = *places;
    s.vendorIds = *vendors;
    s.interfaced = *interfaced || !s.vendorIds.empty(); // a named vendor publishes this practitioner's slots
    // Through SOS Médecins the association holds the agenda (sas-platform.md §3.6 front rules).
    if (s.via == core::ParticipationVia::SosMedecins)
    {
        s.editorDisabled = true;
        s.hasSoftware = false;
        s.hoursDeclared = true;
    }
    return s;
}

} // namespace

void addDirectoryRoutes(fhir::rest::Router& router, AgendaApi& api)
{
    const Access admin = Access::forKinds({IdentityKind::Admin});

    router.add("PUT", "/sas/api/directory/practitioners/{id}", admin, [&api](Exchange& exchange) -> core::Status {
        const std::string id = exchange.pathParameters().at("id");
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        core::Practitioner practitioner;
        practitioner.id = id;
        auto idKind = body->string("idKind");
        auto nationalId = body->string("nationalId");
        auto family = body->string("familyName");
        auto given = body->string("givenName");
        auto profession = body->string("profession", false);
        auto specialties = body->strings("specialties");
        auto identity = body->string("identity", false);
        for (const auto* field : {&idKind, &nationalId, &family, &given, &profession, &identity})
            if (!*field)
                return core::fail(field->error());
        if (!specialties)
            return core::fail(specialties.error());
        if (*idKind != "rpps" && *idKind != "adeli")
            return core::fail(ErrorCode::Invalid, "idKind is 'rpps' or 'adeli'", "idKind");
        practitioner.nationalId = {*idKind == "rpps" ? core::NationalId::Kind::Rpps : core::NationalId::Kind::Adeli,
                                   *nationalId};
        if (!core::isValidNationalId(practitioner.nationalId))
            return core::fail(ErrorCode::Invalid, "an RPPS has 11 digits, an ADELI 9 characters", "nationalId");
        if (id != practitioner.nationalId.prefixed())
            return core::fail(ErrorCode::Invalid, "the id must be the prefixed national id '" +
                                                      practitioner.nationalId.prefixed() + "'", "id");
        practitioner.familyName = *family;
        practitioner.givenName = *given;
        practitioner.profession = *profession;
        for (std::size_t i = 0; i < specialties->size(); ++i)
        {
            auto specialty = api.specialties.resolve((*specialties)[i], "specialties[" + std::to_string(i) + "]");
            if (!specialty)
                return core::fail(specialty.error());
            practitioner.specialties.push_back(specialty->code);
        }
        auto settingsBody = body->object("settings");
        if (!settingsBody)
            return core::fail(settingsBody.error());
        auto settings = settingsFrom(*settingsBody, id);
        if (!settings)
            return core::fail(settings.error());
        auto placeIds = api.store.placeIdsOf(id);
        if (!placeIds)
            return core::fail(placeIds.error());
        std::string lookupError;
        auto valid = core::validateParticipation(
            *settings,
            [&](const std::string& finess) {
                auto found = api.store.structure(finess);
                return found && found->has_value();
            },
            *placeIds);
        if (!valid)
        {
            core::Error error = valid.error();
            for (auto& issue : error.issues)
                issue.expression = "settings." + issue.expression;
            return core::fail(error);
        }
        if (auto saved = api.store.savePractitioner(practitioner, *identity, *settings,
                                                        directoryAudit(exchange, "DirectoryPractitioner", id));
            !saved)
            return saved;
        for (const auto& placeId : *placeIds) // editor_disabled and flags reach every place (behaviour 67)
            if (auto refreshed = api.agenda.refreshPlace(placeId); !refreshed)
                return refreshed;
        Poco::JSON::Object answer;
        answer.set("id", id);
        sendJson(exchange, answer);
        return {};
    });

    router.add("PUT", "/sas/api/directory/structures/{id}", admin, [&api](Exchange& exchange) -> core::Status {
        const std::string id = exchange.pathParameters().at("id");
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        core::Structure structure;
        structure.id = id;
        auto kind = body->string("kind");
        auto name = body->string("name");
        auto finess = body->string("finess", false);
        auto siret = body->string("siret", false);
        for (const auto* field : {&kind, &name, &finess, &siret})
            if (!*field)
                return core::fail(field->error());
        auto parsedKind = core::parseStructureKind(*kind);
        if (!parsedKind)
            return core::fail(ErrorCode::Invalid, "kind is cpts, msp, cds or sos", "kind");
        structure.kind = *parsedKind;
        structure.name = *name;
        structure.finess = *finess;
        structure.siret = *siret;
        if (structure.kind == core::StructureKind::SosMedecins ? siret->size() != 14 : finess->size() != 9)
            return core::fail(ErrorCode::Invalid, "a CPTS, MSP or CDS has a 9-character FINESS, SOS Médecins a 14-digit SIRET",
                              structure.kind == core::StructureKind::SosMedecins ? "siret" : "finess");
        if (id != (structure.kind == core::StructureKind::SosMedecins ? structure.siret : structure.finess))
            return core::fail(ErrorCode::Invalid, "the id must be the structure's FINESS (SIRET for SOS Médecins)", "id");
        auto zone = body->strings("interventionZone");
        auto managers = body->strings("managers");
        if (!zone)
            return core::fail(zone.error());
        if (!managers)
            return core::fail(managers.error());
        structure.interventionZoneInsee = *zone;
        structure.managers = *managers;
        auto settingsBody = body->object("settings");
        if (!settingsBody)
            return core::fail(settingsBody.error());
        core::StructureSettings settings;
        settings.structureId = id;
        auto participates = settingsBody->boolean("participates", false);
        auto count = settingsBody->integer("practitionerCount", 0);
        auto hours = settingsBody->boolean("hoursDeclared", false);
        auto enSus = settingsBody->boolean("acceptsEnSus", false);
        if (!participates || !count || !hours || !enSus)
            return core::fail(ErrorCode::Invalid, "settings: participates, hoursDeclared, acceptsEnSus are booleans, "
                                                  "practitionerCount an integer", "settings");
        settings.participates = *participates;
        settings.practitionerCount = static_cast<int>(*count);
        settings.hoursDeclared = *hours;
        settings.acceptsEnSus = *enSus;
        if (auto valid = core::validateStructureSettings(structure, settings); !valid)
            return valid;
        if (auto saved = api.store.saveStructure(structure, settings, directoryAudit(exchange, "DirectoryStructure", id));
            !saved)
            return saved;
        if (api.structuresChanged)
            api.structuresChanged();
        Poco::JSON::Object answer;
        answer.set("id", id);
        sendJson(exchange, answer);
        return {};
    });

    router.add("PUT", "/sas/api/directory/places/{id}", admin, [&api](Exchange& exchange) -> core::Status {
        const std::string id = exchange.pathParameters().at("id");
        if (id.size() > 64)
            return core::fail(ErrorCode::Invalid, "a place id has at most 64 characters", "id");
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        core::Place place;
        place.id = id;
        auto practitioner = body->string("practitionerId");
        auto structure = body->string("structureId", false);
        auto address = body->string("address", false);
        auto postcode = body->string("postcode", false);
        auto insee = body->string("inseeCode", false);
        auto timeZone = body->string("timeZone", false);
        auto phone = body->string("phone", false);
        auto info = body->string("additionalInfo", false);
        for (const auto* field : {&practitioner, &structure, &address, &postcode, &insee, &timeZone, &phone, &info})
            if (!*field)
                return core::fail(field->error());
        place.practitionerId = *practitioner;
        place.structureId = *structure;
        place.address = *address;
        place.postcode = *postcode;
        place.inseeCode = *insee;
        place.phone = *phone;
        place.additionalInfo = plainText(*info, 1000);
        place.timeZone = timeZone->empty() ? "Europe/Paris" : *timeZone;
        if (auto zone = api.zones.zone(place.timeZone); !zone)
            return core::fail(zone.error());
        core::LocationQuery query;
        query.address = place.address;
        query.postcode = place.postcode;
        query.inseeCode = place.inseeCode;
        if (body->has("latitude") || body->has("longitude"))
        {
            auto lat = body->number("latitude");
            auto lon = body->number("longitude");
            if (!lat)
                return core::fail(lat.error());
            if (!lon)
                return core::fail(lon.error());
            if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
                return core::fail(ErrorCode::Invalid, "coordinates out of range", "latitude");
            query.hasPoint = true;
            query.point = {*lat, *lon};
        }
        auto located = api.geocoder.geocode(query);
        if (!located)
        {
            core::Error error = located.error();
            if (error.code == ErrorCode::NotFound)
                error.code = ErrorCode::Unprocessable; // a place we cannot locate would never be found
            return core::fail(error);
        }
        place.location = query.hasPoint ? query.point : located->centre;
        place.departement = located->departement;
        if (place.inseeCode.empty())
            place.inseeCode = located->inseeCode;
        if (auto saved = api.store.savePlace(place, directoryAudit(exchange, "DirectoryPlace", id)); !saved)
            return saved;
        if (auto refreshed = api.agenda.refreshPlace(id); !refreshed)
            return refreshed;
        Poco::JSON::Object answer;
        answer.set("id", id);
        answer.set("departement", place.departement);
        answer.set("latitude", place.location.latitude);
        answer.set("longitude", place.location.longitude);
        sendJson(exchange, answer);
        return {};
    });
}

} // namespace sas::app
