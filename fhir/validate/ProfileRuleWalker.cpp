#include "fhir/validate/ProfileRuleWalker.h"

#include "fhir/json/JsonWriter.h"
#include "fhir/validate/matchesPattern.h"

#include <algorithm>
#include <cctype>
#include <span>

namespace sas::fhir::validate
{

namespace
{

/// Extension profiles applying Extension profiles: far more than any real definition nests.
constexpr int MAX_PROFILE_DEPTH = 8;

bool isChoiceMember(std::string_view member, std::string_view base)
{
    return member.size() > base.size() && member.starts_with(base) && member[base.size()] >= 'A' &&
           member[base.size()] <= 'Z';
}

std::vector<ProfileRuleWalker::Value> collect(const ElementRule& rule, const Node& node, const TypeDefinition* type)
{
    std::vector<ProfileRuleWalker::Value> values;
    for (const Node::Member& member : node.members())
    {
        if (rule.choice ? !isChoiceMember(member.name, rule.name) : member.name != rule.name)
            continue;
        const ElementDefinition* element = type ? type->element(member.name) : nullptr;
        const bool repeats = element ? element->repeats : member.array;
        const TypeDefinition* elementType = element ? type->typeOf(*element) : nullptr;
        for (std::size_t i = 0; i < member.values.size(); ++i)
            values.push_back({&member.values[i], member.name, repeats, i, elementType});
    }
    return values;
}

void collectPath(const Node& node, std::span<const std::string> path, std::vector<const Node*>& out)
{
    if (path.empty())
    {
        out.push_back(&node);
        return;
    }
    if (const Node::Member* member = node.find(path.front()))
        for (const Node& value : member->values)
            collectPath(value, path.subspan(1), out);
}

const ElementRule* ruleAt(const ElementRule& rule, std::span<const std::string> path)
{
    const ElementRule* current = &rule;
    for (const std::string& step : path)
    {
        const auto found = std::find_if(current->children.begin(), current->children.end(),
                                        [&step](const auto& child) { return child->name == step; });
        if (found == current->children.end())
            return nullptr;
        current = found->get();
    }
    return current;
}

std::string_view valueOf(const Node& node, std::string_view name)
{
    const Node* member = node.first(name);
    return member && member->isPrimitive() ? std::string_view(member->value()) : std::string_view();
}

bool codingIn(const ValueSet& set, const Node& coding)
{
    const std::string_view system = valueOf(coding, "system");
    return !system.empty() && set.contains(system, valueOf(coding, "code"));
}

/// A code, Coding or CodeableConcept in the value set; a CodeableConcept qualifies when one of its codings does,
/// and, when `textOnlyPasses`, when it has no coding at all (the IG lets uncoded specialties and reasons go in text).
bool inValueSet(const ValueSet& set, const Node& value, bool textOnlyPasses)
{
    if (value.isPrimitive())
        return set.contains({}, value.value());
    if (const Node::Member* codings = value.find("coding"))
        return std::any_of(codings->values.begin(), codings->values.end(),
                           [&set](const Node& coding) { return codingIn(set, coding); });
    if (value.find("code") || value.find("system"))
        return codingIn(set, value);
    return textOnlyPasses;
}

std::string describe(const Node& value)
{
    if (value.isPrimitive())
        return "'" + value.value() + "'";
    return writeJson(value);
}

std::string describeCodes(const Node& value)
{
    if (value.isPrimitive())
        return "Code '" + value.value() + "'";
    std::string text;
    auto add = [&text](const Node& coding)
    {
        text += text.empty() ? "" : ", ";
        text += std::string(valueOf(coding, "system")) + "#" + std::string(valueOf(coding, "code"));
    };
    if (const Node::Member* codings = value.find("coding"))
        for (const Node& coding : codings->values)
            add(coding);
    else
        add(value);
    return "Coding " + text;
}

std::size_t codePoints(std::string_view text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string joinPath(const std::vector<std::string>& path)
{
    std::string text;
    for (const std::string& step : path)
        text += "." + step;
    return text;
}

std::string plural(std::uint32_t count)
{
    return std::to_string(count) + (count == 1 ? " value" : " values");
}

} // namespace

void ProfileRuleWalker::apply(const Node& resource, const TypeDefinition& type)
{
    applyChildren(*_profile->root, resource, &type);
}

std::string ProfileRuleWalker::where(const ElementRule& rule) const
{
    std::string text = "profile " + _profile->name + ", " + rule.path;
    if (!rule.sliceName.empty())
        text += ":" + rule.sliceName;
    return text;
}

void ProfileRuleWalker::applyChildren(const ElementRule& rule, const Node& node, const TypeDefinition* type)
{
    static const TypeDefinition* const ELEMENT = findType("Element");
    const TypeDefinition* lookup = type && type->isPrimitive() ? ELEMENT : type;
    for (const auto& child : rule.children)
        applyElement(*child, collect(*child, node, lookup));
}

void ProfileRuleWalker::applyElement(const ElementRule& rule, const std::vector<Value>& values)
{
    const std::string member = "." + rule.name + (rule.choice ? "[x]" : "");
    const std::string name = rule.name + (rule.choice ? "[x]" : "");
    if (rule.checkMin && values.size() < rule.min)
        _context.error("required",
                       "Element '" + name + "' requires at least " + plural(rule.min) + " (" + where(rule) + ")",
                       member);
    if (rule.checkMax && values.size() > rule.max)
        _context.error("structure",
                       rule.max == 0
                           ? "Element '" + name + "' is not allowed (" + where(rule) + ")"
                           : "Element '" + name + "' allows at most " + plural(rule.max) + " (" + where(rule) + ")",
                       member);
    for (const Value& value : values)
    {
        ValidationContext::Step step(_context, value.memberName, value.repeats, value.index);
        applyValue(rule, value);
    }
    if (rule.choice && !values.empty())
        for (const auto& typeSlice : rule.typeSlices)
            if (typeSlice->checkMin &&
                std::none_of(values.begin(), values.end(),
                             [&typeSlice](const Value& value) { return value.memberName == typeSlice->name; }))
                _context.error("required",
                               "Element '" + name + "' must be a " + typeSlice->name + " (" + where(*typeSlice) + ")",
                               "." + typeSlice->name);
    if (rule.sliced)
        applySlicing(rule, values);
}

void ProfileRuleWalker::applyValue(const ElementRule& rule, const Value& value)
{
    if (rule.choice && !rule.allowedTypes.empty())
    {
        const std::string_view typeName = value.memberName.substr(rule.name.size());
        const bool allowed = std::any_of(rule.allowedTypes.begin(), rule.allowedTypes.end(),
                                         [typeName](const std::string& code)
                                         {
                                             return code.size() == typeName.size() && !code.empty() &&
                                                    std::toupper(static_cast<unsigned char>(code[0])) == typeName[0] &&
                                                    std::string_view(code).substr(1) == typeName.substr(1);
                                         });
        if (!allowed)
        {
            _context.error("structure", "Type '" + std::string(typeName) + "' is not allowed for '" + rule.name +
                                            "[x]' (" + where(rule) + ")");
            return;
        }
    }
    checkValueRules(rule, value);
    if (rule.choice)
        for (const auto& typeSlice : rule.typeSlices)
            if (typeSlice->name == value.memberName)
            {
                checkValueRules(*typeSlice, value);
                applyChildren(*typeSlice, *value.node, value.type);
            }
    if (!rule.typeProfiles.empty())
    {
        if (!value.type && value.node->kind() == Node::Kind::Object)
        {
            auto& implied = _impliedProfiles[value.node];
            for (const std::string& url : rule.typeProfiles)
                if (std::find(implied.begin(), implied.end(), url) == implied.end())
                    implied.push_back(url);
        }
        else if (value.type && value.type->name() == "Extension" && _depth < MAX_PROFILE_DEPTH)
        {
            for (const std::string& url : rule.typeProfiles)
            {
                const Profile* extension = _findProfile(url);
                if (!extension || extension->type != "Extension")
                    continue;
                const Profile* outer = _profile;
                _profile = extension;
                ++_depth;
                applyChildren(*extension->root, *value.node, value.type);
                --_depth;
                _profile = outer;
            }
        }
    }
    applyChildren(rule, *value.node, value.type);
}

bool ProfileRuleWalker::checkValueRules(const ElementRule& rule, const Value& value)
{
    const Node& node = *value.node;
    if (node.isPrimitive() && node.value().empty())
        return true;
    if (rule.binding && !inValueSet(*rule.binding, node, true))
    {
        _context.error("code-invalid", describeCodes(node) + " is not in the value set " + rule.bindingUrl +
                                           " (required binding, " + where(rule) + ")");
        return false;
    }
    bool ok = true;
    if (rule.fixed && !matchesPattern(*rule.fixed, node, true))
    {
        _context.error("value", "Value must be " + describe(*rule.fixed) + " (fixed value, " + where(rule) + ")");
        ok = false;
    }
    if (rule.pattern && !matchesPattern(*rule.pattern, node, false))
    {
        _context.error("value", "Value must match " + describe(*rule.pattern) + " (pattern, " + where(rule) + ")");
        ok = false;
    }
    if (rule.maxLength != 0 && node.isPrimitive() && codePoints(node.value()) > rule.maxLength)
    {
        _context.error("value",
                       "Value is longer than " + std::to_string(rule.maxLength) + " characters (" + where(rule) + ")");
        ok = false;
    }
    for (const Invariant& invariant : rule.invariants)
    {
        std::vector<const Node*> targets;
        collectPath(node, invariant.path, targets);
        for (const Node* target : targets)
            if (target->isPrimitive() && !target->value().empty() && !invariant.pattern.matches(target->value()))
            {
                _context.error("invariant",
                               "Invariant " + invariant.key + " failed: " + invariant.human + " (" + where(rule) + ")",
                               joinPath(invariant.path));
                ok = false;
            }
    }
    return ok;
}

void ProfileRuleWalker::applySlicing(const ElementRule& rule, const std::vector<Value>& values)
{
    std::vector<std::uint32_t> counts(rule.slices.size(), 0);
    for (const Value& value : values)
    {
        ValidationContext::Step step(_context, value.memberName, value.repeats, value.index);
        bool matched = false;
        for (std::size_t i = 0; i < rule.slices.size() && !matched; ++i)
        {
            if (!sliceMatches(rule, *rule.slices[i], *value.node))
                continue;
            matched = true;
            ++counts[i];
            applyValue(*rule.slices[i], value);
        }
        if (!matched && rule.closedSlicing)
            _context.error("structure", "Value matches none of the slices of '" + rule.name + "' (closed slicing, " +
                                            where(rule) + ")");
    }
    for (std::size_t i = 0; i < rule.slices.size(); ++i)
    {
        const ElementRule& slice = *rule.slices[i];
        const std::string text = "Slice '" + slice.sliceName + "' of '" + rule.name + "' ";
        if (slice.checkMin && counts[i] < slice.min)
            _context.error("required", text + "requires at least " + plural(slice.min) + " (" + where(slice) + ")",
                           "." + rule.name);
        if (slice.checkMax && counts[i] > slice.max)
            _context.error("structure", text + "allows at most " + plural(slice.max) + " (" + where(slice) + ")",
                           "." + rule.name);
    }
}

bool ProfileRuleWalker::sliceMatches(const ElementRule& rule, const ElementRule& slice, const Node& value) const
{
    if (rule.discriminators.empty())
        return false;
    for (const Discriminator& discriminator : rule.discriminators)
    {
        std::vector<const Node*> targets;
        collectPath(value, discriminator.path, targets);
        const ElementRule* key = ruleAt(slice, discriminator.path);
        bool matched = false;
        switch (discriminator.kind)
        {
        case Discriminator::Kind::Value:
        case Discriminator::Kind::Pattern:
            if (key && (key->fixed || key->pattern || key->binding))
                matched = std::any_of(targets.begin(), targets.end(),
                                      [key](const Node* target)
                                      {
                                          return key->fixed     ? matchesPattern(*key->fixed, *target, true)
                                                 : key->pattern ? matchesPattern(*key->pattern, *target, false)
                                                                : inValueSet(*key->binding, *target, false);
                                      });
            else if (discriminator.path.size() == 1 && discriminator.path[0] == "url" && !slice.typeProfiles.empty())
                matched = std::any_of(targets.begin(), targets.end(),
                                      [&slice](const Node* target)
                                      { return target->isPrimitive() && target->value() == slice.typeProfiles[0]; });
            break;
        case Discriminator::Kind::Type:
        case Discriminator::Kind::Profile:
            if (key)
                matched = std::any_of(targets.begin(), targets.end(),
                                      [key](const Node* target)
                                      {
                                          return std::find(key->resourceTypes.begin(), key->resourceTypes.end(),
                                                           target->resourceType()) != key->resourceTypes.end();
                                      });
            break;
        case Discriminator::Kind::Exists:
            break;
        }
        if (!matched)
            return false;
    }
    return true;
}

} // namespace sas::fhir::validate
