#include "fhir/rest/checkSasSearchLimits.h"

#include <algorithm>

namespace sas::fhir::rest
{

core::Status checkSasSearchLimits(const search::SearchQuery& query)
{
    for (const auto& criterion : query.criteria)
    {
        if (criterion.chain.empty() || criterion.parameter != "identifier")
            continue;
        const auto endsOn = [&criterion](const char* type)
        {
            return std::find(criterion.resourceTypes.begin(), criterion.resourceTypes.end(), type) !=
                   criterion.resourceTypes.end();
        };
        std::size_t limit = 0;
        const char* what = "";
        if (query.resourceType == "Slot" && endsOn("Practitioner"))
        {
            limit = MAX_PRACTITIONER_IDENTIFIERS;
            what = "practitioner identifiers";
        }
        else if (query.resourceType == "Schedule" && endsOn("Organization"))
        {
            limit = MAX_ORGANIZATION_IDENTIFIERS;
            what = "organization identifiers (SIRET)";
        }
        if (limit != 0 && criterion.values.size() > limit)
            return core::fail(core::ErrorCode::Invalid,
                              "At most " + std::to_string(limit) + " " + what + " per search, not " +
                                  std::to_string(criterion.values.size()) + ": split the list into several searches",
                              criterion.name);
    }
    return {};
}

} // namespace sas::fhir::rest
