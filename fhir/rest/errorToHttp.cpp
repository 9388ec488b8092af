#include "fhir/rest/errorToHttp.h"

namespace sas::fhir::rest
{

using core::ErrorCode;

HttpErrorMapping errorToHttp(ErrorCode code)
{
    switch (code)
    {
    case ErrorCode::Invalid: return {400, "invalid"};
    case ErrorCode::Unprocessable: return {422, "business-rule"};
    case ErrorCode::Unauthenticated: return {401, "login"};
    case ErrorCode::Forbidden: return {403, "forbidden"};
    case ErrorCode::NotFound: return {404, "not-found"};
    case ErrorCode::MethodNotAllowed: return {405, "not-supported"};
    case ErrorCode::NotAcceptable: return {406, "not-supported"};
    case ErrorCode::Conflict: return {409, "conflict"};
    case ErrorCode::Gone: return {410, "deleted"};
    case ErrorCode::PreconditionFailed: return {412, "conflict"};
    case ErrorCode::PayloadTooLarge: return {413, "too-costly"};
    case ErrorCode::UnsupportedMediaType: return {415, "not-supported"};
    case ErrorCode::Unsupported: return {400, "not-supported"};
    case ErrorCode::TooManyRequests: return {429, "throttled"};
    case ErrorCode::Unavailable: return {503, "transient"};
    case ErrorCode::UpstreamUnavailable: return {503, "transient"};
    case ErrorCode::UpstreamTimeout: return {504, "timeout"};
    case ErrorCode::Internal: return {500, "exception"};
    }
    return {500, "exception"};
}

namespace
{

Node issueNode(const core::Issue& issue, const char* defaultCode)
{
    Node node = Node::object();
    node.set("severity", Node::string(core::toString(issue.severity)));
    node.set("code", Node::string(issue.code.empty() ? defaultCode : issue.code));
    if (!issue.diagnostics.empty())
        node.set("diagnostics", Node::string(issue.diagnostics));
    if (!issue.expression.empty())
        node.append("expression", Node::string(issue.expression));
    return node;
}

} // namespace

Node errorToOperationOutcome(const core::Error& error)
{
    const HttpErrorMapping mapping = errorToHttp(error.code);
    Node outcome = Node::resource("OperationOutcome");
    if (error.issues.empty())
        outcome.append("issue", issueNode(core::Issue{core::Severity::Error, {}, error.message, {}}, mapping.issueCode));
    for (const auto& issue : error.issues)
        outcome.append("issue", issueNode(issue, mapping.issueCode));
    return outcome;
}

} // namespace sas::fhir::rest
