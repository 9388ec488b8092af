#include "fhir/validate/compileProfile.h"

#include "fhir/model/TypeDefinitions.h"
#include "fhir/validate/builtinValueSet.h"

#include <algorithm>
#include <cctype>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <string>
#include <unordered_map>

namespace sas::fhir::validate
{

namespace
{

using JsonValue = rapidjson::Value;

constexpr std::string_view HL7_SOURCE = "http://hl7.org/fhir/StructureDefinition/";

std::string_view stringOf(const JsonValue& object, const char* name)
{
    if (!object.IsObject())
        return {};
    const auto found = object.FindMember(name);
    if (found == object.MemberEnd() || !found->value.IsString())
        return {};
    return {found->value.GetString(), found->value.GetStringLength()};
}

const JsonValue* memberOf(const JsonValue& object, const char* name)
{
    if (!object.IsObject())
        return nullptr;
    const auto found = object.FindMember(name);
    return found == object.MemberEnd() ? nullptr : &found->value;
}

std::uint32_t parseMax(std::string_view max)
{
    if (max.empty() || max == "*")
        return ElementRule::UNBOUNDED;
    std::uint32_t value = 0;
    for (char c : max)
    {
        if (c < '0' || c > '9')
            return ElementRule::UNBOUNDED;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return value;
}

/// A fixed[x] or pattern[x] value as a Node, numbers kept in their JSON lexical form.
Node toNode(const JsonValue& value)
{
    switch (value.GetType())
    {
    case rapidjson::kObjectType:
    {
        Node node = Node::object();
        for (const auto& member : value.GetObject())
        {
            const std::string_view name(member.name.GetString(), member.name.GetStringLength());
            if (member.value.IsArray())
                for (const auto& item : member.value.GetArray())
                    node.append(name, toNode(item));
            else
                node.set(name, toNode(member.value));
        }
        return node;
    }
    case rapidjson::kStringType:
        return Node::string(std::string(value.GetString(), value.GetStringLength()));
    case rapidjson::kNumberType:
    {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        value.Accept(writer);
        return Node::number(buffer.GetString());
    }
    case rapidjson::kTrueType:
        return Node::boolean(true);
    case rapidjson::kFalseType:
        return Node::boolean(false);
    default:
        return Node::null();
    }
}

std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> steps;
    if (path.empty() || path == "$this")
        return steps;
    std::size_t start = 0;
    while (start <= path.size())
    {
        const std::size_t dot = path.find('.', start);
        const std::size_t end = dot == std::string_view::npos ? path.size() : dot;
        steps.emplace_back(path.substr(start, end - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return steps;
}

/// `[path.]matches('regex')`, the only FHIRPath form the SAS profiles' own invariants use.
std::optional<Invariant> parseInvariant(std::string_view key, std::string_view human, std::string_view expression)
{
    constexpr std::string_view CALL = "matches('";
    const std::size_t call = expression.find(CALL);
    if (call == std::string_view::npos || !expression.ends_with("')"))
        return std::nullopt;
    std::string_view target = expression.substr(0, call);
    if (!target.empty())
    {
        if (!target.ends_with('.'))
            return std::nullopt;
        target.remove_suffix(1);
    }
    for (char c : target)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.')
            return std::nullopt;
    const std::string_view quoted = expression.substr(call + CALL.size(), expression.size() - call - CALL.size() - 2);
    std::string regex;
    for (std::size_t i = 0; i < quoted.size(); ++i)
    {
        if (quoted[i] == '\\' && i + 1 < quoted.size() && (quoted[i + 1] == '\'' || quoted[i + 1] == '\\'))
            ++i;
        else if (quoted[i] == '\'')
            return std::nullopt;
        regex += quoted[i];
    }
    auto pattern = SimplePattern::compile(regex);
    if (!pattern)
        return std::nullopt;
    return Invariant{std::string(key), std::string(human), splitPath(target), std::move(*pattern)};
}

void addOnce(std::vector<std::string>& list, std::string item)
{
    if (std::find(list.begin(), list.end(), item) == list.end())
        list.push_back(std::move(item));
}

/// Fills a rule from its ElementDefinition.
void fill(ElementRule& rule, const JsonValue& element, bool fromSnapshot, bool isSlice, Profile& profile)
{
    rule.path = std::string(stringOf(element, "path"));
    const JsonValue* min = memberOf(element, "min");
    const std::string_view max = stringOf(element, "max");
    rule.min = min && min->IsUint() ? min->GetUint() : 0;
    rule.max = parseMax(max);
    if (isSlice || !fromSnapshot)
    {
        rule.checkMin = rule.min > 0;
        rule.checkMax = rule.max != ElementRule::UNBOUNDED && (isSlice || !max.empty());
    }
    else if (const JsonValue* base = memberOf(element, "base"))
    {
        const JsonValue* baseMin = memberOf(*base, "min");
        const std::uint32_t minimum = baseMin && baseMin->IsUint() ? baseMin->GetUint() : 0;
        rule.checkMin = rule.min > minimum;
        rule.checkMax = rule.max < parseMax(stringOf(*base, "max"));
    }
    if (const JsonValue* types = memberOf(element, "type"); types && types->IsArray())
    {
        for (const auto& type : types->GetArray())
        {
            const std::string code(stringOf(type, "code"));
            if (rule.choice)
                rule.allowedTypes.push_back(code);
            const bool resource = findResourceType(code) != nullptr;
            if (resource)
                rule.resourceTypes.push_back(code);
            const JsonValue* profiles = memberOf(type, "profile");
            if ((code == "Extension" || resource) && profiles && profiles->IsArray())
                for (const auto& url : profiles->GetArray())
                    if (url.IsString())
                        rule.typeProfiles.emplace_back(url.GetString(), url.GetStringLength());
        }
    }
    for (const auto& member : element.GetObject())
    {
        const std::string_view name(member.name.GetString(), member.name.GetStringLength());
        if (name.starts_with("fixed") && name.size() > 5)
            rule.fixed = toNode(member.value);
        else if (name.starts_with("pattern") && name.size() > 7)
            rule.pattern = toNode(member.value);
    }
    if (const JsonValue* binding = memberOf(element, "binding");
        binding && stringOf(*binding, "strength") == "required")
    {
        rule.bindingUrl = std::string(stringOf(*binding, "valueSet"));
        rule.binding = builtinValueSet(rule.bindingUrl);
        if (!rule.binding && !rule.bindingUrl.empty())
            addOnce(profile.unenforcedBindings, rule.bindingUrl);
    }
    if (const JsonValue* maxLength = memberOf(element, "maxLength"); maxLength && maxLength->IsUint())
        rule.maxLength = maxLength->GetUint();
    if (const JsonValue* constraints = memberOf(element, "constraint"); constraints && constraints->IsArray())
    {
        for (const auto& constraint : constraints->GetArray())
        {
            if (stringOf(constraint, "source").starts_with(HL7_SOURCE) || stringOf(constraint, "severity") != "error")
                continue;
            const std::string_view key = stringOf(constraint, "key");
            if (auto invariant = parseInvariant(key, stringOf(constraint, "human"), stringOf(constraint, "expression")))
                rule.invariants.push_back(std::move(*invariant));
            else
                addOnce(profile.unenforcedInvariants, std::string(key));
        }
    }
    if (const JsonValue* slicing = memberOf(element, "slicing"); slicing && !rule.choice)
    {
        rule.sliced = true;
        rule.closedSlicing = stringOf(*slicing, "rules") == "closed";
        if (const JsonValue* discriminators = memberOf(*slicing, "discriminator");
            discriminators && discriminators->IsArray())
        {
            for (const auto& item : discriminators->GetArray())
            {
                const std::string_view type = stringOf(item, "type");
                Discriminator discriminator;
                discriminator.kind = type == "value"     ? Discriminator::Kind::Value
                                     : type == "pattern" ? Discriminator::Kind::Pattern
                                     : type == "type"    ? Discriminator::Kind::Type
                                     : type == "profile" ? Discriminator::Kind::Profile
                                                         : Discriminator::Kind::Exists;
                discriminator.path = splitPath(stringOf(item, "path"));
                rule.discriminators.push_back(std::move(discriminator));
            }
        }
    }
}

void prune(ElementRule& rule)
{
    auto pruneList = [](std::vector<std::unique_ptr<ElementRule>>& list)
    {
        for (auto& item : list)
            prune(*item);
        std::erase_if(list, [](const std::unique_ptr<ElementRule>& item) { return !item->hasChecks(); });
    };
    pruneList(rule.children);
    pruneList(rule.typeSlices);
    pruneList(rule.slices);
    if (rule.slices.empty() && !rule.closedSlicing)
        rule.sliced = false;
}

} // namespace

core::Result<Profile> compileProfile(std::string_view json)
{
    rapidjson::Document document;
    document.Parse(json.data(), json.size());
    if (document.HasParseError())
        return core::fail(core::ErrorCode::Invalid, std::string("StructureDefinition is not JSON: ") +
                                                        rapidjson::GetParseError_En(document.GetParseError()));
    if (stringOf(document, "resourceType") != "StructureDefinition")
        return core::fail(core::ErrorCode::Invalid, "Not a StructureDefinition");
    Profile profile;
    profile.url = std::string(stringOf(document, "url"));
    profile.name = std::string(stringOf(document, "name"));
    profile.version = std::string(stringOf(document, "version"));
    profile.type = std::string(stringOf(document, "type"));
    if (profile.url.empty() || profile.type.empty())
        return core::fail(core::ErrorCode::Invalid, "StructureDefinition without url or type");
    if (profile.name.empty())
        profile.name = profile.url.substr(profile.url.rfind('/') + 1);

    const JsonValue* snapshot = memberOf(document, "snapshot");
    const bool fromSnapshot = snapshot != nullptr;
    const JsonValue* holder = fromSnapshot ? snapshot : memberOf(document, "differential");
    const JsonValue* elements = holder ? memberOf(*holder, "element") : nullptr;
    if (!elements || !elements->IsArray() || elements->Empty())
        return core::fail(core::ErrorCode::Invalid, "StructureDefinition " + profile.url + " has no elements");

    profile.root = std::make_unique<ElementRule>();
    profile.root->name = profile.type;
    profile.root->path = profile.type;
    std::unordered_map<std::string, ElementRule*> byId;
    for (const auto& element : elements->GetArray())
    {
        std::string id(stringOf(element, "id"));
        if (id.empty())
            id = std::string(stringOf(element, "path"));
        const std::size_t dot = id.rfind('.');
        if (dot == std::string::npos)
        {
            fill(*profile.root, element, fromSnapshot, false, profile);
            profile.root->checkMin = profile.root->checkMax = false;
            byId[id] = profile.root.get();
            continue;
        }
        const std::string parentId = id.substr(0, dot);
        const std::string segment = id.substr(dot + 1);
        const std::size_t colon = segment.find(':');
        const std::string elementName = segment.substr(0, colon);
        const bool choice = elementName.ends_with("[x]");
        auto rule = std::make_unique<ElementRule>();
        ElementRule* target = nullptr;
        std::vector<std::unique_ptr<ElementRule>>* list = nullptr;
        if (colon != std::string::npos)
        {
            const auto base = byId.find(parentId + "." + elementName);
            if (base == byId.end())
                continue;
            target = base->second;
            rule->sliceName = segment.substr(colon + 1);
            if (choice)
            {
                rule->name = rule->sliceName;
                list = &target->typeSlices;
            }
            else
            {
                rule->name = target->name;
                list = &target->slices;
            }
        }
        else
        {
            const auto parent = byId.find(parentId);
            if (parent == byId.end())
                continue;
            target = parent->second;
            rule->choice = choice;
            rule->name = choice ? elementName.substr(0, elementName.size() - 3) : elementName;
            list = &target->children;
        }
        fill(*rule, element, fromSnapshot, colon != std::string::npos && !choice, profile);
        if (colon != std::string::npos && choice)
            rule->checkMax = false;
        byId[id] = rule.get();
        list->push_back(std::move(rule));
    }
    prune(*profile.root);
    return profile;
}

} // namespace sas::fhir::validate
