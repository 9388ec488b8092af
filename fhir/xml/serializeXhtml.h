#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <xercesc/dom/DOMElement.hpp>

namespace sas::fhir
{

/// Writes an element subtree (the narrative `div`) back to markup: elements with their qualified names and
/// attributes in document order, text escaped, empty elements as `<br/>`. The top element gets an `xmlns`
/// declaration for its namespace when it does not carry one, so the markup stands alone as FHIR JSON requires.
/// Returns nullopt when the subtree is deeper than `maxDepth`.
std::optional<std::string> serializeXhtml(const xercesc::DOMElement& element, std::size_t maxDepth);

} // namespace sas::fhir
