#pragma once

#include "fhir/rest/CapabilityStatementBuilder.h"
#include "fhir/rest/ResourceServices.h"
#include "fhir/rest/Router.h"

namespace sas::fhir::rest
{

/// Registers the instance and type interactions of every served type, and records them in
/// `capabilities`:
/// - read `GET [type]/[id]`, vread `GET [type]/[id]/_history/[vid]`, history
///   `GET [type]/[id]/_history` and `GET [type]/_history` (every identity kind);
/// - create `POST [type]` (server id; `If-None-Exist: identifier=system|value`, race-free),
///   update `PUT [type]/[id]` (update-as-create, `If-Match`), conditional update
///   `PUT [type]?identifier=system|value` (also the IG's `Identifier=`), delete
///   `DELETE [type]/[id]` (vendor and admin; a vendor only touches what it wrote).
/// `services` must outlive the router.
void addResourceInteractions(Router& router, const ResourceServices& services, ServerCapabilities& capabilities);

} // namespace sas::fhir::rest
