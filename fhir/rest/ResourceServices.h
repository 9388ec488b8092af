#pragma once

#include "core/Result.h"
#include "fhir/model/Node.h"
#include "fhir/search/SearchIndexEntry.h"
#include "fhir/store/ResourceStore.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sas::fhir::rest
{

/// What the resource interactions need, wired by the composition root.
struct ResourceServices
{
    store::ResourceStore& store;
    /// Search values of a resource, stored with each version.
    std::function<search::SearchIndex(const Node&)> indexOf;
    /// Profile rules checked on every write: Unprocessable with every violation.
    std::function<core::Status(const Node&)> validate;
    /// The resource types served.
    std::vector<std::string> types;
    /// Base URL of the FHIR endpoint, for Location and fullUrl: "https://host:port/fhir".
    std::string fhirBase;
    /// The business key of types a repeated POST must never duplicate (INT_R03: an Appointment's identifier): a POST
    /// whose key matches a stored resource updates that resource (200) instead of creating another. Empty or
    /// nullopt: a plain create.
    std::function<std::optional<store::TokenCondition>(const Node&)> naturalKey = {};
    /// Types a vendor reads, searches and changes only where it owns them (rest/ownerScope): Slot, Appointment.
    std::vector<std::string> ownedTypes = {};
};

} // namespace sas::fhir::rest
