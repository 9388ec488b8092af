#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sas::adapters::lrm
{

/// One LRM installation allowed to open a contextual call: the platform's `samulrms` list (lrm-hub.md §1.3).
/// Territory mapping files (mapping/) declare them.
struct LrmInstallation
{
    std::string origin;       ///< the `origin` value it sends, compared exactly
    std::string dialect;      ///< its LRM software's dialect ("exos", "appligos"…)
    std::string hubRecipient; ///< Hub Santé client id of its SAMU ("fr.health.samu330")
    bool active = true;       ///< the SAS team can switch one installation off
};

/// The installations allowed to call, looked up by exact, case-sensitive `origin`.
class OriginRegistry
{
public:
    OriginRegistry() = default;
    explicit OriginRegistry(std::vector<LrmInstallation> installations);

    /// The active installation with exactly this origin, or nullptr (unknown, inactive or empty).
    const LrmInstallation* findActive(std::string_view origin) const;

    const std::vector<LrmInstallation>& installations() const { return _installations; }

private:
    std::vector<LrmInstallation> _installations;
};

} // namespace sas::adapters::lrm
