#pragma once

#include "web/Page.h"

#include <string>
#include <utility>
#include <vector>

namespace sas::web
{

struct VendorHealthRow
{
    std::string vendor;
    std::string circuit;       ///< "closed", "open", "half-open"
    std::string lastAnswer;    ///< "2026-06-10 14:30:02 UTC" or "jamais"
    std::string errorRate;     ///< "12 %" over the calls counted
    std::string calls;
};

/// The operator's page (admin): each vendor's health, the Hub messages by state, the mapping version in force.
struct OpsView
{
    std::vector<VendorHealthRow> vendors;
    std::vector<std::pair<std::string, long long>> hubMessages; ///< state → count
    std::string mappingVersion;
    std::string generatedAt;
};

std::string renderOpsPage(const PageFrame& frame, const OpsView& view);

} // namespace sas::web
