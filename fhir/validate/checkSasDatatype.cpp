#include "fhir/validate/checkSasDatatype.h"

#include <algorithm>

namespace sas::fhir::validate
{

namespace
{

constexpr std::string_view PS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
constexpr std::string_view STRUCTURE_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAlnum(char c)
{
    return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool allOf(std::string_view text, bool (*predicate)(char))
{
    return std::all_of(text.begin(), text.end(), predicate);
}

/// `8` + 11-digit RPPS, or `0` + 9-character ADELI (digits, or 2A/2B for Corsica).
bool isProfessionalId(std::string_view value)
{
    if (value.size() == 12 && value[0] == '8')
        return allOf(value.substr(1), isDigit);
    return value.size() == 10 && value[0] == '0' && allOf(value.substr(1), isAlnum);
}

/// `1` + FINESS (9 characters), `3` + SIRET (14 digits), `4` + RPPS rang, `0` + ADELI rang.
bool isStructureId(std::string_view value)
{
    if (value.empty())
        return false;
    const std::string_view rest = value.substr(1);
    switch (value[0])
    {
    case '1':
        return rest.size() == 9 && allOf(rest, isAlnum);
    case '3':
        return rest.size() == 14 && allOf(rest, isDigit);
    case '4':
    case '0':
        return rest.size() >= 9 && std::all_of(rest.begin(), rest.end(), [](char c) { return isAlnum(c) || c == '/'; });
    default:
        return false;
    }
}

/// An OID written bare ("1.2.250.1.71.4.2.1").
bool isBareOid(std::string_view system)
{
    if (system.size() < 3 || system[0] < '0' || system[0] > '2' || system[1] != '.')
        return false;
    return std::all_of(system.begin(), system.end(), [](char c) { return isDigit(c) || c == '.'; });
}

bool isFrenchPhone(std::string_view value)
{
    return value.size() == 12 && value.starts_with("+33") && allOf(value.substr(3), isDigit);
}

std::string_view valueOf(const Node& node, std::string_view name)
{
    const Node* member = node.first(name);
    return member && member->isPrimitive() ? std::string_view(member->value()) : std::string_view();
}

} // namespace

void checkSasDatatype(std::string_view typeName, const Node& value, bool regulator, ValidationContext& context)
{
    if (typeName == "Identifier")
    {
        const std::string_view system = valueOf(value, "system");
        const std::string_view id = valueOf(value, "value");
        if (isBareOid(system))
            context.error("value", "An OID identifier system must be written urn:oid:<oid> (SAS IG §2.19)", ".system");
        if (regulator || id.empty())
            return;
        if (system == PS_SYSTEM && !isProfessionalId(id))
            context.error("value",
                          "A health-professional identifier in urn:oid:1.2.250.1.71.4.2.1 must be prefixed: 8 and "
                          "the 11-digit RPPS, or 0 and the 9-character ADELI (SAS IG §2.19, §6.2)",
                          ".value");
        else if (system == STRUCTURE_SYSTEM && !isStructureId(id))
            context.error("value",
                          "A structure identifier in urn:oid:1.2.250.1.71.4.2.2 must be prefixed: 1 and the FINESS, 3 "
                          "and the 14-digit SIRET, 4 and the RPPS rang, or 0 and the ADELI rang (SAS IG §2.19, §6.2)",
                          ".value");
    }
    else if (typeName == "ContactPoint")
    {
        const std::string_view number = valueOf(value, "value");
        if (valueOf(value, "system") == "phone" && !number.empty() && !isFrenchPhone(number))
            context.error("value", "A phone number must be written +33 followed by 9 digits (SAS IG §6.3)", ".value");
    }
}

} // namespace sas::fhir::validate
