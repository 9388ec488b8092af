#include "core/ports/VendorClient.h"

namespace sas::core
{

const char* toString(VendorStatus status)
{
    switch (status)
    {
    case VendorStatus::Ok:
        return "ok";
    case VendorStatus::Timeout:
        return "timeout";
    case VendorStatus::Error:
        return "error";
    case VendorStatus::CircuitOpen:
        return "circuit-open";
    case VendorStatus::NonConformant:
        return "non-conformant";
    }
    return "error";
}

} // namespace sas::core
