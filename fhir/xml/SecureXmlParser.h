#pragma once

#include "core/Result.h"

#include <memory>
#include <string_view>
#include <xercesc/dom/DOMDocument.hpp>

namespace sas::fhir
{

/// A Xerces-C++ DOM parser locked down for untrusted input: namespace-aware, no validation, a DOCTYPE is a
/// fatal error (so no DTD, no internal or external entity can be declared or expanded), default entity
/// resolution disabled, no external DTD or schema loading, an entity-expansion limit as a second line of
/// defence, comments dropped and CDATA sections merged into text. Xerces is initialised once per process on
/// first use (thread-safe). One parser serves one thread at a time; create one per call.
class SecureXmlParser
{
public:
    SecureXmlParser();
    ~SecureXmlParser();
    SecureXmlParser(const SecureXmlParser&) = delete;
    SecureXmlParser& operator=(const SecureXmlParser&) = delete;

    /// Parses UTF-8 (or declared-encoding) XML. The document belongs to this parser and lives until the next
    /// parse() or the parser's destruction. Errors are Invalid, with line and column in the message. Elements
    /// nested deeper than `maxDepth` are refused by a linear pre-scan before Xerces sees the text (Xerces' cost
    /// grows with the square of the nesting depth).
    core::Result<const xercesc::DOMDocument*> parse(std::string_view text, std::size_t maxDepth = 100);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

/// Calls xercesc::XMLPlatformUtils::Initialize once per process, on first use, in a thread-safe way.
void ensureXercesInitialized();

} // namespace sas::fhir
