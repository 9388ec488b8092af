#include "fhir/search/parseSearch.h"

#include "fhir/model/TypeDefinitions.h"
#include "fhir/search/RelativeReference.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/model/isValidPrimitive.h"
#include "fhir/search/normalizeString.h"
#include "fhir/search/parseDateRange.h"

#include <algorithm>
#include <set>

namespace sas::fhir::search
{

namespace
{

const std::string INVALID = "invalid";
const std::string NOT_SUPPORTED = "not-supported";

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

/// Splits on `separator` where it is not escaped by a backslash; the pieces keep their escapes.
std::vector<std::string_view> splitUnescaped(std::string_view text, char separator)
{
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == separator)
        {
            pieces.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    pieces.push_back(text.substr(start));
    return pieces;
}

std::size_t findUnescaped(std::string_view text, char separator)
{
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == separator)
            return i;
    }
    return std::string_view::npos;
}

/// Removes the search escapes `\,` `\|` `\$` `\\`; another backslash is kept as written.
std::string unescape(std::string_view text)
{
    std::string result;
    result.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '\\' && i + 1 < text.size() &&
            (text[i + 1] == ',' || text[i + 1] == '|' || text[i + 1] == '$' || text[i + 1] == '\\'))
            ++i;
        result.push_back(text[i]);
    }
    return result;
}

bool isDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool contains(const std::vector<std::string>& values, std::string_view value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

std::optional<Prefix> prefixOf(std::string_view text)
{
    static const std::pair<std::string_view, Prefix> PREFIXES[] = {
        {"eq", Prefix::Eq}, {"ne", Prefix::Ne}, {"gt", Prefix::Gt}, {"lt", Prefix::Lt}, {"ge", Prefix::Ge},
        {"le", Prefix::Le}, {"sa", Prefix::Sa}, {"eb", Prefix::Eb}, {"ap", Prefix::Ap},
    };
    for (const auto& [name, prefix] : PREFIXES)
    {
        if (text == name)
            return prefix;
    }
    return std::nullopt;
}

/// Parses one request into a SearchQuery, collecting every issue.
class SearchParser
{
public:
    SearchParser(std::string_view resourceType, Handling handling)
        : _registry(SearchParameterRegistry::instance()), _handling(handling)
    {
        _query.resourceType = std::string(resourceType);
    }

    core::Result<SearchQuery> parse(const QueryParameters& parameters)
    {
        if (!_registry.supports(_query.resourceType))
            return core::fail(core::ErrorCode::Unsupported,
                              "Search is not supported on resource type '" + _query.resourceType + "'");
        for (const auto& [name, value] : parameters)
            parameter(name, value);
        if (_errors.empty())
        {
            _query.warnings = std::move(_warnings);
            return std::move(_query);
        }
        core::Error error;
        const bool allUnsupported = std::all_of(_errors.begin(), _errors.end(),
                                                [](const core::Issue& issue) { return issue.code == NOT_SUPPORTED; });
        error.code = allUnsupported ? core::ErrorCode::Unsupported : core::ErrorCode::Invalid;
        error.message = _errors.size() == 1 ? _errors.front().diagnostics
                                            : std::to_string(_errors.size()) + " problems in the search parameters";
        error.issues = std::move(_errors);
        error.issues.insert(error.issues.end(), _warnings.begin(), _warnings.end());
        return core::fail(std::move(error));
    }

private:
    void error(const std::string& code, std::string_view expression, std::string diagnostics)
    {
        _errors.push_back(core::Issue{core::Severity::Error, code, std::move(diagnostics), std::string(expression)});
    }

    void invalid(std::string_view expression, std::string diagnostics)
    {
        error(INVALID, expression, std::move(diagnostics));
    }

    void unsupported(std::string_view expression, std::string diagnostics)
    {
        error(NOT_SUPPORTED, expression, std::move(diagnostics));
    }

    /// An unknown name: an error under Strict, a warning (and the parameter ignored) under Lenient.
    void unknown(std::string_view expression, std::string diagnostics)
    {
        if (_handling == Handling::Strict)
            unsupported(expression, std::move(diagnostics));
        else
            _warnings.push_back(core::Issue{core::Severity::Warning, NOT_SUPPORTED,
                                            std::move(diagnostics) + "; ignored (Prefer: handling=lenient)",
                                            std::string(expression)});
    }

    /// Result parameters other than _include/_revinclude may appear once.
    bool once(const std::string& name)
    {
        if (_seen.insert(name).second)
            return true;
        invalid(name, "Parameter '" + name + "' may appear only once");
        return false;
    }

    void parameter(const std::string& name, const std::string& value)
    {
        const std::string_view base = std::string_view(name).substr(0, name.find(':'));
        if (base == "_format" || base == "_pretty")
            return;
        if (base == "_include" || base == "_revinclude")
            return include(name, base == "_revinclude", value);
        if (name == "_count")
            return count(name, value);
        if (name == "_offset")
            return offset(name, value);
        if (name == "_sort")
            return sort(name, value);
        if (name == "_summary")
            return summary(name, value);
        if (name == "_total")
            return total(name, value);
        if (name == "_elements")
            return elements(name, value);
        static const std::set<std::string_view> UNSUPPORTED = {
            "_contained", "_containedType", "_text", "_content", "_list", "_query", "_filter", "_type", "_source",
        };
        if (UNSUPPORTED.count(base) != 0)
            return unsupported(name, "Parameter '" + std::string(base) + "' is not supported");
        criterion(name, value);
    }

    // ---- criteria ---------------------------------------------------------------------------------------------

    void criterion(const std::string& name, const std::string& value)
    {
        Criterion criterion;
        criterion.name = name;
        if (!parseName(_query.resourceType, name, criterion))
            return;
        if (parseValues(criterion, value))
            _query.criteria.push_back(std::move(criterion));
    }

    /// Fills the chain and the final parameter of `criterion` from the part of the name that applies to `type`.
    bool parseName(const std::string& type, std::string_view name, Criterion& criterion)
    {
        const std::string& expression = criterion.name;
        if (name.substr(0, 5) == "_has:")
        {
            const std::string_view rest = name.substr(5);
            const std::size_t first = rest.find(':');
            const std::size_t second = first == std::string_view::npos ? first : rest.find(':', first + 1);
            if (second == std::string_view::npos || first == 0 || second == first + 1 || second + 1 == rest.size())
            {
                invalid(expression, "Reverse chain must be _has:Type:reference:parameter");
                return false;
            }
            const std::string source(rest.substr(0, first));
            const std::string reference(rest.substr(first + 1, second - first - 1));
            if (!_registry.supports(source))
            {
                unknown(expression, "Search is not supported on resource type '" + source + "' (in _has)");
                return false;
            }
            const SearchParameterDefinition* definition = _registry.find(source, reference);
            if (definition == nullptr)
            {
                unknown(expression, "Unknown search parameter '" + reference + "' for " + source + " (in _has)");
                return false;
            }
            if (definition->type != ParamType::Reference || !contains(definition->targets, type))
            {
                invalid(expression, source + "." + reference + " is not a reference to " + type);
                return false;
            }
            criterion.chain.push_back(ChainLink{ChainLink::Direction::Reverse, source, reference, {type}});
            return parseName(source, rest.substr(second + 1), criterion);
        }

        const std::size_t dot = name.find('.');
        if (dot != std::string_view::npos)
            return parseChain(type, name.substr(0, dot), name.substr(dot + 1), criterion);

        const std::size_t colon = name.find(':');
        const std::string code(name.substr(0, colon));
        const SearchParameterDefinition* definition = _registry.find(type, code);
        if (definition == nullptr)
        {
            if (code == "_has")
                invalid(expression, "Reverse chain must be _has:Type:reference:parameter");
            else
                unknown(expression, "Unknown search parameter '" + code + "' for " + type);
            return false;
        }
        criterion.resourceTypes = {type};
        criterion.parameter = code;
        criterion.type = definition->type;
        criterion.definition = definition;
        if (colon == std::string_view::npos)
            return true;
        return parseModifier(*definition, name.substr(colon + 1), criterion);
    }

    bool parseChain(const std::string& type, std::string_view head, std::string_view tail, Criterion& criterion)
    {
        const std::string& expression = criterion.name;
        const std::size_t colon = head.find(':');
        const std::string code(head.substr(0, colon));
        const std::string typeModifier(colon == std::string_view::npos ? std::string_view() : head.substr(colon + 1));
        const SearchParameterDefinition* definition = _registry.find(type, code);
        if (definition == nullptr)
        {
            unknown(expression, "Unknown search parameter '" + code + "' for " + type);
            return false;
        }
        if (definition->type != ParamType::Reference)
        {
            invalid(expression, "Only reference parameters can be chained; '" + code + "' is not one");
            return false;
        }
        const bool hasTail = tail.substr(0, 5) == "_has:";
        const std::string nextCode(hasTail ? std::string_view("_has") : tail.substr(0, tail.find_first_of(".:")));
        std::vector<std::string> targets;
        if (!typeModifier.empty())
        {
            if (!contains(definition->targets, typeModifier))
            {
                invalid(expression, type + "." + code + " cannot refer to '" + typeModifier + "'");
                return false;
            }
            if (!_registry.supports(typeModifier))
            {
                unknown(expression, "Search is not supported on resource type '" + typeModifier + "'");
                return false;
            }
            targets.push_back(typeModifier);
        }
        else
        {
            for (const std::string& target : definition->targets)
            {
                if (_registry.supports(target) && (hasTail || _registry.find(target, nextCode) != nullptr))
                    targets.push_back(target);
            }
            if (targets.empty())
            {
                unknown(expression, "No resource type " + type + "." + code + " refers to has a search parameter '" +
                                        nextCode + "'");
                return false;
            }
        }
        criterion.chain.push_back(ChainLink{ChainLink::Direction::Forward, type, code, targets});
        if (targets.size() == 1)
            return parseName(targets.front(), tail, criterion);

        // Several possible targets: only a one-parameter tail of the same type on all of them is unambiguous.
        // With a longer tail, a target may lack `nextCode` (found by fuzzing: it was dereferenced as null).
        const bool simpleTail = !hasTail && tail.find('.') == std::string_view::npos;
        const SearchParameterDefinition* first = _registry.find(targets.front(), nextCode);
        if (!simpleTail || first == nullptr ||
            std::any_of(targets.begin(), targets.end(), [&](const std::string& target) {
                const SearchParameterDefinition* next = _registry.find(target, nextCode);
                return next == nullptr || next->type != first->type;
            }))
        {
            invalid(expression, "Ambiguous chain: " + type + "." + code + " may refer to several types; add :Type");
            return false;
        }
        if (!parseName(targets.front(), tail, criterion))
            return false;
        criterion.resourceTypes = targets;
        return true;
    }

    bool parseModifier(const SearchParameterDefinition& definition, std::string_view modifier, Criterion& criterion)
    {
        const std::string& expression = criterion.name;
        const std::string text(modifier);
        if (text == "missing")
        {
            criterion.modifier = Modifier::Missing;
            return true;
        }
        auto notSupported = [&]
        {
            unsupported(expression, "Modifier ':" + text + "' is not supported on '" + definition.code + "'");
            return false;
        };
        switch (definition.type)
        {
        case ParamType::Token:
            if (text == "not")
            {
                criterion.modifier = Modifier::Not;
                return true;
            }
            if (text == "text" || text == "above" || text == "below" || text == "in" || text == "not-in" ||
                text == "of-type")
                return notSupported();
            break;
        case ParamType::String:
            if (text == "exact" || text == "contains")
            {
                criterion.modifier = text == "exact" ? Modifier::Exact : Modifier::Contains;
                return true;
            }
            break;
        case ParamType::Reference:
            if (contains(definition.targets, text))
            {
                criterion.modifier = Modifier::Type;
                criterion.modifierType = text;
                return true;
            }
            if (text == "identifier" || text == "above" || text == "below")
                return notSupported();
            break;
        case ParamType::Uri:
            if (text == "above" || text == "below")
                return notSupported();
            break;
        default:
            break;
        }
        invalid(expression, "Modifier ':" + text + "' is not valid on " + std::string(toString(definition.type)) +
                                " parameter '" + definition.code + "'");
        return false;
    }

    bool parseValues(Criterion& criterion, std::string_view value)
    {
        const std::string& expression = criterion.name;
        if (criterion.modifier == Modifier::Missing)
        {
            const std::string_view flag = trim(value);
            if (flag != "true" && flag != "false")
            {
                invalid(expression, "The value of :missing must be true or false, not '" + std::string(value) + "'");
                return false;
            }
            criterion.missing = flag == "true";
            return true;
        }
        bool ok = true;
        for (const std::string_view rawPiece : splitUnescaped(value, ','))
        {
            const std::string_view piece = trim(rawPiece);
            if (piece.empty())
            {
                invalid(expression, "Empty value for '" + criterion.name + "'");
                ok = false;
                continue;
            }
            SearchValue parsed;
            if (parseValue(criterion, piece, parsed))
                criterion.values.push_back(std::move(parsed));
            else
                ok = false;
        }
        return ok;
    }

    bool parseValue(const Criterion& criterion, std::string_view piece, SearchValue& value)
    {
        const std::string& expression = criterion.name;
        switch (criterion.type)
        {
        case ParamType::Token:
        {
            const std::size_t bar = findUnescaped(piece, '|');
            if (bar == std::string_view::npos)
                value.code = unescape(piece);
            else
            {
                value.anySystem = false;
                value.system = unescape(piece.substr(0, bar));
                value.code = unescape(piece.substr(bar + 1));
                if (value.system.empty() && value.code.empty())
                {
                    invalid(expression, "Token value '|' has neither system nor code");
                    return false;
                }
            }
            value.text = unescape(piece);
            if (criterion.parameter == "_id" && (!value.anySystem || !isValidPrimitive("id", value.code)))
            {
                invalid(expression, "'" + value.text + "' is not a valid resource id");
                return false;
            }
            return true;
        }
        case ParamType::Date:
        {
            value.text = unescape(piece);
            std::string_view date = value.text;
            if (date.size() >= 2 && date[0] >= 'a' && date[0] <= 'z' && date[1] >= 'a' && date[1] <= 'z')
            {
                const auto prefix = prefixOf(date.substr(0, 2));
                if (!prefix)
                {
                    invalid(expression, "Unknown date prefix '" + std::string(date.substr(0, 2)) + "'");
                    return false;
                }
                value.prefix = *prefix;
                date.remove_prefix(2);
            }
            const auto range = parseDateRange(date);
            if (!range)
            {
                invalid(expression, "'" + std::string(date) + "' is not a valid date (YYYY, YYYY-MM, YYYY-MM-DD or " +
                                        "YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm])");
                return false;
            }
            value.range = *range;
            return true;
        }
        case ParamType::String:
            value.text = unescape(piece);
            value.code = normalizeString(value.text);
            return true;
        case ParamType::Uri:
            value.text = unescape(piece);
            value.code = value.text;
            return true;
        case ParamType::Reference:
            return parseReference(criterion, piece, value);
        default:
            unsupported(expression, "Parameter type of '" + criterion.parameter + "' is not supported");
            return false;
        }
    }

    bool parseReference(const Criterion& criterion, std::string_view piece, SearchValue& value)
    {
        const std::string& expression = criterion.name;
        const std::vector<std::string>& targets = criterion.definition->targets;
        value.text = unescape(piece);
        if (const auto relative = RelativeReference::parse(value.text))
        {
            if (!contains(targets, relative->type) ||
                (!criterion.modifierType.empty() && relative->type != criterion.modifierType))
            {
                invalid(expression, "'" + criterion.parameter + "' cannot refer to '" + relative->type + "'");
                return false;
            }
            value.targetType = relative->type;
            value.targetId = relative->id;
            return true;
        }
        if (isValidPrimitive("id", value.text))
        {
            value.targetId = value.text;
            if (!criterion.modifierType.empty())
                value.targetType = criterion.modifierType;
            else if (targets.size() == 1)
                value.targetType = targets.front();
            return true;
        }
        if (value.text.front() == '#' || value.text.find(':') != std::string::npos)
        {
            value.code = value.text;
            return true;
        }
        invalid(expression, "'" + value.text + "' is not a reference (Type/id, id or absolute URL)");
        return false;
    }

    // ---- result parameters -------------------------------------------------------------------------------------

    void count(const std::string& name, const std::string& value)
    {
        if (!once(name))
            return;
        if (!isDigits(value) || value.size() > 9)
            return invalid(name, "_count must be a non-negative integer, not '" + value + "'");
        const std::size_t requested = std::stoul(value);
        if (requested > MAX_COUNT)
        {
            _warnings.push_back(core::Issue{core::Severity::Warning, "informational",
                                            "_count " + value + " exceeds the maximum page size " +
                                                std::to_string(MAX_COUNT) + "; pages hold " +
                                                std::to_string(MAX_COUNT) + " entries",
                                            name});
            _query.count = MAX_COUNT;
        }
        else
            _query.count = requested;
    }

    void offset(const std::string& name, const std::string& value)
    {
        if (!once(name))
            return;
        if (!isDigits(value) || value.size() > 9)
            return invalid(name, "_offset must be a non-negative integer, not '" + value + "'");
        _query.offset = std::stoul(value);
    }

    void sort(const std::string& name, const std::string& value)
    {
        if (!once(name))
            return;
        for (const std::string_view rawKey : splitUnescaped(value, ','))
        {
            std::string_view key = trim(rawKey);
            SortKey sortKey;
            if (!key.empty() && key.front() == '-')
            {
                sortKey.descending = true;
                key.remove_prefix(1);
            }
            sortKey.parameter = std::string(key);
            if (key.empty())
            {
                invalid(name, "Empty _sort key");
                continue;
            }
            const SearchParameterDefinition* definition = _registry.find(_query.resourceType, key);
            if (definition == nullptr)
            {
                invalid(name, "Unknown search parameter '" + sortKey.parameter + "' for " + _query.resourceType);
                continue;
            }
            if (definition->type != ParamType::Date && key != "_id")
            {
                unsupported(name, "Sorting by '" + sortKey.parameter + "' is not supported (date parameters, _id)");
                continue;
            }
            _query.sort.push_back(std::move(sortKey));
        }
    }

    void summary(const std::string& name, const std::string& value)
    {
        if (!once(name))
            return;
        static const std::pair<std::string_view, Summary> VALUES[] = {
            {"false", Summary::False}, {"true", Summary::True}, {"count", Summary::Count},
            {"text", Summary::Text},   {"data", Summary::Data},
        };
        for (const auto& [text, summaryValue] : VALUES)
        {
            if (value == text)
            {
                _query.summary = summaryValue;
                return;
            }
        }
        invalid(name, "_summary must be true, false, count, text or data, not '" + value + "'");
    }

    void total(const std::string& name, const std::string& value)
    {
        if (!once(name))
            return;
        if (value == "none")
            _query.total = Total::None;
        else if (value == "estimate")
            _query.total = Total::Estimate;
        else if (value == "accurate")
            _query.total = Total::Accurate;
        else
            invalid(name, "_total must be none, estimate or accurate, not '" + value + "'");
    }

    void elements(const std::string& name, const std::string& value)
    {
        if (!once(name))
            return;
        const TypeDefinition* type = findResourceType(_query.resourceType);
        for (const std::string_view rawElement : splitUnescaped(value, ','))
        {
            const std::string element(trim(rawElement));
            if (element.empty())
            {
                invalid(name, "Empty _elements entry");
                continue;
            }
            bool known = type != nullptr && type->element(element) != nullptr;
            if (!known && type != nullptr)
            {
                // A choice element by its base name: "value" for valueString, valueQuantity…
                for (const ElementDefinition& definition : type->elements())
                {
                    if (definition.choice && definition.name.size() > element.size() &&
                        definition.name.substr(0, element.size()) == element &&
                        definition.name[element.size()] >= 'A' && definition.name[element.size()] <= 'Z')
                        known = true;
                }
            }
            if (known)
                _query.elements.push_back(element);
            else
                unknown(name, "Unknown element '" + element + "' of " + _query.resourceType);
        }
    }

    void include(const std::string& name, bool reverse, const std::string& value)
    {
        Include include;
        include.reverse = reverse;
        const std::size_t colon = name.find(':');
        if (colon != std::string::npos)
        {
            const std::string modifier = name.substr(colon + 1);
            if (modifier != "iterate" && modifier != "recurse")
                return invalid(name, "Modifier ':" + modifier + "' is not valid on " + name.substr(0, colon));
            include.iterate = true;
        }
        if (value == "*" || value.find(":*") != std::string::npos)
            return unsupported(name, "Wildcard includes are not supported");
        const std::vector<std::string_view> parts = splitUnescaped(value, ':');
        if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty() ||
            (parts.size() == 3 && parts[2].empty()))
            return invalid(name, "'" + value + "' is not Type:parameter[:targetType]");
        include.sourceType = std::string(parts[0]);
        include.parameter = std::string(parts[1]);
        if (parts.size() == 3)
            include.targetType = std::string(parts[2]);
        if (!_registry.supports(include.sourceType))
            return unsupported(name, "Search is not supported on resource type '" + include.sourceType + "'");
        const SearchParameterDefinition* definition = _registry.find(include.sourceType, include.parameter);
        if (definition == nullptr)
            return invalid(name, "Unknown search parameter '" + include.parameter + "' for " + include.sourceType);
        if (definition->type != ParamType::Reference)
            return invalid(name, include.sourceType + ":" + include.parameter + " is not a reference parameter");
        if (!include.targetType.empty() && !contains(definition->targets, include.targetType))
            return invalid(name, include.sourceType + ":" + include.parameter + " cannot refer to '" +
                                     include.targetType + "'");
        _query.includes.push_back(std::move(include));
    }

    const SearchParameterRegistry& _registry;
    Handling _handling;
    SearchQuery _query;
    std::vector<core::Issue> _errors;
    std::vector<core::Issue> _warnings;
    std::set<std::string> _seen;
};

} // namespace

core::Result<SearchQuery> parseSearch(std::string_view resourceType, const QueryParameters& parameters,
                                      Handling handling)
{
    if (parameters.size() > MAX_SEARCH_PARAMETERS)
        return core::fail(core::ErrorCode::Invalid, "a search takes at most " + std::to_string(MAX_SEARCH_PARAMETERS) +
                                                        " parameters; this one has " +
                                                        std::to_string(parameters.size()));
    return SearchParser(resourceType, handling).parse(parameters);
}

} // namespace sas::fhir::search
