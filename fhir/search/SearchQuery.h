#pragma once

#include "core/Error.h"
#include "fhir/search/DateRange.h"
#include "fhir/search/SearchParameterDefinition.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sas::fhir::search
{

/// `Prefer: handling=` (http://hl7.org/fhir/R4/search.html#errors): what an unknown or unsupported parameter does.
enum class Handling
{
    Strict,  ///< an error (400); the SAS façade's default
    Lenient, ///< ignored, with a warning issue
};

/// Date comparison prefixes (http://hl7.org/fhir/R4/search.html#prefix); Eq when none is written.
enum class Prefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
    Ap,
};

/// Parameter modifiers the parser accepts. `:Type` on a reference sets Type and Criterion::modifierType.
enum class Modifier
{
    None,
    Missing,  ///< any type; the value is "true" or "false" (Criterion::missing)
    Exact,    ///< string: the value as written, case and accents included
    Contains, ///< string: the normalised value anywhere in the normalised text
    Not,      ///< token: resources with no value matching any of the values (those without a value included)
    Type,     ///< reference: only references to Criterion::modifierType
};

/// One value of a criterion, after splitting on unescaped commas and removing the escapes (`\,` `\|` `\$` `\\`).
/// Only the fields of the parameter's type are set, as in SearchIndexEntry.
struct SearchValue
{
    std::string text; ///< the value unescaped, surrounding spaces trimmed

    /// Date: the prefix and the searched range (same computation as the index: parseDateRange).
    Prefix prefix = Prefix::Eq;
    DateRange range;

    /// Token: `code` alone matches any system (anySystem); `|code` only values without system; `system|code` both;
    /// `system|` any code of that system (code empty).
    /// String: `code` is normalizeString(text); `:exact` compares `text` with the index's raw value.
    /// Uri: `code` is the text.
    /// Reference: a relative "Type/id" or bare id sets targetType (may stay empty: any type) and targetId; an
    /// absolute URL, "#x" or "urn:…" goes to `code` instead.
    bool anySystem = true;
    std::string system;
    std::string code;
    std::string targetType;
    std::string targetId;
};

/// One hop of a chain, from the type where the search stands to the next one.
/// - Forward (`schedule.actor:Practitioner.identifier` on Slot): `sourceType`'s reference `parameter` points to
///   one of `targetTypes`; the search continues on those.
/// - Reverse (`_has:Slot:schedule:start` on Schedule): `sourceType` (Slot) has a reference `parameter` (schedule)
///   pointing to the current type (`targetTypes` = {Schedule}); the search continues on `sourceType`.
struct ChainLink
{
    enum class Direction
    {
        Forward,
        Reverse,
    };
    Direction direction = Direction::Forward;
    std::string sourceType;
    std::string parameter;
    std::vector<std::string> targetTypes;
};

/// One search parameter occurrence: a test on `parameter` of the resource type(s) the chain ends on, true when any
/// value matches (OR). Repeating a parameter gives several criteria, all of which must hold (AND).
struct Criterion
{
    std::string name;                       ///< the parameter name as sent, modifiers included
    std::vector<ChainLink> chain;           ///< empty for a plain parameter
    std::vector<std::string> resourceTypes; ///< where `parameter` is evaluated: the searched type or the chain's end
    std::string parameter;                  ///< the final parameter code ("identifier", "start")
    ParamType type = ParamType::Token;
    const SearchParameterDefinition* definition = nullptr; ///< the final parameter on resourceTypes.front()
    Modifier modifier = Modifier::None;
    std::string modifierType; ///< Modifier::Type: the reference target type
    bool missing = false;     ///< Modifier::Missing: true selects resources without any value
    std::vector<SearchValue> values;
};

/// `_sort` key: a date parameter of the searched type, `_lastUpdated` or `_id`.
struct SortKey
{
    std::string parameter;
    bool descending = false;
};

/// `_include` / `_revinclude` (`:iterate`; R3's `:recurse` is read as iterate): `sourceType:parameter[:targetType]`.
/// An include adds the targets of `sourceType.parameter` of the results; a revinclude adds the `sourceType`
/// resources whose `parameter` points to a result. Non-iterate ones apply to the matches only; iterate ones also
/// to what includes added, to a fixed point (the engine bounds the depth).
struct Include
{
    bool reverse = false;
    bool iterate = false;
    std::string sourceType;
    std::string parameter;
    std::string targetType; ///< empty: every target type
};

enum class Summary
{
    False,
    True,
    Count,
    Text,
    Data,
};

enum class Total
{
    None,
    Estimate,
    Accurate,
};

/// Page size when the request has no `_count`, and the largest page: the IG expects every match of a search in
/// one page (`_count=1000` in the SAS's own requests); a larger `_count` is capped with a warning and the façade
/// pages with next/previous links beyond it.
constexpr std::size_t DEFAULT_COUNT = 1000;
constexpr std::size_t MAX_COUNT = 1000;

/// A parsed search request (parseSearch).
struct SearchQuery
{
    std::string resourceType;
    std::vector<Criterion> criteria; ///< all must hold
    std::size_t count = DEFAULT_COUNT;
    std::size_t offset = 0;    ///< `_offset`, the position our next/previous links carry
    std::vector<SortKey> sort; ///< empty: the engine's order
    Summary summary = Summary::False;
    std::optional<Total> total;        ///< nullopt: the façade's default (the IG needs `total` on every searchset)
    std::vector<std::string> elements; ///< `_elements`, top-level element names
    std::vector<Include> includes;     ///< `_include` and `_revinclude`, in request order
    std::vector<core::Issue> warnings; ///< lenient: ignored parameters; capped `_count`
    /// Only matches written by this identity (a vendor's own Slots or Appointments; rest/ownerScope).
    std::optional<std::string> owner;
};

} // namespace sas::fhir::search
