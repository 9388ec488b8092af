#pragma once

namespace sas::fhir
{

/// What a FHIR type is: a primitive (a JSON scalar, an XML `value` attribute), a complex datatype, a backbone
/// element declared inside a resource or datatype ("Appointment.participant"), or a resource.
enum class TypeKind
{
    Primitive,
    Complex,
    Backbone,
    Resource,
};

} // namespace sas::fhir
