#include "fhir/search/dateMatches.h"

namespace sas::fhir::search
{

bool dateMatches(Prefix prefix, DateRange query, DateRange value, Micros now)
{
    const bool eq = query.low <= value.low && value.high <= query.high;
    switch (prefix)
    {
    case Prefix::Eq:
        return eq;
    case Prefix::Ne:
        return !eq;
    case Prefix::Gt:
        return value.high > query.high;
    case Prefix::Lt:
        return value.low < query.low;
    case Prefix::Ge:
        return value.high > query.high || eq;
    case Prefix::Le:
        return value.low < query.low || eq;
    case Prefix::Sa:
        return value.low >= query.high;
    case Prefix::Eb:
        return value.high <= query.low;
    case Prefix::Ap:
    {
        const Micros distance = now >= query.low ? now - query.low : query.low - now;
        const Micros margin = distance / 10;
        return value.low < query.high + margin && value.high > query.low - margin;
    }
    }
    return false;
}

} // namespace sas::fhir::search
