#pragma once

#include "core/Clock.h"
#include "core/agenda/AgendaService.h"
#include "core/ports/AgendaStore.h"
#include "core/ports/Geocoder.h"
#include "core/ports/TimeZones.h"
#include "core/search/SearchEngine.h"
#include "core/search/SpecialtyCatalog.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// What the JSON APIs of the agenda SAS work with (wired in app/Gateway.cpp).
struct AgendaApi
{
    core::AgendaStore& store;
    core::AgendaService& agenda;
    core::SearchEngine& engine;
    const core::SpecialtyCatalog& specialties;
    const core::Geocoder& geocoder;
    const core::TimeZones& zones;
    const core::Clock& clock;
    /// Called after a structure is saved, so search collapses CPTS with current zones.
    std::function<void()> structuresChanged;
};

/// PUT /sas/api/directory/{practitioners|structures|places}/{id} (admin).
void addDirectoryRoutes(fhir::rest::Router& router, AgendaApi& api);
/// /sas/api/places/{placeId}/slots[/{ruleId}], /sas/api/places/{placeId}/unavailability,
/// /sas/api/practitioners/{id}/weekly-hours (doctors, structure managers, admin).
void addAgendaRoutes(fhir::rest::Router& router, AgendaApi& api);
/// GET /sas/api/search (regulators, admin).
void addSearchApiRoute(fhir::rest::Router& router, AgendaApi& api);
/// /sas/api/orientations (booking, dashboards, honoured status) and /sas/api/reports/avenant9.
void addOrientationRoutes(fhir::rest::Router& router, AgendaApi& api);

} // namespace sas::app
