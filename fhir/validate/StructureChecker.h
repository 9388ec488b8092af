#pragma once

#include "fhir/model/Node.h"
#include "fhir/model/TypeDefinitions.h"
#include "fhir/validate/ValidationContext.h"

#include <functional>

namespace sas::fhir::validate
{

/// The base rules every resource must meet whatever its profile, for trees built in code as for trees read from
/// JSON or XML: the R4 structure (known elements, single values where the element does not repeat, R4 minimum
/// cardinalities, one type per choice, JSON kinds and lexical forms of primitives by isValidPrimitive), no empty
/// arrays, objects or strings, and the SAS datatype rules of checkSasDatatype. Nested resources (Bundle entries,
/// contained resources) are handed to `nested` with the context path at `….ofType(Type)`.
class StructureChecker
{
public:
    using Nested = std::function<void(const Node& resource, const TypeDefinition& type)>;

    /// `regulator`: the resource is a regulator account (FrPractitionerRegul), see checkSasDatatype.
    StructureChecker(ValidationContext& context, Nested nested, bool regulator)
        : _context(context), _nested(std::move(nested)), _regulator(regulator)
    {
    }

    /// Checks a resource whose path is already the context's.
    void checkResource(const Node& resource, const TypeDefinition& type);

private:
    void checkMembers(const Node& node, const TypeDefinition& type, bool resource);
    void checkValue(const Node& value, const TypeDefinition* type);
    void checkPrimitive(const Node& value, const TypeDefinition& type);

    ValidationContext& _context;
    Nested _nested;
    bool _regulator;
};

} // namespace sas::fhir::validate
