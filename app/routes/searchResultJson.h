#pragma once

#include "core/ports/TimeZones.h"
#include "core/search/SearchEngine.h"

#include <Poco/JSON/Object.h>

namespace sas::app
{

/// A regulator search's result as the JSON APIs show it (GET /sas/api/search, the LRM contextual call): the
/// geocoded location, the seed to page with, and the cards with their slots in each place's own offset.
Poco::JSON::Object::Ptr searchResultJson(const core::SearchResult& result, const core::TimeZones& zones);

} // namespace sas::app
