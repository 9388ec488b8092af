#pragma once

#include <string>
#include <vector>

namespace sas::core
{

/// The closed set of failure categories. Each maps to one HTTP status and one
/// OperationOutcome issue code in fhir/rest/errorToHttp.cpp; add a category only
/// when it needs a different status.
enum class ErrorCode
{
    Invalid,              ///< malformed input: 400
    Unprocessable,        ///< well-formed but breaks a business or profile rule: 422
    Unauthenticated,      ///< no client certificate or token: 401
    Forbidden,            ///< authenticated identity lacks the right: 403
    NotFound,             ///< 404
    MethodNotAllowed,     ///< 405
    NotAcceptable,        ///< no representation matches Accept/_format: 406
    Conflict,             ///< 409
    Gone,                 ///< deleted resource: 410
    PreconditionFailed,   ///< If-Match or conditional-match failure: 412
    PayloadTooLarge,      ///< 413
    UnsupportedMediaType, ///< 415
    Unsupported,          ///< a parameter or interaction we do not implement: 400
    TooManyRequests,      ///< 429
    Unavailable,          ///< this gateway cannot serve now (database down, shutting down): 503
    UpstreamUnavailable,  ///< a vendor or the Hub is unreachable: 503
    UpstreamTimeout,      ///< a vendor or the Hub did not answer in time: 504
    Internal,             ///< a bug or an unexpected library failure: 500
};

/// FHIR issue severity (http://hl7.org/fhir/issue-severity).
enum class Severity
{
    Fatal,
    Error,
    Warning,
    Information,
};

/// One problem, located by a FHIRPath-like `expression` ("Slot.start") when it concerns an element.
struct Issue
{
    Severity severity = Severity::Error;
    std::string code;        ///< FHIR issue-type code; empty means "derive from the error's category"
    std::string diagnostics; ///< operator-readable text; never patient data
    std::string expression;  ///< location in the resource or request; may be empty
};

/// A failure: its category, a summary, and every issue found (validation collects them all).
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::vector<Issue> issues;

    /// Adds an issue and returns *this so errors can be built in one expression.
    Error& with(Issue issue);
};

/// Builds an Error with one issue carrying `message` at `expression`.
Error makeError(ErrorCode code, std::string message, std::string expression = {});

/// The stable lower-case name of a category, for logs and metrics ("not-found").
const char* toString(ErrorCode code);
const char* toString(Severity severity);

} // namespace sas::core
