#pragma once

#include "adapters/vendors/FanOutVendorClient.h"
#include "adapters/vendors/VendorRegistry.h"
#include "app/MappingState.h"
#include "core/Clock.h"
#include "core/ports/HubOutbox.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// GET /ops (admin certificate): the operators' page — each vendor's circuit, last answer and error rate, the Hub
/// messages by state, the mapping version in force.
void addOpsPage(fhir::rest::Router& router, adapters::vendors::ReloadableVendorRegistry& registry,
                const adapters::vendors::FanOutVendorClient& client, core::ports::HubOutbox& outbox,
                MappingState& mappings, const core::Clock& clock);

} // namespace sas::app
