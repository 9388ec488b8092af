#pragma once

#include "core/ports/VendorClient.h"
#include "core/search/AvailabilityIndex.h"
#include "fhir/store/SearchStore.h"

#include <functional>
#include <memory>
#include <string>

namespace sas::app
{

/// The façade's INT_R01 / INT_R04 Slot searches with the named practitioners' free slots their booking vendors
/// hold (issue 5 point 3), around the local SearchStore (slots pushed to the gateway):
/// - only for a search `sasSearchOf` recognises, whose criteria are the IG's (window, status=free, practitioner
///   identifiers), and without an owner criterion: a vendor's search (rest/ownerScope) sees only what it wrote;
/// - the vendors are those the directory (core::AvailabilityIndex) links to each named practitioner, never for a
///   practitioner refusing vendor slots (PlaceProfile::vendorIds is then empty), asked through the same
///   core::VendorClient as the regulator search (one deadline, circuit breaker, freshness cache);
/// - their slots come after the local matches, in start order, counted in `total` and paged with them; each is a
///   match whose Schedule, Practitioner and PractitionerRole are includes (as the query asks), rebuilt in the SAS
///   profiles (vendorSlotResources), every entry's fullUrl at the vendor's base URL;
/// - a vendor that fails changes nothing but its own slots: SearchResult::warnings names it and its status.
class VendorSlotSearch : public fhir::store::SearchStore
{
public:
    /// The vendor's base URL (no trailing '/'), empty when unknown.
    using BaseUrlOf = std::function<std::string(const std::string& vendorId)>;

    VendorSlotSearch(std::shared_ptr<fhir::store::SearchStore> local, const core::AvailabilityIndex& index,
                     core::VendorClient& vendors, BaseUrlOf baseUrlOf);

    core::Result<fhir::store::SearchResult> search(const fhir::search::SearchQuery& query,
                                                   fhir::search::Micros now) override;

private:
    std::shared_ptr<fhir::store::SearchStore> _local;
    const core::AvailabilityIndex& _index;
    core::VendorClient& _vendors;
    BaseUrlOf _baseUrlOf;
};

} // namespace sas::app
