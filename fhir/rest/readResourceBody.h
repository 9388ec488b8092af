#pragma once

#include "core/Result.h"
#include "fhir/model/Node.h"
#include "fhir/model/ReadOptions.h"

#include <string>

namespace sas::fhir::rest
{

class Exchange;

/// Reads the request body as a FHIR resource in the format its Content-Type names, strictly:
/// Invalid (400) with every issue when it does not parse, or when its type is not `expectedType`.
core::Result<Node> readResourceBody(Exchange& exchange, const std::string& expectedType, const ReadOptions& options = {});

} // namespace sas::fhir::rest
