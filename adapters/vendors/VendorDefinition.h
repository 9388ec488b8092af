#pragma once

#include "core/model/VendorSlot.h"

#include <chrono>
#include <string>
#include <vector>

namespace sas::adapters::vendors
{

/// What a vendor does for the SAS: only publish slots, or also take bookings end to end (INT_R03, INT_SSO).
enum class VendorCapability
{
    SlotsOnly,
    EndToEnd,
};

/// The mutual-TLS set-up of one vendor: the certificate we present and the server identity we expect.
struct VendorTls
{
    std::string certificateFile; ///< our client certificate (PEM), IGC-Santé in production
    std::string privateKeyFile;
    std::string caFile;          ///< the CA(s) the vendor's server chain must lead to
    std::string serverName;      ///< the host name its certificate must carry; default the base URL's host
};

/// One booking vendor of the registry (config/vendors.properties).
struct VendorDefinition
{
    std::string id;
    std::string displayName;
    VendorCapability capability = VendorCapability::SlotsOnly;
    std::string baseUrl; ///< for the environment the registry was loaded for, without a trailing '/'
    VendorTls tls;
    std::chrono::milliseconds connectTimeout{2000};
    std::chrono::milliseconds requestTimeout{7000}; ///< upper bound per call; the search deadline may cut it shorter
    int maxInFlight = 8; ///< concurrent calls to this vendor; beyond it a batch is not sent (bulkhead)
    std::vector<core::VendorFlow> flows;
    bool enabled = true;

    bool supports(core::VendorFlow flow) const;
};

const char* toString(VendorCapability capability);

} // namespace sas::adapters::vendors
