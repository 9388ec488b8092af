#include "adapters/lrm/OriginRegistry.h"

namespace sas::adapters::lrm
{

OriginRegistry::OriginRegistry(std::vector<LrmInstallation> installations) : _installations(std::move(installations))
{
}

const LrmInstallation* OriginRegistry::findActive(std::string_view origin) const
{
    if (origin.empty())
        return nullptr;
    for (const LrmInstallation& installation : _installations)
        if (installation.active && installation.origin == origin)
            return &installation;
    return nullptr;
}

} // namespace sas::adapters::lrm
