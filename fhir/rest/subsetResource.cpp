#include "fhir/rest/subsetResource.h"

#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/model/TypeDefinitions.h"

#include <algorithm>

namespace sas::fhir::rest
{
namespace
{

using search::Summary;

bool isRequired(const TypeDefinition* type, const std::string& name)
{
    const ElementDefinition* definition = type ? type->element(name) : nullptr;
    return definition != nullptr && definition->min > 0;
}

/// `valueString` is asked for by `value`.
bool isListed(const std::vector<std::string>& elements, const std::string& name)
{
    return std::any_of(elements.begin(), elements.end(),
                       [&name](const std::string& element)
                       {
                           return name == element ||
                                  (name.size() > element.size() && name.compare(0, element.size(), element) == 0 &&
                                   name[element.size()] >= 'A' && name[element.size()] <= 'Z');
                       });
}

/// The `_summary=true` view of a complex value: its isSummary elements, each cut down the same way (a backbone
/// element or datatype keeps only its own summary elements). Primitives are kept whole. Nested resources
/// (`contained`) are not summary elements in R4, so they never reach here.
Node summaryOf(const Node& value, const TypeDefinition* type)
{
    if (value.isPrimitive() || type == nullptr)
        return value;
    Node result = Node::object();
    for (const Node::Member& member : value.members())
    {
        const ElementDefinition* definition = type->element(member.name);
        if (definition == nullptr || !definition->summary)
            continue;
        const TypeDefinition* memberType = type->typeOf(*definition);
        Node::Member kept{member.name, {}, member.array};
        kept.values.reserve(member.values.size());
        for (const Node& item : member.values)
            kept.values.push_back(memberType != nullptr && !memberType->isPrimitive() ? summaryOf(item, memberType)
                                                                                      : item);
        result.addMember(std::move(kept));
    }
    return result;
}

} // namespace

bool wantsSubset(const search::SearchQuery& query)
{
    return !query.elements.empty() || query.summary == Summary::True || query.summary == Summary::Text ||
           query.summary == Summary::Data;
}

core::Result<std::string> subsetResource(const std::string& json, const search::SearchQuery& query)
{
    auto parsed = readJson(json);
    if (!parsed)
        return core::fail(core::ErrorCode::Internal, "a stored resource no longer parses");
    const Node& original = parsed->resource;
    const TypeDefinition* type = findResourceType(original.resourceType());

    Node subset = Node::resource(original.resourceType());
    if (const Node::Member* id = original.find("id"))
        subset.addMember(*id);
    Node meta = original.first("meta") ? *original.first("meta") : Node::object();
    Node tag = Node::object();
    tag.set("system", Node::string(SUBSETTED_SYSTEM));
    tag.set("code", Node::string("SUBSETTED"));
    tag.set("display", Node::string("subsetted"));
    meta.append("tag", std::move(tag));
    subset.set("meta", std::move(meta));

    for (const Node::Member& member : original.members())
    {
        if (member.name == "resourceType" || member.name == "id" || member.name == "meta")
            continue;
        if (query.summary == Summary::True)
        {
            const ElementDefinition* definition = type ? type->element(member.name) : nullptr;
            if (definition == nullptr || !definition->summary)
                continue;
            const TypeDefinition* memberType = type->typeOf(*definition);
            Node::Member kept{member.name, {}, member.array};
            for (const Node& item : member.values)
                kept.values.push_back(summaryOf(item, memberType));
            subset.addMember(std::move(kept));
            continue;
        }
        bool keep = isRequired(type, member.name);
        if (query.summary == Summary::Data)
            keep = member.name != "text";
        else if (query.summary == Summary::Text)
            keep = keep || member.name == "text";
        if (!query.elements.empty())
            keep = keep || isListed(query.elements, member.name);
        if (keep)
            subset.addMember(member);
    }
    return writeJson(subset);
}

} // namespace sas::fhir::rest
