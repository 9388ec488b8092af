#pragma once

#include "core/Error.h"
#include "fhir/model/Node.h"

namespace sas::fhir::rest
{

/// How one error category appears on the wire.
struct HttpErrorMapping
{
    int status;            ///< HTTP status code
    const char* issueCode; ///< default OperationOutcome.issue.code (http://hl7.org/fhir/issue-type)
};

/// The one place that maps an error category to HTTP (DESIGN.md §6).
HttpErrorMapping errorToHttp(core::ErrorCode code);

/// Renders an Error as an OperationOutcome: one issue per Error::issues entry (or one from the
/// message when there are none), issue codes defaulting to the category's, `expression` kept.
Node errorToOperationOutcome(const core::Error& error);

} // namespace sas::fhir::rest
