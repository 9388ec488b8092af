#include "app/routes/OpsPageRoute.h"

#include "app/routes/WebContext.h"
#include "fhir/rest/Exchange.h"
#include "web/OpsPage.h"

#include <cstdio>

namespace sas::app
{
namespace
{

using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;

std::string utc(std::chrono::system_clock::time_point instant)
{
    const auto seconds = std::chrono::floor<std::chrono::seconds>(instant);
    const auto day = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss<std::chrono::seconds> time(seconds - day);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d:%02d UTC", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

} // namespace

void addOpsPage(fhir::rest::Router& router, adapters::vendors::ReloadableVendorRegistry& registry,
                const adapters::vendors::FanOutVendorClient& client, core::ports::HubOutbox& outbox,
                MappingState& mappings, const core::Clock& clock)
{
    router.add("GET", "/ops", Access::forKinds({IdentityKind::Admin}),
               [&registry, &client, &outbox, &mappings, &clock](Exchange& exchange) -> core::Status {
        web::OpsView view;
        view.mappingVersion = mappings.current()->version;
        view.generatedAt = utc(clock.now());
        const auto health = client.health();
        for (const auto& [id, vendor] : registry.current()->all())
        {
            web::VendorHealthRow row;
            row.vendor = id;
            auto seen = health.find(id);
            const adapters::vendors::VendorHealth tally = seen == health.end() ? adapters::vendors::VendorHealth{}
                                                                               : seen->second;
            row.circuit = vendor.enabled ? tally.circuit : "disabled";
            row.lastAnswer = tally.lastSuccess ? utc(*tally.lastSuccess) : "jamais";
            const auto calls = tally.successes + tally.failures;
            row.calls = std::to_string(calls);
            row.errorRate = calls == 0 ? "—" : std::to_string(tally.failures * 100 / calls) + " %";
            view.vendors.push_back(row);
        }
        auto counts = outbox.countByState();
        if (!counts)
            return core::fail(counts.error());
        for (const auto& [state, count] : *counts)
            view.hubMessages.emplace_back(state, count);
        sendHtml(exchange, web::renderOpsPage(web::PageFrame{"Exploitation", "", ""}, view));
        return {};
    });
}

} // namespace sas::app
