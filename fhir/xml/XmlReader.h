#pragma once

#include "core/Result.h"
#include "fhir/model/ParsedResource.h"
#include "fhir/model/ReadOptions.h"

#include <string_view>

namespace sas::fhir
{

/// Reads one FHIR R4 resource from XML (namespace http://hl7.org/fhir) with Xerces-C++ through
/// SecureXmlParser: a DOCTYPE, and so any DTD or entity declaration, is rejected. Follows the FHIR XML rules
/// against the R4 definitions: the root element names the resource type; primitives are `value` attributes with
/// optional `id` attribute and child `<extension>`s; element `id` and extension `url` are attributes; a nested
/// resource is the single child of its element (`<contained><Location>…`); the narrative is a `<div>` in the
/// XHTML namespace, kept as markup; elements must follow definition order (an error when strict, a warning
/// otherwise) and repeat only where the definitions allow. Unknown elements and attributes, text where none
/// belongs, empty elements, bad lexical forms, missing required elements and nesting beyond options.maxDepth
/// are reported like readJson does, with the same paths; the result is the same Node readJson gives.
core::Result<ParsedResource> readXml(std::string_view text, const ReadOptions& options = {});

} // namespace sas::fhir
