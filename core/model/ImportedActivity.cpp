#include "core/model/ImportedActivity.h"

namespace sas::core
{

const char* toString(GeoPrecision precision)
{
    switch (precision)
    {
    case GeoPrecision::Given: return "given";
    case GeoPrecision::Commune: return "commune";
    case GeoPrecision::Postcode: return "postcode";
    }
    return "given";
}

} // namespace sas::core
