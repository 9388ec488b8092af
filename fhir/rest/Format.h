#pragma once

#include "core/Result.h"

#include <string>
#include <string_view>

namespace sas::fhir::rest
{

enum class Format
{
    Json,
    Xml,
};

/// The representation chosen for a response.
struct Representation
{
    Format format = Format::Json;
    bool pretty = false;
    std::string contentType; ///< with charset, e.g. "application/fhir+json; charset=utf-8"
};

/// Chooses the response representation: `_format` wins over `Accept` (FHIR R4 §3.1.0.1.10);
/// q-values are honoured; no preference, `*/*` or a browser's `text/html` give JSON. The IG's
/// older `application/json+fhir` is echoed when asked for. NotAcceptable when nothing we
/// produce is acceptable.
core::Result<Representation> negotiateRepresentation(std::string_view accept, std::string_view formatParam,
                                                     std::string_view prettyParam);

/// The format of a request body from its Content-Type; UnsupportedMediaType otherwise, also for a
/// charset other than UTF-8. Form bodies (`application/x-www-form-urlencoded`) are not FHIR
/// resources and are reported as Unsupported here; routes that take forms check them themselves.
core::Result<Format> bodyFormat(std::string_view contentType);

/// True for every media type some route of the gateway consumes (FHIR JSON/XML and forms).
bool isAcceptedBodyMediaType(std::string_view contentType);

} // namespace sas::fhir::rest
