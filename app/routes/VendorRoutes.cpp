#include "app/routes/VendorRoutes.h"

#include "app/routes/JsonApi.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"

#include <algorithm>
#include <cctype>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;

namespace
{

std::string registryJson(const adapters::vendors::VendorRegistry& registry)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("vendors");
    w.StartArray();
    for (const auto& [id, vendor] : registry.all())
    {
        w.StartObject();
        w.Key("id");
        w.String(id.c_str());
        w.Key("name");
        w.String(vendor.displayName.c_str());
        w.Key("capability");
        w.String(adapters::vendors::toString(vendor.capability));
        w.Key("flows");
        w.StartArray();
        for (auto flow : vendor.flows)
            w.String(core::toString(flow));
        w.EndArray();
        w.Key("enabled");
        w.Bool(vendor.enabled);
        w.Key("baseUrl");
        w.String(vendor.baseUrl.c_str());
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

std::string accountStatusJson(const std::vector<adapters::vendors::VendorAccountStatus>& statuses)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("vendors");
    w.StartArray();
    for (const auto& status : statuses)
    {
        w.StartObject();
        w.Key("id");
        w.String(status.vendorId.c_str());
        w.Key("state");
        w.String(adapters::vendors::toString(status.state));
        w.Key("attempts");
        w.Int(status.attempts);
        w.Key("lastError");
        w.String(status.lastError.c_str());
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

/// Identifiers travel in URLs and FHIR identifiers: printable ASCII without spaces, bounded.
bool plainIdentifier(const std::string& value, std::size_t maxLength)
{
    return !value.empty() && value.size() <= maxLength &&
           std::all_of(value.begin(), value.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

/// The account of a PUT: path's technical id, body's names, national id and state; Invalid naming the member.
core::Result<core::RegulatorAccount> readAccount(Exchange& exchange)
{
    core::RegulatorAccount account;
    account.technicalId = exchange.pathParameters().at("technicalId");
    if (!plainIdentifier(account.technicalId, 128))
        return core::fail(ErrorCode::Invalid, "the technical id is 1 to 128 printable characters without spaces",
                          "technicalId");
    auto body = JsonBody::read(exchange);
    if (!body)
        return core::fail(body.error());
    auto nationalId = body->string("nationalId", false);
    auto family = body->string("familyName");
    auto given = body->string("givenName");
    auto email = body->string("email", false);
    auto active = body->boolean("active", true);
    for (const auto* field : {&nationalId, &family, &given, &email})
        if (!*field)
            return core::fail(field->error());
    if (!active)
        return core::fail(active.error());
    if (!nationalId->empty())
    {
        if (!plainIdentifier(*nationalId, 20) ||
            !std::all_of(nationalId->begin(), nationalId->end(), [](unsigned char c) { return std::isalnum(c); }))
            return core::fail(ErrorCode::Invalid, "nationalId is the IDNPS: 1 to 20 letters or digits", "nationalId");
        account.nationalId = *nationalId;
    }
    for (const auto& [value, name] : {std::pair{&*family, "familyName"}, {&*given, "givenName"}})
        if (value->empty() || value->size() > 200)
            return core::fail(ErrorCode::Invalid, std::string(name) + " is 1 to 200 characters", name);
    account.family = *family;
    account.given = *given;
    account.email = *email;
    account.active = *active;
    return account;
}

} // namespace

void addVendorRoutes(fhir::rest::Router& router, adapters::vendors::ReloadableVendorRegistry& registry,
                     const adapters::vendors::FanOutVendorClient& client, fhir::rest::HttpMetrics& metrics)
{
    const auto admin = Access::forKinds({IdentityKind::Admin});
    router.add("GET", "/admin/vendors", admin, [&registry](Exchange& exchange) -> core::Status {
        exchange.sendText(registryJson(*registry.current()), "application/json");
        return {};
    });
    router.add("POST", "/admin/vendors/reload", admin, [&registry](Exchange& exchange) -> core::Status {
        if (auto reloaded = registry.reload(); !reloaded)
            return reloaded;
        exchange.sendText(registryJson(*registry.current()), "application/json");
        return {};
    });

    auto counter = [&client](std::uint64_t adapters::vendors::FanOutCounters::*field) {
        return [&client, field] { return static_cast<double>(client.counters().*field); };
    };
    using Counters = adapters::vendors::FanOutCounters;
    metrics.addGauge("sas_vendor_searches", "Vendor fan-outs run.", counter(&Counters::searches));
    metrics.addGauge("sas_vendor_calls", "Search requests sent to vendors.", counter(&Counters::calls));
    metrics.addGauge("sas_vendor_late_answers", "Vendor batches finished after their search's deadline (dropped).",
                     counter(&Counters::lateAnswers));
    metrics.addGauge("sas_vendor_rejected_batches", "Batches not sent: vendor bulkhead or fan-out backlog full.",
                     counter(&Counters::rejectedBatches));
    metrics.addGauge("sas_vendor_cache_hits", "Targets answered from the vendor answer cache.",
                     counter(&Counters::cacheHits));
}

void addRegulatorAccountRoutes(fhir::rest::Router& router, adapters::vendors::RegulatorAccountSync& accounts,
                               core::AuditTrail& audit)
{
    const auto admin = Access::forKinds({IdentityKind::Admin});
    router.add("GET", "/admin/regulator-accounts/{technicalId}", admin, [&accounts](Exchange& exchange) -> core::Status {
        exchange.sendText(accountStatusJson(accounts.status(exchange.pathParameters().at("technicalId"))),
                          "application/json");
        return {};
    });
    router.add("PUT", "/admin/regulator-accounts/{technicalId}", admin,
               [&accounts, &audit](Exchange& exchange) -> core::Status {
                   auto account = readAccount(exchange);
                   if (!account)
                       return core::fail(account.error());
                   const auto statuses =
                       account->active ? accounts.onLogin(*account) : accounts.deactivateAtEveryVendor(*account);
                   const bool allSynced = std::all_of(statuses.begin(), statuses.end(), [](const auto& status) {
                       return status.state == adapters::vendors::AccountSyncState::Synced;
                   });
                   // The vendors hold the change (or were told and refused): the trail says so, with ids only.
                   if (auto recorded = audit.append(core::AuditRecord{
                           fhir::rest::auditAgentOf(exchange), "U", account->active ? "update" : "deactivate",
                           "RegulatorAccount", account->technicalId, std::nullopt, "", allSynced ? "0" : "4"});
                       !recorded)
                       return recorded;
                   exchange.sendText(accountStatusJson(statuses), "application/json");
                   return {};
               });
}

} // namespace sas::app
