#include "app/routes/AgendaApi.h"
#include "app/routes/JsonApi.h"

#include "core/agenda/avenant9.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>
#include <map>
#include <sstream>

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;
using namespace std::chrono;

namespace
{

Poco::JSON::Object::Ptr bookingJson(const core::Booking& b)
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", b.id);
    json->set("type", std::string(b.enSus ? "en-sus" : "slot"));
    json->set("placeId", b.placeId);
    json->set("practitionerId", b.practitionerId);
    if (!b.enSus)
    {
        json->set("ruleId", b.ruleId);
        json->set("date", formatDate(b.date));
    }
    json->set("start", formatInstantUtc(b.start));
    json->set("regulator", b.regulator);
    json->set("territory", b.territory);
    json->set("status", b.status);
    json->set("createdAt", formatInstantUtc(b.createdAt));
    return json;
}

/// Which orientations an identity may see or mark: a regulator its own, a practitioner theirs, a
/// structure manager its structures', an admin all.
core::Status restrictTo(const core::ClientIdentity& who, core::BookingFilter& filter, AgendaApi& api)
{
    switch (who.kind)
    {
    case IdentityKind::Admin: return {};
    case IdentityKind::Lrm: filter.regulator = who.name; return {};
    case IdentityKind::Practitioner:
    case IdentityKind::StructureManager:
    {
        // The directory links identities: a practitioner's identity column, a structure's managers.
        if (who.kind == IdentityKind::StructureManager)
        {
            auto structures = api.store.structures();
            if (!structures)
                return core::fail(structures.error());
            for (const auto& s : *structures)
                if (std::find(s.managers.begin(), s.managers.end(), who.name) != s.managers.end() &&
                    (filter.structureId.empty() || filter.structureId == s.id))
                {
                    filter.structureId = s.id;
                    return {};
                }
            return core::fail(ErrorCode::Forbidden, "this identity manages no structure");
        }
        if (filter.practitionerId.empty())
            return core::fail(ErrorCode::Invalid, "a practitioner lists their orientations with practitioner=<id>",
                              "practitioner");
        auto places = api.store.placeIdsOf(filter.practitionerId);
        if (!places)
            return core::fail(places.error());
        if (places->empty())
            return core::fail(ErrorCode::Forbidden, "not this identity's practitioner");
        auto record = api.store.loadPlace(places->front());
        if (!record)
            return core::fail(record.error());
        if (record->practitionerIdentity != who.name)
            return core::fail(ErrorCode::Forbidden, "not this identity's practitioner");
        return {};
    }
    default: return core::fail(ErrorCode::Forbidden, "no access to orientations");
    }
}

core::Result<std::pair<sys_seconds, sys_seconds>> quarterBounds(const std::string& text, core::Quarter& quarter)
{
    char tail = 0;
    if (std::sscanf(text.c_str(), "%4d-Q%1d%c", &quarter.year, &quarter.quarter, &tail) != 2 || quarter.quarter < 1 ||
        quarter.quarter > 4 || quarter.year < 2000)
        return core::fail(ErrorCode::Invalid, "quarter is written 2026-Q1", "quarter");
    const auto first = year{quarter.year} / month{static_cast<unsigned>(3 * quarter.quarter - 2)} / 1;
    // Quarter bounds in Paris wall-clock are within an hour or two of these; patients are counted
    // by the orientation's UTC start.
    return std::pair{sys_seconds{sys_days{first}}, sys_seconds{sys_days{first + months{3}}}};
}

} // namespace

void addOrientationRoutes(fhir::rest::Router& router, AgendaApi& api)
{
    router.add("POST", "/sas/api/orientations", Access::forKinds({IdentityKind::Lrm, IdentityKind::Admin}),
               [&api](Exchange& exchange) -> core::Status {
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        auto placeId = body->string("placeId");
        if (!placeId)
            return core::fail(placeId.error());
        auto type = body->string("type");
        if (!type)
            return core::fail(type.error());
        core::Result<core::Booking> booked = core::fail(ErrorCode::Invalid, "type is 'slot' or 'en-sus'", "type");
        if (*type == "slot")
        {
            auto ruleId = body->integer("ruleId");
            if (!ruleId)
                return core::fail(ruleId.error());
            auto dateText = body->string("date");
            if (!dateText)
                return core::fail(dateText.error());
            auto date = parseDate(*dateText, "date");
            if (!date)
                return core::fail(date.error());
            booked = api.agenda.book(*exchange.identity(), *placeId, *ruleId, *date, fhir::rest::auditAgentOf(exchange));
        }
        else if (*type == "en-sus")
        {
            auto startText = body->string("start");
            if (!startText)
                return core::fail(startText.error());
            auto start = parseInstant(*startText, "start");
            if (!start)
                return core::fail(start.error());
            booked = api.agenda.bookEnSus(*exchange.identity(), *placeId, *start, fhir::rest::auditAgentOf(exchange));
        }
        if (!booked)
            return core::fail(booked.error());
        sendJson(exchange, bookingJson(*booked), 201);
        return {};
    });

    const Access dashboards = Access::forKinds(
        {IdentityKind::Lrm, IdentityKind::Practitioner, IdentityKind::StructureManager, IdentityKind::Admin});
    router.add("GET", "/sas/api/orientations", dashboards, [&api](Exchange& exchange) -> core::Status {
        core::BookingFilter filter;
        filter.practitionerId = exchange.queryValue("practitioner");
        filter.structureId = exchange.queryValue("structure");
        filter.status = exchange.queryValue("status");
        filter.territory = exchange.queryValue("territory");
        for (const char* name : {"from", "to"})
            if (!exchange.queryValue(name).empty())
            {
                auto parsed = parseInstant(exchange.queryValue(name), name);
                if (!parsed)
                    return core::fail(parsed.error());
                (std::string(name) == "from" ? filter.from : filter.to) = *parsed;
            }
        if (!filter.status.empty() && filter.status != "booked" && filter.status != "honoured" &&
            filter.status != "not-honoured")
            return core::fail(ErrorCode::Invalid, "status is booked, honoured or not-honoured", "status");
        if (auto allowed = restrictTo(*exchange.identity(), filter, api); !allowed)
            return allowed;
        auto bookings = api.store.bookings(filter);
        if (!bookings)
            return core::fail(bookings.error());
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        std::map<std::string, int> byStatus;
        for (const auto& b : *bookings)
        {
            list->add(bookingJson(b));
            ++byStatus[b.status];
        }
        Poco::JSON::Object::Ptr counts = new Poco::JSON::Object;
        for (const auto& [status, count] : byStatus)
            counts->set(status, count);
        Poco::JSON::Object answer;
        answer.set("total", static_cast<int>(bookings->size()));
        answer.set("byStatus", counts);
        answer.set("orientations", list);
        sendJson(exchange, answer);
        return {};
    });

    router.add("POST", "/sas/api/orientations/{id}/status",
               Access::forKinds({IdentityKind::Practitioner, IdentityKind::StructureManager, IdentityKind::Admin}),
               [&api](Exchange& exchange) -> core::Status {
        const std::string idText = exchange.pathParameters().at("id");
        if (idText.empty() || idText.size() > 18 || idText.find_first_not_of("0123456789") != std::string::npos)
            return core::fail(ErrorCode::NotFound, "no orientation '" + idText.substr(0, 20) + "'", "id");
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        auto status = body->string("status");
        if (!status)
            return core::fail(status.error());
        if (*status != "honoured" && *status != "not-honoured")
            return core::fail(ErrorCode::Invalid, "status is honoured or not-honoured", "status");
        auto booking = api.store.booking(std::stoll(idText));
        if (!booking)
            return core::fail(booking.error());
        auto record = api.store.loadPlace(booking->placeId);
        if (!record)
            return core::fail(record.error());
        if (auto allowed = core::AgendaService::mayEdit(*exchange.identity(), *record); !allowed)
            return allowed;
        if (auto saved = api.store.setBookingStatus(booking->id, *status,
                                                       core::bookingStatusAudit(fhir::rest::auditAgentOf(exchange), *booking, *status));
            !saved)
            return saved;
        booking->status = *status;
        sendJson(exchange, bookingJson(*booking));
        return {};
    });

    router.add("GET", "/sas/api/reports/avenant9", Access::forKinds({IdentityKind::Admin}),
               [&api](Exchange& exchange) -> core::Status {
        core::Quarter quarter;
        auto bounds = quarterBounds(exchange.queryValue("quarter"), quarter);
        if (!bounds)
            return core::fail(bounds.error());
        const std::string format = exchange.queryValue("format");
        if (!format.empty() && format != "json" && format != "csv")
            return core::fail(ErrorCode::Invalid, "format is json or csv", "format");
        auto placeIds = api.store.placeIds();
        if (!placeIds)
            return core::fail(placeIds.error());
        // Group places by practitioner; keep the records alive for the hour counts.
        std::map<std::string, std::vector<core::PlaceRecord>> byPractitioner;
        for (const auto& id : *placeIds)
        {
            auto record = api.store.loadPlace(id);
            if (!record)
                return core::fail(record.error());
            byPractitioner[record->practitioner.id].push_back(std::move(*record));
        }
        core::BookingFilter filter;
        filter.from = bounds->first;
        filter.to = bounds->second;
        auto bookings = api.store.bookings(filter);
        if (!bookings)
            return core::fail(bookings.error());
        std::map<std::string, int> patients;
        for (const auto& b : *bookings)
            if (b.status != "not-honoured")
                ++patients[b.practitionerId];
        const auto weeks = core::isoWeeksOf(quarter);

        std::ostringstream csv;
        csv << "practitioner_id;participates;weeks;weeks_with_2h;indicator8_eligible;sas_patients;indicator9_euros\n";
        Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
        for (auto& [practitionerId, records] : byPractitioner)
        {
            std::vector<std::shared_ptr<const core::ZoneRules>> zones;
            std::vector<core::PlaceAgenda> agendas;
            for (auto& record : records)
            {
                auto zone = api.zones.zone(record.place.timeZone);
                if (!zone)
                    return core::fail(zone.error());
                zones.push_back(*zone);
            }
            for (std::size_t i = 0; i < records.size(); ++i)
                agendas.push_back({&records[i].rules, zones[i].get(), &records[i].unavailability});
            std::vector<core::WeekHours> hours;
            int weeksWithTwoHours = 0;
            for (const auto& week : weeks)
            {
                hours.push_back({week, core::weeklyAgendaMinutes(agendas, week)});
                if (hours.back().offered >= std::chrono::hours{2})
                    ++weeksWithTwoHours;
            }
            const auto& settings = records.front().settings;
            const bool eligible = core::indicator8Eligible(settings, hours);
            const int count = patients[practitionerId];
            const int euros = settings.participates ? core::indicator9Amount(count) : 0;
            Poco::JSON::Object::Ptr row = new Poco::JSON::Object;
            row->set("practitionerId", practitionerId);
            row->set("participates", settings.participates);
            row->set("weeks", static_cast<int>(weeks.size()));
            row->set("weeksWithTwoHours", weeksWithTwoHours);
            row->set("indicator8Eligible", eligible);
            row->set("sasPatients", count);
            row->set("indicator9Euros", euros);
            rows->add(row);
            csv << practitionerId << ';' << (settings.participates ? "true" : "false") << ';' << weeks.size() << ';'
                << weeksWithTwoHours << ';' << (eligible ? "true" : "false") << ';' << count << ';' << euros << '\n';
        }
        if (format == "csv")
        {
            exchange.response().set("Content-Disposition", "attachment; filename=\"avenant9-" +
                                                               exchange.queryValue("quarter") + ".csv\"");
            exchange.sendText(csv.str(), "text/csv; charset=utf-8");
            return {};
        }
        Poco::JSON::Object answer;
        answer.set("quarter", exchange.queryValue("quarter"));
        answer.set("practitioners", rows);
        sendJson(exchange, answer);
        return {};
    });
}

} // namespace sas::app
