#pragma once

#include "app/MappingState.h"
#include "app/routes/AgendaApi.h"
#include "core/ports/Communes.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// GET /sas/recherche?origin=…&streetnumber=…&inseecode=…&specialty=…&practitioner=… for an LRM calling server to
/// server with its client certificate (issue 7, point 5): the contextual call read in its installation's dialect,
/// then the regulator search, as JSON. POST /admin/mapping/reload (admin) reloads the mapping directory.
void addContextualCallRoutes(fhir::rest::Router& router, AgendaApi& api, MappingState& mappings,
                             const core::Communes& communes);

} // namespace sas::app
