#pragma once

#include "core/ports/TimeZones.h"
#include "core/search/SearchEngine.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace sas::app
{

/// A search result as a FHIR R4 `searchset` Bundle for LRMs that read FHIR (issue 7, point 5): one PractitionerRole
/// per card (search.mode `match`, in the engine's order: preferred doctor, participants, distance or seeded
/// order), its free agenda SAS slots as Slot resources (mode `include`, `schedule` naming the place), `total` the
/// cards of every page, and self/next links carrying the seed so pages stay stable. `selfUrl` is the request's URL
/// without `page`.
Poco::JSON::Object::Ptr searchResultBundle(const core::SearchResult& result, const core::TimeZones& zones,
                                           const std::string& selfUrl);

} // namespace sas::app
