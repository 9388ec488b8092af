#pragma once

#include <optional>
#include <string>

namespace sas::core
{

/// A regulator's SAS account as vendors must know it (INT_R02, sas-ig.md §1.5, §2.18): never patient data, but
/// personal data all the same — kept out of logs and error messages.
struct RegulatorAccount
{
    std::string technicalId;                ///< SAS UUID (system urn:oid:1.2.250.1.213.3.6), stable for life
    std::optional<std::string> nationalId;  ///< IDNPS (urn:oid:1.2.250.1.71.4.2.1) once known
    std::string family;
    std::string given;
    std::string email;
    bool active = true;                     ///< false: de-authorised or deleted (sent as PUT active=false)
};

} // namespace sas::core
