#pragma once

#include "core/model/LrmDialect.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sas::adapters::lrm
{

/// Something the decoder had to forgive, for the logs. Carries the parameter name, never its value: values of a
/// contextual call describe the patient (address) and must not reach a log.
struct DecodingNotice
{
    enum class Kind
    {
        DuplicateKey,     ///< the key appeared again; the last value wins (as PHP's $_GET)
        MalformedPercent, ///< a `%` not followed by two hex digits, kept as written
        Latin1Recovered,  ///< the bytes were not UTF-8 and were read as ISO-8859-1
    };
    Kind kind;
    std::string key;
};

const char* toString(DecodingNotice::Kind kind);

/// A contextual call's query string, decoded the way browsers and the platform's PHP back end do, but never
/// failing: `+` is a space, `%xx` is a byte, a malformed `%` stays literal, bytes that are not valid UTF-8 are read
/// as Latin-1 (what Windows LRM stacks send: `%E9` for `é`), a repeated key keeps its last value. Keys are
/// case-sensitive and kept as sent.
struct LenientQuery
{
    std::map<std::string, std::string> values;
    std::vector<std::string> keys; ///< distinct keys in order of first appearance
    std::vector<DecodingNotice> notices;

    /// The value of `key`, or empty.
    const std::string& get(const std::string& key) const;
    bool has(const std::string& key) const { return values.count(key) != 0; }
};

/// Decodes the raw query (what follows `?`, without the fragment). With Encoding::Latin1 (a dialect that says so)
/// every byte is a Latin-1 character, even where the bytes happen to form UTF-8, and nothing is flagged.
LenientQuery decodeLenientQuery(std::string_view rawQuery,
                                core::LrmDialect::Encoding encoding = core::LrmDialect::Encoding::Detect);

} // namespace sas::adapters::lrm
