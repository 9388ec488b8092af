#pragma once

#include "fhir/search/DateRange.h"

namespace sas::fhir::search
{

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12), negative before the epoch.
Micros daysFromCivil(int year, int month, int day);

} // namespace sas::fhir::search
