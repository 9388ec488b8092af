#pragma once

#include "core/ports/ResourceStore.h"
#include "fhir/rest/CapabilityStatementBuilder.h"
#include "fhir/rest/Router.h"

#include <string>
#include <vector>

namespace sas::app
{

/// The resource types the façade serves (the SAS IG's).
const std::vector<std::string>& servedResourceTypes();

/// Registers `GET /fhir/{type}/{id}` (read) for every identity kind, with `ETag: W/"version"` and
/// `Last-Modified`; 404 for an unknown type or id, 410 for a deleted resource, 400 for an
/// invalid id. Adds the interaction to `capabilities`.
void addReadRoute(fhir::rest::Router& router, core::ResourceStore& store, fhir::rest::ServerCapabilities& capabilities);

} // namespace sas::app
