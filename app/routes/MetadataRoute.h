#pragma once

#include "fhir/rest/CapabilityStatementBuilder.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// Registers `GET /fhir/metadata` for every identity kind: the CapabilityStatement, built once
/// from `capabilities`, in JSON or XML by Accept/_format.
void addMetadataRoute(fhir::rest::Router& router, const fhir::rest::ServerCapabilities& capabilities);

} // namespace sas::app
