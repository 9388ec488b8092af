#pragma once

#include "adapters/rpps/RppsHeader.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sas::adapters::rpps
{

/// Why a line was not imported: `reason` groups lines in the summary, `detail` adds what is wrong with this
/// line. Neither holds the line's content (names are personal data).
struct LineProblem
{
    std::string reason;
    std::string detail;
};

/// The read columns of one line; views into the line.
struct RppsLine
{
    std::array<std::string_view, static_cast<std::size_t>(RppsField::Count)> fields{};
    std::string_view operator[](RppsField field) const { return fields[static_cast<std::size_t>(field)]; }
};

/// Offset of the first byte that is not well-formed UTF-8 (overlong forms and surrogates included), npos when
/// the text is valid.
std::size_t firstInvalidUtf8(std::string_view text);

/// Splits on '|' (no quoting in this format) into `fields`, reusing its storage.
void splitFields(std::string_view line, std::vector<std::string_view>& fields);

/// Splits a data line against the header: UTF-8 only, exactly the header's number of fields. `scratch` is
/// reused between lines so the import allocates nothing per line.
std::optional<LineProblem> splitRppsLine(std::string_view line, const RppsHeader& header,
                                         std::vector<std::string_view>& scratch, RppsLine& out);

} // namespace sas::adapters::rpps
