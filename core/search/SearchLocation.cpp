#include "core/search/SearchLocation.h"

namespace sas::core
{

const char* toString(LocationKind kind)
{
    switch (kind)
    {
    case LocationKind::Address: return "address";
    case LocationKind::City: return "city";
    case LocationKind::Departement: return "departement";
    }
    return "city";
}

} // namespace sas::core
