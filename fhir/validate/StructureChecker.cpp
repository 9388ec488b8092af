#include "fhir/validate/StructureChecker.h"

#include "fhir/model/isValidPrimitive.h"
#include "fhir/validate/checkSasDatatype.h"

namespace sas::fhir::validate
{

namespace
{

constexpr std::string_view APPOINTMENT_OPERATOR =
    "http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator";

/// "status", or "value[x]" for a choice element.
std::string displayName(const ElementDefinition& element)
{
    if (!element.choice)
        return std::string(element.name);
    return std::string(element.name.substr(0, element.name.size() - element.type.size())) + "[x]";
}

const char* kindName(Node::Kind kind)
{
    switch (kind)
    {
    case Node::Kind::Boolean:
        return "a boolean";
    case Node::Kind::Number:
        return "a number";
    default:
        return "a string";
    }
}

} // namespace

void StructureChecker::checkResource(const Node& resource, const TypeDefinition& type)
{
    checkMembers(resource, type, true);
}

void StructureChecker::checkMembers(const Node& node, const TypeDefinition& type, bool resource)
{
    std::size_t present = 0;
    for (const Node::Member& member : node.members())
    {
        if (resource && member.name == "resourceType")
            continue;
        ++present;
        const ElementDefinition* element = type.element(member.name);
        if (!element)
        {
            _context.error("structure", "Unknown element '" + member.name + "' in " + std::string(type.name()),
                           "." + member.name);
            continue;
        }
        if (member.values.empty())
        {
            _context.error("structure", "Empty arrays are not allowed", "." + member.name);
            continue;
        }
        if (!element->repeats && member.values.size() > 1)
            _context.error("structure", "Element '" + member.name + "' does not repeat", "." + member.name);
        const TypeDefinition* elementType = type.typeOf(*element);
        for (std::size_t i = 0; i < member.values.size(); ++i)
        {
            ValidationContext::Step step(_context, member.name, element->repeats, i);
            checkValue(member.values[i], elementType);
        }
    }
    if (present == 0 && !node.isPrimitive())
        _context.error("structure", "Empty objects are not allowed");

    const auto elements = type.elements();
    std::size_t i = 0;
    while (i < elements.size())
    {
        std::size_t end = i + 1;
        while (end < elements.size() && elements[end].order == elements[i].order)
            ++end;
        std::size_t count = 0;
        for (std::size_t k = i; k < end; ++k)
        {
            const Node::Member* member = node.find(elements[k].name);
            if (member && !member->values.empty())
                ++count;
        }
        const std::string name = displayName(elements[i]);
        if (count == 0 && elements[i].min > 0)
            _context.error("required", "Required element '" + name + "' is missing",
                           elements[i].choice ? std::string() : "." + name);
        if (count > 1 && elements[i].choice)
            _context.error("structure", "Only one type of the choice element '" + name + "' may be present");
        i = end;
    }
}

void StructureChecker::checkValue(const Node& value, const TypeDefinition* type)
{
    if (!type)
    {
        const TypeDefinition* nestedType =
            value.kind() == Node::Kind::Object ? findResourceType(value.resourceType()) : nullptr;
        if (!nestedType)
        {
            _context.error("structure", "Expected a resource with a known resourceType");
            return;
        }
        ValidationContext::Step step(_context, ".ofType(" + std::string(nestedType->name()) + ")");
        _nested(value, *nestedType);
        return;
    }
    if (type->isPrimitive())
    {
        checkPrimitive(value, *type);
        return;
    }
    if (value.kind() != Node::Kind::Object)
    {
        _context.error("structure", "Expected an object (" + std::string(type->name()) + ")");
        return;
    }
    const bool wasRegulator = _regulator;
    if (type->name() == "Extension")
    {
        const Node* url = value.first("url");
        if (url && url->value() == APPOINTMENT_OPERATOR)
            _regulator = true;
    }
    checkMembers(value, *type, false);
    checkSasDatatype(type->name(), value, _regulator, _context);
    _regulator = wasRegulator;
}

void StructureChecker::checkPrimitive(const Node& value, const TypeDefinition& type)
{
    if (value.kind() == Node::Kind::Object)
    {
        _context.error("structure", "Expected a primitive value (" + std::string(type.name()) + "), not an object");
        return;
    }
    if (value.kind() == Node::Kind::Null)
    {
        if (value.members().empty())
            _context.error("structure", "A primitive without a value needs an id or an extension");
    }
    else if (value.kind() != type.valueKind())
    {
        _context.error("value",
                       std::string("Expected ") + kindName(type.valueKind()) + " (" + std::string(type.name()) + ")");
        return;
    }
    else if (value.kind() != Node::Kind::Boolean && !isValidPrimitive(type.name(), value.value()))
    {
        _context.error("value", value.value().empty() ? "Empty strings are not allowed"
                                                      : "Not a valid " + std::string(type.name()));
    }
    if (!value.members().empty())
    {
        static const TypeDefinition* const ELEMENT = findType("Element");
        checkMembers(value, *ELEMENT, false);
    }
}

} // namespace sas::fhir::validate
