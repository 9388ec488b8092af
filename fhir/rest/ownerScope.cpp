#include "fhir/rest/ownerScope.h"

#include "fhir/rest/Exchange.h"
#include "fhir/search/SearchParameterRegistry.h"

#include <algorithm>

namespace sas::fhir::rest
{
namespace
{

using core::ErrorCode;

bool isVendor(const Exchange& exchange)
{
    return exchange.identity() && exchange.identity()->kind == core::IdentityKind::Vendor;
}

bool isOwnedType(const ResourceServices& services, const std::string& type)
{
    return std::find(services.ownedTypes.begin(), services.ownedTypes.end(), type) != services.ownedTypes.end();
}

/// Whether an include may add resources of an owned type (a reference without declared targets may).
bool mayBringOwned(const ResourceServices& services, const search::Include& include)
{
    if (include.reverse)
        return isOwnedType(services, include.sourceType);
    if (!include.targetType.empty())
        return isOwnedType(services, include.targetType);
    const auto* definition = search::SearchParameterRegistry::instance().find(include.sourceType, include.parameter);
    if (!definition || definition->targets.empty())
        return true;
    return std::any_of(definition->targets.begin(), definition->targets.end(),
                       [&services](const std::string& type) { return isOwnedType(services, type); });
}

} // namespace

bool ownerScoped(const ResourceServices& services, const Exchange& exchange, const std::string& type)
{
    return isVendor(exchange) && isOwnedType(services, type);
}

core::Status checkOwnerMayRead(const ResourceServices& services, const Exchange& exchange, const std::string& type,
                               const std::string& id)
{
    if (!ownerScoped(services, exchange, type))
        return {};
    auto owner = services.store.owner(type, id);
    if (!owner)
        return core::fail(owner.error());
    if (*owner != exchange.identity()->name)
        return core::fail(ErrorCode::NotFound, type + "/" + id + " is not known");
    return {};
}

core::Status scopeSearch(const ResourceServices& services, const Exchange& exchange, search::SearchQuery& query)
{
    if (!isVendor(exchange))
        return {};
    if (isOwnedType(services, query.resourceType))
        query.owner = exchange.identity()->name;
    for (const auto& include : query.includes)
        if (mayBringOwned(services, include))
            return core::fail(ErrorCode::Forbidden,
                              std::string("a vendor may not include other clients' resources (") +
                                  (include.reverse ? "_revinclude=" : "_include=") + include.sourceType + ":" +
                                  include.parameter + ")",
                              include.reverse ? "_revinclude" : "_include");
    return {};
}

} // namespace sas::fhir::rest
