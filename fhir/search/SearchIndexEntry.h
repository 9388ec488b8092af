#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sas::fhir::search
{

/// FHIR search parameter types (http://hl7.org/fhir/search-param-type).
enum class ParamType
{
    Number,
    Date,
    String,
    Token,
    Reference,
    Composite,
    Quantity,
    Uri,
    Special,
};

/// One indexed value of one search parameter of a stored resource: what the storage layer writes
/// into its typed search tables when the resource is written, and what searches match against.
/// Only the fields of the parameter's type are set.
struct SearchIndexEntry
{
    std::string parameter; ///< search parameter code: "start", "identifier", "schedule", "actor"
    ParamType type = ParamType::Token;

    /// Token: system (empty when the value has none) and code. String and Uri: the value in
    /// `code`, Strings normalised (case and accents folded) for matching.
    std::string system;
    std::string code;

    /// Date: the period the value covers, [low, high) in microseconds since the Unix epoch, UTC.
    /// A date or dateTime without an offset is read in Europe/Paris time.
    std::int64_t low = 0;
    std::int64_t high = 0;

    /// Reference: the target as a relative reference ("Schedule", "abc"); an absolute or
    /// contained reference keeps its text in `code` with empty type and id.
    std::string targetType;
    std::string targetId;
};

using SearchIndex = std::vector<SearchIndexEntry>;

} // namespace sas::fhir::search
