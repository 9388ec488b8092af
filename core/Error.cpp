#include "core/Error.h"

namespace sas::core
{

Error& Error::with(Issue issue)
{
    issues.push_back(std::move(issue));
    return *this;
}

Error makeError(ErrorCode code, std::string message, std::string expression)
{
    Error error{code, message, {}};
    error.issues.push_back(Issue{Severity::Error, {}, std::move(message), std::move(expression)});
    return error;
}

const char* toString(ErrorCode code)
{
    switch (code)
    {
    case ErrorCode::Invalid: return "invalid";
    case ErrorCode::Unprocessable: return "unprocessable";
    case ErrorCode::Unauthenticated: return "unauthenticated";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::MethodNotAllowed: return "method-not-allowed";
    case ErrorCode::NotAcceptable: return "not-acceptable";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Gone: return "gone";
    case ErrorCode::PreconditionFailed: return "precondition-failed";
    case ErrorCode::PayloadTooLarge: return "payload-too-large";
    case ErrorCode::UnsupportedMediaType: return "unsupported-media-type";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::TooManyRequests: return "too-many-requests";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::UpstreamUnavailable: return "upstream-unavailable";
    case ErrorCode::UpstreamTimeout: return "upstream-timeout";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

const char* toString(Severity severity)
{
    switch (severity)
    {
    case Severity::Fatal: return "fatal";
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information: return "information";
    }
    return "error";
}

} // namespace sas::core
