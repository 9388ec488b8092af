#include "app/routes/AgendaApi.h"
#include "app/routes/JsonApi.h"

#include "core/agenda/weeklyHours.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;
using namespace std::chrono;

namespace
{

const Access EDITORS = Access::forKinds({IdentityKind::Practitioner, IdentityKind::StructureManager, IdentityKind::Admin});
const Access READERS =
    Access::forKinds({IdentityKind::Practitioner, IdentityKind::StructureManager, IdentityKind::Admin, IdentityKind::Lrm});

core::Result<core::SlotValues> slotValues(const JsonBody& body)
{
    core::SlotValues values;
    auto start = body.string("start");
    if (!start)
        return core::fail(start.error());
    auto end = body.string("end");
    if (!end)
        return core::fail(end.error());
    auto startTime = parseTimeOfDay(*start, "start");
    if (!startTime)
        return core::fail(startTime.error());
    auto endTime = parseTimeOfDay(*end, "end");
    if (!endTime)
        return core::fail(endTime.error());
    auto plage = body.boolean("plage", false);
    if (!plage)
        return core::fail(plage.error());
    auto capacity = body.integer("capacity", 1);
    if (!capacity)
        return core::fail(capacity.error());
    if (*capacity < 0 || *capacity > 1000)
        return core::fail(ErrorCode::Invalid, "capacity is between 1 and 1000", "capacity");
    auto codes = body.strings("modalities");
    if (!codes)
        return core::fail(codes.error());
    auto modalities = parseModalities(*codes, "modalities");
    if (!modalities)
        return core::fail(modalities.error());
    values.start = *startTime;
    values.end = *endTime;
    values.plage = *plage;
    values.capacity = static_cast<int>(*capacity);
    values.modalities = *modalities;
    return values;
}

core::Result<core::EditScope> scopeFrom(const std::string& text)
{
    if (text == "occurrence" || text.empty())
        return core::EditScope::Occurrence;
    if (text == "series")
        return core::EditScope::Series;
    if (text == "from")
        return core::EditScope::SeriesFrom;
    return core::fail(ErrorCode::Invalid, "scope is occurrence, series or from", "scope");
}

std::string hhmm(minutes value)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", int(value.count() / 60), int(value.count() % 60));
    return buffer;
}

Poco::JSON::Object::Ptr ruleJson(const core::AgendaRule& rule)
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", rule.id);
    json->set("firstDate", formatDate(rule.firstDate));
    json->set("weekly", rule.weekly);
    if (rule.until)
        json->set("until", formatDate(*rule.until));
    json->set("start", hhmm(rule.start));
    json->set("end", hhmm(rule.end));
    json->set("plage", rule.plage);
    json->set("capacity", rule.capacity);
    json->set("modalities", modalityCodes(rule.modalities));
    Poco::JSON::Array::Ptr exceptions = new Poco::JSON::Array;
    for (auto date : rule.exceptions)
        exceptions->add(formatDate(date));
    json->set("exceptions", exceptions);
    return json;
}

void sendRules(Exchange& exchange, const std::vector<core::AgendaRule>& rules, int status)
{
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& rule : rules)
        array->add(ruleJson(rule));
    Poco::JSON::Object answer;
    answer.set("rules", array);
    sendJson(exchange, answer, status);
}

} // namespace

void addAgendaRoutes(fhir::rest::Router& router, AgendaApi& api)
{
    router.add("GET", "/sas/api/places/{placeId}/slots", READERS, [&api](Exchange& exchange) -> core::Status {
        const std::string placeId = exchange.pathParameters().at("placeId");
        const sys_seconds now = floor<seconds>(api.clock.now());
        sys_seconds from = now, to = now + days{7};
        if (!exchange.queryValue("from").empty())
        {
            auto parsed = parseInstant(exchange.queryValue("from"), "from");
            if (!parsed)
                return core::fail(parsed.error());
            from = *parsed;
        }
        if (!exchange.queryValue("to").empty())
        {
            auto parsed = parseInstant(exchange.queryValue("to"), "to");
            if (!parsed)
                return core::fail(parsed.error());
            to = *parsed;
        }
        if (to <= from || to - from > days{62})
            return core::fail(ErrorCode::Invalid, "'to' must follow 'from' by at most 62 days", "to");
        auto identity = *exchange.identity();
        auto occurrences = api.agenda.occurrences(identity, placeId, from, to);
        if (!occurrences)
            return core::fail(occurrences.error());
        auto record = api.store.loadPlace(placeId);
        if (!record)
            return core::fail(record.error());
        auto zone = api.zones.zone(record->place.timeZone);
        if (!zone)
            return core::fail(zone.error());
        Poco::JSON::Array::Ptr slots = new Poco::JSON::Array;
        for (const auto& o : *occurrences)
        {
            Poco::JSON::Object::Ptr slot = new Poco::JSON::Object;
            slot->set("ruleId", o.ruleId);
            slot->set("date", formatDate(o.date));
            slot->set("start", formatInstantWithOffset(o.start, (*zone)->offsetAt(o.start)));
            slot->set("end", formatInstantWithOffset(o.end, (*zone)->offsetAt(o.end)));
            slot->set("plage", o.plage);
            slot->set("capacity", o.capacity);
            slot->set("booked", o.booked);
            slot->set("modalities", modalityCodes(o.modalities));
            slot->set("editable", o.booked == 0); // behaviour 58
            slots->add(slot);
        }
        Poco::JSON::Object answer;
        answer.set("placeId", placeId);
        answer.set("timeZone", record->place.timeZone);
        answer.set("slots", slots);
        Poco::JSON::Array::Ptr rules = new Poco::JSON::Array;
        for (const auto& rule : record->rules)
            rules->add(ruleJson(rule));
        answer.set("rules", rules);
        sendJson(exchange, answer);
        return {};
    });

    router.add("POST", "/sas/api/places/{placeId}/slots", EDITORS, [&api](Exchange& exchange) -> core::Status {
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        auto dateText = body->string("date");
        if (!dateText)
            return core::fail(dateText.error());
        auto date = parseDate(*dateText, "date");
        if (!date)
            return core::fail(date.error());
        auto values = slotValues(*body);
        if (!values)
            return core::fail(values.error());
        auto repeatValues = body->integers("repeat");
        if (!repeatValues)
            return core::fail(repeatValues.error());
        std::vector<int> repeat;
        for (long long day : *repeatValues)
            repeat.push_back(day < 0 || day > 100 ? 0 : static_cast<int>(day));
        auto created = api.agenda.createSlots(*exchange.identity(), exchange.pathParameters().at("placeId"), *date, *values,
                                              repeat, fhir::rest::auditAgentOf(exchange));
        if (!created)
            return core::fail(created.error());
        sendRules(exchange, *created, 201);
        return {};
    });

    router.add("PUT", "/sas/api/places/{placeId}/slots/{ruleId}", EDITORS, [&api](Exchange& exchange) -> core::Status {
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        const std::string& ruleText = exchange.pathParameters().at("ruleId");
        if (ruleText.empty() || ruleText.size() > 18 || ruleText.find_first_not_of("0123456789") != std::string::npos)
            return core::fail(ErrorCode::NotFound, "no slot '" + ruleText.substr(0, 20) + "'", "slot");
        auto scopeText = body->string("scope", false);
        if (!scopeText)
            return core::fail(scopeText.error());
        auto scope = scopeFrom(*scopeText);
        if (!scope)
            return core::fail(scope.error());
        auto dateText = body->string("date", *scope != core::EditScope::Series);
        if (!dateText)
            return core::fail(dateText.error());
        core::Result<local_days> date = local_days{};
        if (!dateText->empty())
            date = parseDate(*dateText, "date");
        if (!date)
            return core::fail(date.error());
        auto values = slotValues(*body);
        if (!values)
            return core::fail(values.error());
        auto changed = api.agenda.editSlot(*exchange.identity(), exchange.pathParameters().at("placeId"),
                                           std::stoll(ruleText), *scope, *date, *values,
                                           fhir::rest::auditAgentOf(exchange));
        if (!changed)
            return core::fail(changed.error());
        sendRules(exchange, *changed, 200);
        return {};
    });

    router.add("DELETE", "/sas/api/places/{placeId}/slots/{ruleId}", EDITORS, [&api](Exchange& exchange) -> core::Status {
        const std::string& ruleText = exchange.pathParameters().at("ruleId");
        if (ruleText.empty() || ruleText.size() > 18 || ruleText.find_first_not_of("0123456789") != std::string::npos)
            return core::fail(ErrorCode::NotFound, "no slot '" + ruleText.substr(0, 20) + "'", "slot");
        auto scope = scopeFrom(exchange.queryValue("scope"));
        if (!scope)
            return core::fail(scope.error());
        core::Result<local_days> date = local_days{};
        if (*scope != core::EditScope::Series || !exchange.queryValue("date").empty())
            date = parseDate(exchange.queryValue("date"), "date");
        if (!date)
            return core::fail(date.error());
        auto changed = api.agenda.deleteSlot(*exchange.identity(), exchange.pathParameters().at("placeId"),
                                             std::stoll(ruleText), *scope, *date,
                                             fhir::rest::auditAgentOf(exchange));
        if (!changed)
            return core::fail(changed.error());
        sendRules(exchange, *changed, 200);
        return {};
    });

    router.add("PUT", "/sas/api/places/{placeId}/unavailability", EDITORS, [&api](Exchange& exchange) -> core::Status {
        auto body = JsonBody::read(exchange);
        if (!body)
            return core::fail(body.error());
        core::Unavailability unavailability;
        unavailability.placeId = exchange.pathParameters().at("placeId");
        auto indefinite = body->boolean("indefinite", false);
        if (!indefinite)
            return core::fail(indefinite.error());
        unavailability.indefinite = *indefinite;
        auto periods = body->objects("periods");
        if (!periods)
            return core::fail(periods.error());
        for (std::size_t i = 0; i < periods->size(); ++i)
        {
            const std::string where = "periods[" + std::to_string(i) + "]";
            auto start = (*periods)[i].string("start");
            auto end = (*periods)[i].string("end");
            if (!start || !end)
                return core::fail(ErrorCode::Invalid, "each period has a start and an end", where);
            auto from = parseLocalDateTime(*start, where + ".start");
            if (!from)
                return core::fail(from.error());
            auto to = parseLocalDateTime(*end, where + ".end");
            if (!to)
                return core::fail(to.error());
            unavailability.periods.push_back({*from, *to});
        }
        if (auto saved = api.agenda.setUnavailability(*exchange.identity(), unavailability,
                                                           fhir::rest::auditAgentOf(exchange)); !saved)
            return saved;
        Poco::JSON::Object answer;
        answer.set("placeId", unavailability.placeId);
        answer.set("indefinite", unavailability.indefinite);
        answer.set("periods", static_cast<int>(unavailability.periods.size()));
        sendJson(exchange, answer);
        return {};
    });

    router.add("GET", "/sas/api/practitioners/{id}/weekly-hours", EDITORS, [&api](Exchange& exchange) -> core::Status {
        const std::string id = exchange.pathParameters().at("id");
        int isoYear = 0, isoWeek = 0;
        char tail = 0;
        const std::string weekText = exchange.queryValue("week");
        if (std::sscanf(weekText.c_str(), "%4d-W%2d%c", &isoYear, &isoWeek, &tail) != 2 || isoWeek < 1 || isoWeek > 53)
            return core::fail(ErrorCode::Invalid, "week is an ISO week such as 2026-W14", "week");
        auto placeIds = api.store.placeIdsOf(id);
        if (!placeIds)
            return core::fail(placeIds.error());
        if (placeIds->empty())
            return core::fail(ErrorCode::NotFound, "no places for practitioner '" + id.substr(0, 20) + "'", "id");
        std::vector<core::PlaceRecord> records;
        std::vector<std::shared_ptr<const core::ZoneRules>> zones;
        for (const auto& placeId : *placeIds)
        {
            auto record = api.store.loadPlace(placeId);
            if (!record)
                return core::fail(record.error());
            if (auto allowed = core::AgendaService::mayEdit(*exchange.identity(), *record); !allowed)
                return allowed;
            auto zone = api.zones.zone(record->place.timeZone);
            if (!zone)
                return core::fail(zone.error());
            records.push_back(std::move(*record));
            zones.push_back(*zone);
        }
        std::vector<core::PlaceAgenda> agendas;
        for (std::size_t i = 0; i < records.size(); ++i)
            agendas.push_back({&records[i].rules, zones[i].get(), &records[i].unavailability});
        const auto offered = core::weeklyAgendaMinutes(agendas, {isoYear, isoWeek});
        Poco::JSON::Object answer;
        answer.set("practitionerId", id);
        answer.set("week", weekText);
        answer.set("minutes", static_cast<long>(offered.count()));
        answer.set("meetsTwoHours", offered >= hours{2});
        sendJson(exchange, answer);
        return {};
    });
}

} // namespace sas::app
