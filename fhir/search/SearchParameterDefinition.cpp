#include "fhir/search/SearchParameterDefinition.h"

namespace sas::fhir::search
{

const char* toString(ParamType type)
{
    switch (type)
    {
    case ParamType::Number:
        return "number";
    case ParamType::Date:
        return "date";
    case ParamType::String:
        return "string";
    case ParamType::Token:
        return "token";
    case ParamType::Reference:
        return "reference";
    case ParamType::Composite:
        return "composite";
    case ParamType::Quantity:
        return "quantity";
    case ParamType::Uri:
        return "uri";
    case ParamType::Special:
        return "special";
    }
    return "special";
}

} // namespace sas::fhir::search
