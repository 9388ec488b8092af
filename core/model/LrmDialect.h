#pragma once

#include <map>
#include <string>

namespace sas::core
{

/// How an LRM software writes its contextual call (INT_L01), as data: one file per LRM in mapping/dialects/
/// (mapping/schema/lrm-dialect.xsd). Adding an LRM is adding such a file, no code.
struct LrmDialect
{
    enum class Encoding
    {
        Detect, ///< UTF-8, bytes that are not UTF-8 read as Latin-1 and flagged (the platform's default)
        Latin1, ///< the LRM always percent-encodes ISO-8859-1 (Windows stacks): every byte is a Latin-1 character
    };

    std::string id;     ///< what LRM installations refer to ("exos")
    std::string name;   ///< "Exos"
    std::string vendor; ///< who publishes it
    Encoding encoding = Encoding::Detect;
    /// The LRM's own parameter names → the contextual call's ("codeinsee" → "inseecode").
    std::map<std::string, std::string> aliases;
    /// The LRM's own specialty codes → the national normed form ("MG" → "urn:oid:1.2.250.1.213.2.28|SM54").
    std::map<std::string, std::string> specialtyCodes;
};

} // namespace sas::core
