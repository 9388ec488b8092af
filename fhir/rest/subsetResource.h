#pragma once

#include "core/Result.h"
#include "fhir/search/SearchQuery.h"

#include <string>
#include <vector>

namespace sas::fhir::rest
{

/// The SUBSETTED tag a server puts in meta.tag of a resource it does not return whole
/// (http://hl7.org/fhir/R4/search.html#summary).
constexpr const char* SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

/// Whether a search asks for partial resources: `_elements`, `_summary=true`, `_summary=text` or `_summary=data`.
bool wantsSubset(const search::SearchQuery& query);

/// One stored resource (canonical JSON) cut down as the search asks, as compact JSON: with `_elements`, `id`,
/// `meta`, the listed top-level elements (a choice element by its base name) and the elements the type requires;
/// with `_summary=true`, the elements R4 marks isSummary, recursively (a summary element of a datatype or backbone
/// element keeps only its own summary elements); with `_summary=text`, `id`, `meta`, `text` and the required elements; with `_summary=data`, everything but
/// `text`. meta.tag gets SUBSETTED. Internal when the stored body no longer parses.
core::Result<std::string> subsetResource(const std::string& json, const search::SearchQuery& query);

} // namespace sas::fhir::rest
