#pragma once

#include "fhir/model/Node.h"

namespace sas::fhir::validate
{

/// Whether `value` conforms to a profile's pattern[x] (`exact` false) or fixed[x] (`exact` true), compared
/// semantically on the element tree. Primitives compare by lexical value (their own extensions are ignored). With a
/// pattern, every member of the pattern must be present in the value and every value of a pattern member must match
/// some value of the same member (FHIR pattern semantics: the value may hold more); with a fixed value both must have
/// exactly the same members and values in order.
bool matchesPattern(const Node& pattern, const Node& value, bool exact);

} // namespace sas::fhir::validate
