#pragma once

#include "core/Result.h"

#include <chrono>
#include <string>

namespace sas::adapters::oidc
{

/// How the relying party reaches its issuer: HTTPS only, the server certificate verified against `caFile` (the
/// system's CAs when empty) and the URL's host name, every call under `timeout`.
struct IssuerConnection
{
    std::string caFile;
    std::chrono::milliseconds timeout{5000};
};

struct HttpReply
{
    int status = 0;
    std::string contentType;
    std::string body;
};

/// GET `url`, or POST `formBody` (application/x-www-form-urlencoded) when it is not empty. UpstreamTimeout past the
/// timeout, UpstreamUnavailable when the issuer cannot be reached or its certificate is refused, Invalid for a
/// URL that is not https; bodies over 1 MiB are refused. The reply's status is returned as is.
core::Result<HttpReply> fetchHttp(const std::string& url, const std::string& formBody, const IssuerConnection& connection);

} // namespace sas::adapters::oidc
