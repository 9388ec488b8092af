#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::core
{

/// The kinds of authenticated callers. Routes grant rights per kind; a vendor's rights are further
/// limited to its own data by `name`.
enum class IdentityKind
{
    Vendor, ///< a booking vendor (pushes slots, sends appointments)
    Lrm,    ///< a SAMU's regulation software
    Admin,  ///< an operator's or integrator's tool
    Practitioner,     ///< a doctor editing their own agenda SAS (the directory links the identity name)
    StructureManager, ///< a CPTS/MSP/CDS/SOS manager or delegate editing its doctors' agendas
};

/// Who is calling: established from the client certificate through configuration.
struct ClientIdentity
{
    std::string name; ///< configured identity name, e.g. "vendor-demo"; safe to log
    IdentityKind kind = IdentityKind::Vendor;
};

const char* toString(IdentityKind kind);

/// Parses "vendor", "lrm", "admin", "practitioner" or "structure-manager"; anything else is nullopt.
std::optional<IdentityKind> parseIdentityKind(std::string_view text);

} // namespace sas::core
