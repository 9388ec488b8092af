#include "fhir/search/daysFromCivil.h"

namespace sas::fhir::search
{

Micros daysFromCivil(int year, int month, int day)
{
    const Micros y = month <= 2 ? year - 1 : year;
    const Micros era = (y >= 0 ? y : y - 399) / 400;
    const Micros yearOfEra = y - era * 400;
    const Micros dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const Micros dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

} // namespace sas::fhir::search
