#include "core/model/VendorSlot.h"

namespace sas::core
{

const char* toString(VendorFlow flow)
{
    switch (flow)
    {
    case VendorFlow::PractitionerIndividual:
        return "ps";
    case VendorFlow::Cpts:
        return "cpts";
    case VendorFlow::Sos:
        return "sos";
    }
    return "ps";
}

} // namespace sas::core
