#pragma once

#include "fhir/model/Node.h"
#include "fhir/model/TypeDefinitions.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sas::fhir::search
{

/// A compiled element path of the tiny path language search parameters use to say what they index: the resource
/// type, then element names separated by dots ("Slot.schedule", "Practitioner.name.family").
/// - `name[x]` visits every concrete member of a choice element ("value[x]" → valueReference, valueString…).
/// - `extension('url')` visits only the extensions with that url
///   ("Slot.serviceType.extension('http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType').valueReference").
/// Repeating elements are visited value by value, in document order; contained resources are never entered.
class ElementPath
{
public:
    /// One step: a member name (or choice base) and an optional extension url filter.
    struct Step
    {
        std::string name;
        bool choice = false;
        std::string extensionUrl;
    };

    /// Called for every value the path reaches, with its FHIR type (nullptr when the definitions do not know it).
    using Visitor = std::function<void(const Node& value, const TypeDefinition* type)>;

    /// Parses "Type.a.b"; an empty path (no steps) on malformed text, which compiled() reports.
    explicit ElementPath(std::string_view text);

    const std::string& text() const { return _text; }
    const std::string& resourceType() const { return _resourceType; }
    const std::vector<Step>& steps() const { return _steps; }
    bool compiled() const { return !_steps.empty(); }

    /// Visits every value of `resource` at this path. Nothing happens when the resource is of another type.
    void visit(const Node& resource, const Visitor& visitor) const;

private:
    void visitFrom(const Node& node, const TypeDefinition* type, std::size_t step, const Visitor& visitor) const;

    std::string _text;
    std::string _resourceType;
    std::vector<Step> _steps;
};

} // namespace sas::fhir::search
