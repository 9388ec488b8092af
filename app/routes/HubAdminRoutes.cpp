#include "app/routes/HubAdminRoutes.h"

#include "fhir/rest/Exchange.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <mutex>
#include <sstream>

namespace sas::app
{
namespace
{

using core::ErrorCode;
using fhir::rest::Access;
using fhir::rest::Exchange;

const char* const STATES[] = {"queued",   "sent",   "acknowledged", "refused",    "delivered",
                              "retrying", "failed", "rejected",     "superseded", "unacknowledged"};

/// Counts by state, read at most once a second however many gauges and scrapes ask.
class StateCounts
{
public:
    explicit StateCounts(adapters::postgres::PgHubOutbox& outbox) : _outbox(outbox) { }

    double count(const std::string& state)
    {
        std::lock_guard lock(_mutex);
        const auto now = std::chrono::steady_clock::now();
        if (now - _readAt > std::chrono::seconds(1))
        {
            if (auto counts = _outbox.countByState())
                _counts = std::move(*counts);
            _readAt = now;
        }
        auto found = _counts.find(state);
        return found == _counts.end() ? 0.0 : static_cast<double>(found->second);
    }

private:
    adapters::postgres::PgHubOutbox& _outbox;
    std::mutex _mutex;
    std::chrono::steady_clock::time_point _readAt{};
    std::map<std::string, long> _counts;
};

} // namespace

void addHubAdminRoutes(fhir::rest::Router& router, adapters::postgres::PgHubOutbox& outbox, fhir::rest::HttpMetrics& metrics,
                       const adapters::hub::HubRelay* relay)
{
    auto counts = std::make_shared<StateCounts>(outbox);
    for (const char* state : STATES)
        metrics.addGauge(std::string("sas_hub_messages_") + state,
                         std::string("INT_L02 messages in state '") + state + "' (outbox).",
                         [counts, name = std::string(state)] { return counts->count(name); });
    if (relay)
    {
        metrics.addGauge("sas_hub_publisher_connected", "1 when the Hub publisher holds a connection.",
                         [relay] { return relay->publisherConnected() ? 1.0 : 0.0; });
        metrics.addGauge("sas_hub_consumer_connected", "1 when the Hub ack/info consumer holds a connection.",
                         [relay] { return relay->consumerConnected() ? 1.0 : 0.0; });
        metrics.addGauge("sas_hub_confirmed", "Messages the broker confirmed since start.",
                         [relay] { return static_cast<double>(relay->confirmed()); });
    }

    router.add("GET", "/admin/hub/messages", Access::forKinds({core::IdentityKind::Admin}),
               [&outbox](Exchange& exchange) -> core::Status {
                   const std::string appointmentId = exchange.queryValue("appointmentId");
                   if (appointmentId.empty())
                       return core::fail(ErrorCode::Invalid, "appointmentId is required", "appointmentId");
                   auto history = outbox.history(appointmentId);
                   if (!history)
                       return core::fail(history.error());
                   Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
                   for (const auto& message : *history)
                   {
                       Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                       item->set("id", static_cast<Poco::Int64>(message.id));
                       item->set("revision", message.revision);
                       item->set("recipient", message.recipient);
                       item->set("method", message.method);
                       item->set("distributionId", message.distributionId);
                       item->set("state", message.state);
                       item->set("attempts", message.attempts);
                       if (message.errorCode)
                           item->set("errorCode", *message.errorCode);
                       if (!message.errorText.empty())
                           item->set("error", message.errorText);
                       if (message.retryOf)
                           item->set("retryOf", static_cast<Poco::Int64>(*message.retryOf));
                       item->set("createdAt", message.createdAt);
                       if (!message.publishedAt.empty())
                           item->set("publishedAt", message.publishedAt);
                       if (!message.outcomeAt.empty())
                           item->set("outcomeAt", message.outcomeAt);
                       Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
                       for (const auto& event : message.events)
                       {
                           Poco::JSON::Object::Ptr e = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                           e->set("at", event.at);
                           e->set("direction", event.direction);
                           e->set("kind", event.kind);
                           if (!event.distributionId.empty())
                               e->set("distributionId", event.distributionId);
                           if (!event.detail.empty())
                               e->set("detail", event.detail);
                           events->add(e);
                       }
                       item->set("events", events);
                       messages->add(item);
                   }
                   Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
                   result.set("appointmentId", appointmentId);
                   result.set("messages", messages);
                   std::ostringstream out;
                   result.stringify(out);
                   exchange.sendText(out.str(), "application/json");
                   return {};
               });
}

} // namespace sas::app
