#include "fhir/search/extractSearchIndex.h"

#include "fhir/search/RelativeReference.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/search/nationalIdentifierVariant.h"
#include "fhir/search/normalizeString.h"
#include "fhir/search/parseDateRange.h"

#include <algorithm>

namespace sas::fhir::search
{

namespace
{

/// The value of a primitive member, or empty.
std::string_view valueOf(const Node& node, std::string_view member)
{
    const Node* value = node.first(member);
    return value != nullptr && value->kind() != Node::Kind::Null && value->isPrimitive()
               ? std::string_view(value->value())
               : std::string_view();
}

bool sameEntry(const SearchIndexEntry& a, const SearchIndexEntry& b)
{
    return a.parameter == b.parameter && a.type == b.type && a.system == b.system && a.code == b.code &&
           a.low == b.low && a.high == b.high && a.targetType == b.targetType && a.targetId == b.targetId;
}

/// Collects the entries of one parameter.
class EntryCollector
{
public:
    EntryCollector(const SearchParameterDefinition& definition, SearchIndex& index, std::size_t firstOfParameter)
        : _definition(definition), _index(index), _first(firstOfParameter)
    {
    }

    void collect(const Node& value, const TypeDefinition* type)
    {
        const std::string_view typeName = type != nullptr ? type->name() : std::string_view();
        switch (_definition.type)
        {
        case ParamType::Token:
            token(value, typeName);
            break;
        case ParamType::Date:
            date(value, typeName);
            break;
        case ParamType::Reference:
            reference(value);
            break;
        case ParamType::String:
            string(value, typeName);
            break;
        case ParamType::Uri:
            if (isPrimitiveWithValue(value))
            {
                SearchIndexEntry entry = make();
                entry.code = value.value();
                add(std::move(entry));
            }
            break;
        default:
            break;
        }
    }

private:
    static bool isPrimitiveWithValue(const Node& value)
    {
        return value.isPrimitive() && value.kind() != Node::Kind::Null && !value.value().empty();
    }

    SearchIndexEntry make() const
    {
        SearchIndexEntry entry;
        entry.parameter = _definition.code;
        entry.type = _definition.type;
        return entry;
    }

    void add(SearchIndexEntry entry)
    {
        const auto begin = _index.begin() + static_cast<std::ptrdiff_t>(_first);
        if (std::none_of(begin, _index.end(), [&](const SearchIndexEntry& e) { return sameEntry(e, entry); }))
            _index.push_back(std::move(entry));
    }

    void addToken(std::string_view system, std::string_view code)
    {
        if (code.empty())
            return;
        SearchIndexEntry entry = make();
        entry.system = std::string(system);
        entry.code = std::string(code);
        add(std::move(entry));
    }

    void token(const Node& value, std::string_view typeName)
    {
        if (isPrimitiveWithValue(value))
        {
            addToken({}, value.value());
            return;
        }
        if (typeName == "Identifier")
        {
            const std::string_view system = valueOf(value, "system");
            const std::string_view code = valueOf(value, "value");
            addToken(system, code);
            if (const auto variant = nationalIdentifierVariant(system, code))
                addToken(system, *variant);
        }
        else if (typeName == "Coding")
            addToken(valueOf(value, "system"), valueOf(value, "code"));
        else if (typeName == "CodeableConcept")
        {
            if (const Node::Member* codings = value.find("coding"))
            {
                for (const Node& coding : codings->values)
                    addToken(valueOf(coding, "system"), valueOf(coding, "code"));
            }
        }
        else if (typeName == "ContactPoint")
            addToken({}, valueOf(value, "value"));
    }

    void addDate(DateRange range)
    {
        SearchIndexEntry entry = make();
        entry.low = range.low;
        entry.high = range.high;
        add(std::move(entry));
    }

    void date(const Node& value, std::string_view typeName)
    {
        if (isPrimitiveWithValue(value))
        {
            if (const auto range = parseDateRange(value.value()))
                addDate(*range);
            return;
        }
        if (typeName == "Period")
        {
            const std::string_view start = valueOf(value, "start");
            const std::string_view end = valueOf(value, "end");
            const auto low = start.empty() ? std::optional<DateRange>() : parseDateRange(start);
            const auto high = end.empty() ? std::optional<DateRange>() : parseDateRange(end);
            if ((!start.empty() && !low) || (!end.empty() && !high) || (start.empty() && end.empty()))
                return;
            addDate(DateRange{low ? low->low : DATE_MIN, high ? high->high : DATE_MAX});
        }
    }

    void reference(const Node& value)
    {
        const std::string_view text = valueOf(value, "reference");
        if (text.empty())
            return;
        SearchIndexEntry entry = make();
        if (const auto relative = RelativeReference::parse(text))
        {
            if (!_definition.targets.empty() && std::find(_definition.targets.begin(), _definition.targets.end(),
                                                          relative->type) == _definition.targets.end())
                return;
            entry.targetType = relative->type;
            entry.targetId = relative->id;
        }
        else
            entry.code = std::string(text);
        add(std::move(entry));
    }

    void addString(std::string_view text)
    {
        if (text.empty())
            return;
        SearchIndexEntry entry = make();
        entry.code = normalizeString(text);
        entry.system = std::string(text);
        add(std::move(entry));
    }

    void addStrings(const Node& value, std::string_view member)
    {
        if (const Node::Member* values = value.find(member))
        {
            for (const Node& part : values->values)
            {
                if (isPrimitiveWithValue(part))
                    addString(part.value());
            }
        }
    }

    void string(const Node& value, std::string_view typeName)
    {
        if (isPrimitiveWithValue(value))
            addString(value.value());
        else if (typeName == "HumanName")
        {
            for (const char* member : {"text", "family", "given", "prefix", "suffix"})
                addStrings(value, member);
        }
        else if (typeName == "Address")
        {
            for (const char* member : {"text", "line", "city", "district", "state", "postalCode", "country"})
                addStrings(value, member);
        }
    }

    const SearchParameterDefinition& _definition;
    SearchIndex& _index;
    std::size_t _first;
};

} // namespace

SearchIndex extractSearchIndex(const Node& resource)
{
    SearchIndex index;
    for (const SearchParameterDefinition* definition :
         SearchParameterRegistry::instance().parametersOf(resource.resourceType()))
    {
        EntryCollector collector(*definition, index, index.size());
        for (const ElementPath& path : definition->paths)
            path.visit(resource,
                       [&](const Node& value, const TypeDefinition* type) { collector.collect(value, type); });
    }
    return index;
}

} // namespace sas::fhir::search
