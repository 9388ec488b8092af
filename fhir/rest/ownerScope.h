#pragma once

#include "core/Result.h"
#include "fhir/rest/ResourceServices.h"
#include "fhir/search/SearchQuery.h"

#include <string>

namespace sas::fhir::rest
{

class Exchange;

/// True when the caller is a vendor and `type` is one of ResourceServices::ownedTypes: it sees only the
/// resources of that type it wrote itself (another vendor's slots and appointments are its bookings).
bool ownerScoped(const ResourceServices& services, const Exchange& exchange, const std::string& type);

/// Ok unless an owner-scoped caller asks for a resource it does not own: NotFound then, exactly as for an
/// unknown id, so a vendor cannot even learn that another vendor's slot exists.
core::Status checkOwnerMayRead(const ResourceServices& services, const Exchange& exchange, const std::string& type,
                               const std::string& id);

/// Restricts a search to what the caller may see: an owner-scoped root type gets SearchQuery::owner; a vendor's
/// `_include`/`_revinclude` that could bring in an owned type is Forbidden (includes are not filtered by owner).
core::Status scopeSearch(const ResourceServices& services, const Exchange& exchange, search::SearchQuery& query);

} // namespace sas::fhir::rest
