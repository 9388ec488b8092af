#pragma once

#include "adapters/lrm/ContextualCall.h"
#include "app/MappingState.h"
#include "app/routes/AgendaApi.h"
#include "core/ports/Communes.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// GET /sas/recherche?origin=…&streetnumber=…&inseecode=…&specialty=…&practitioner=… for an LRM calling server to
/// server with its client certificate (issue 7, point 5): the contextual call read in its installation's dialect,
/// then the regulator search, as JSON. POST /admin/mapping/reload (admin) reloads the mapping directory.
/// The route is public: a caller with an `lrm` or `admin` certificate gets JSON (or a FHIR searchset Bundle when it
/// asks for FHIR), a browser without certificate the regulator's page (`browserPage`), any other identity 403.
void addContextualCallRoutes(fhir::rest::Router& router, AgendaApi& api, MappingState& mappings,
                             const core::Communes& communes,
                             std::function<core::Status(fhir::rest::Exchange&)> browserPage);

/// The contextual call of this request, read in its installation's dialect, logged (identifiers only), its
/// preferred doctor looked up in the directory (resolvePreferredDoctor; sas_pf_001 when not found).
adapters::lrm::ContextualCall readCallOf(fhir::rest::Exchange& exchange, AgendaApi& api, MappingState& mappings,
                                         const core::Communes& communes);

/// The engine's request for a contextual call, with `page`, `seed` and `ensus=1` of the query.
core::SearchRequest searchRequestOf(const adapters::lrm::ContextualCall& call, const fhir::rest::Exchange& exchange);

} // namespace sas::app
