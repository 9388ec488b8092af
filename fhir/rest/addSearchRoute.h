#pragma once

#include "fhir/rest/CapabilityStatementBuilder.h"
#include "fhir/rest/ResourceServices.h"
#include "fhir/rest/Router.h"
#include "fhir/store/SearchStore.h"

#include <memory>

namespace sas::fhir::rest
{

/// Registers type-level search for every served type that SearchParameterRegistry supports, answered from
/// `searches` in the IG's Bundle shapes (sas-ig.md §1.2–1.4, §8.D):
/// - `GET [type]?params` and `POST [type]/_search` (form body, its parameters after the URL's), every identity
///   kind that reads. `Prefer: handling=lenient` ignores unknown parameters with a warning (an OperationOutcome
///   entry, search.mode `outcome`); strict, the default, answers 400 naming the parameter. The IG's identifier
///   limits (checkSasSearchLimits) answer 400. `_summary=true` is refused (not-supported): the R4 summary flags
///   are not in the generated definitions; `_elements`, `_summary=text|data|count` work.
/// - The answer: Bundle `searchset` with `total` always (whatever `_total` says), exactly one `self` link whose
///   query has the request's decoded parameters (selfLinkQuery), `next`/`previous` when the page does not hold
///   every match, `fullUrl` base/Type/id on every entry, matches (`match`) then includes (`include`), each
///   resource once. No match: 200, total 0, the self link, no entry. Compact JSON splices the stored bodies; XML
///   and `_pretty` go through the element tree. meta.profile of the Bundle names the IG's aggregator profile for
///   the INT_R01 (BundleAgregateur), INT_R04 (CPTS: `_include=Slot:service-type-reference`) and SOS
///   (`_revinclude=Slot:schedule` on Schedule) searches.
/// - Capabilities: the `search-type` interaction, every parameter with its definition, searchInclude and
///   searchRevInclude, merged into the type's ResourceCapability (added when absent). Call it after
///   addResourceInteractions so the entries merge.
/// Note: Router shares one access rule per path template, the first registered; `GET [type]` shares
/// `[type]`'s with create (vendor and admin). `POST [type]/_search` is open to every reader.
void addSearchRoute(Router& router, const ResourceServices& services, std::shared_ptr<store::SearchStore> searches,
                    ServerCapabilities& capabilities);

} // namespace sas::fhir::rest
