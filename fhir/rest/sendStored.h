#pragma once

#include "core/Result.h"
#include "fhir/store/ResourceStore.h"

#include <string>

namespace sas::fhir::rest
{

class Exchange;

/// Answers with a stored version: ETag, Last-Modified, and the body as `Prefer: return=` asks
/// (representation by default, minimal, or an OperationOutcome). Compact JSON is sent as stored,
/// without re-serialising.
core::Status sendStored(Exchange& exchange, const store::StoredResource& stored, int status);

} // namespace sas::fhir::rest
