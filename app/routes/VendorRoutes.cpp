#include "app/routes/VendorRoutes.h"

#include "fhir/rest/Exchange.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace sas::app
{

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

void addRegulatorAccountRoute(fhir::rest::Router& router, const adapters::vendors::RegulatorAccountSync& accounts)
{
    router.add("GET", "/admin/regulator-accounts/{technicalId}", Access::forKinds({IdentityKind::Admin}),
               [&accounts](Exchange& exchange) -> core::Status {
                   rapidjson::StringBuffer buffer;
                   rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
                   w.StartObject();
                   w.Key("vendors");
                   w.StartArray();
                   for (const auto& status : accounts.status(exchange.pathParameters().at("technicalId")))
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
                   exchange.sendText(buffer.GetString(), "application/json");
                   return {};
               });
}

} // namespace sas::app
