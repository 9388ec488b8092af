#include "adapters/rpps/ActivityMapper.h"

#include "adapters/rpps/normalisePhone.h"

#include <cctype>
#include <cstdio>

namespace sas::adapters::rpps
{
namespace
{

using F = RppsField;

bool allDigits(std::string_view text)
{
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return !text.empty();
}

void append(std::string& out, std::string_view part, std::string_view separator = " ")
{
    if (part.empty())
        return;
    if (!out.empty())
        out += separator;
    out += part;
}

/// "9 B Route DE BESANCON, BP 12, 25300 DOUBS"
std::string addressOf(const RppsLine& line, std::string_view postcode)
{
    std::string street;
    append(street, line[F::StreetNumber]);
    append(street, line[F::StreetRepeat]);
    append(street, line[F::StreetTypeLabel].empty() ? line[F::StreetTypeCode] : line[F::StreetTypeLabel]);
    append(street, line[F::StreetName]);
    std::string address;
    append(address, line[F::GeoComplement], ", ");
    append(address, street, ", ");
    append(address, line[F::Distribution], ", ");
    std::string city(postcode);
    std::string_view commune = line[F::CommuneLabel];
    if (commune.empty())
    {
        // "25300 DOUBS CEDEX 2": the bureau distributeur after its postcode.
        std::string_view cedex = line[F::Cedex];
        const auto space = cedex.find(' ');
        commune = space == std::string_view::npos ? std::string_view() : cedex.substr(space + 1);
    }
    append(city, commune);
    append(address, city, ", ");
    return address;
}

/// Département of a postcode when the commune is unknown to the table: "33000" → "33", "97411" → "974",
/// "20090" → "" (Corse: 2A or 2B, the postcode alone does not say).
std::string departementOfPostcode(std::string_view postcode)
{
    if (postcode.size() != 5 || !allDigits(postcode))
        return {};
    if (postcode.substr(0, 2) == "97" || postcode.substr(0, 2) == "98")
        return std::string(postcode.substr(0, 3));
    if (postcode.substr(0, 2) == "20")
        return {};
    return std::string(postcode.substr(0, 2));
}

std::uint64_t fnv1a(std::string_view text)
{
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text)
    {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string alphanumeric(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += c;
    return out;
}

} // namespace

ActivityMapper::ActivityMapper(SasActivityFilter filter, const core::Geocoder& geocoder, std::set<std::string> departements)
    : _filter(std::move(filter)), _geocoder(geocoder), _departements(std::move(departements))
{
}

const char* ActivityMapper::timeZoneOf(const std::string& departement)
{
    if (departement == "971" || departement == "977" || departement == "978")
        return "America/Guadeloupe";
    if (departement == "972")
        return "America/Martinique";
    if (departement == "973")
        return "America/Cayenne";
    if (departement == "974")
        return "Indian/Reunion";
    if (departement == "975")
        return "America/Miquelon";
    if (departement == "976")
        return "Indian/Mayotte";
    return "Europe/Paris";
}

std::string ActivityMapper::placeId(const std::string& practitionerId, const RppsLine& line, const std::string& address)
{
    // The source's structure id names the site; without one, the address does (hashed: ids stay short and
    // carry no address in URLs and logs).
    std::string site = alphanumeric(line[F::StructureRef]);
    if (site.empty() && !line[F::Siret].empty())
        site = "S" + alphanumeric(line[F::Siret]);
    if (site.empty() && !line[F::FinessSite].empty())
        site = "F" + alphanumeric(line[F::FinessSite]);
    if (site.empty())
    {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(address)));
        site = std::string("A") + hex;
    }
    return practitionerId + "-" + site;
}

const ActivityMapper::Located& ActivityMapper::locate(std::string_view insee, std::string_view postcode)
{
    std::string key(insee);
    key += '|';
    key += postcode;
    auto cached = _located.find(key);
    if (cached != _located.end())
        return cached->second;
    Located located;
    core::LocationQuery query;
    query.inseeCode = std::string(insee);
    query.postcode = std::string(postcode);
    auto found = _geocoder.geocode(query);
    if (!found && !insee.empty() && !postcode.empty())
    {
        // An INSEE code the table does not know (merged commune): the postcode still places it.
        query.inseeCode.clear();
        found = _geocoder.geocode(query);
    }
    if (found)
    {
        located.found = true;
        located.point = found->centre;
        located.departement = found->departement;
        located.inseeCode = found->inseeCode.empty() ? std::string(insee) : found->inseeCode;
        located.precision = query.inseeCode.empty() ? core::GeoPrecision::Postcode : core::GeoPrecision::Commune;
    }
    return _located.emplace(std::move(key), std::move(located)).first->second;
}

MappedLine ActivityMapper::map(const RppsLine& line, std::uint32_t lineNumber)
{
    const std::string_view code = _filter.searchCode(line[F::ProfessionCode], line[F::SkillCode]);
    if (code.empty())
        return NotSas{};

    core::ImportedActivity activity;
    activity.line = lineNumber;
    core::Practitioner& practitioner = activity.practitioner;
    const std::string_view type = line[F::IdType];
    if (type == "8")
        practitioner.nationalId = {core::NationalId::Kind::Rpps, std::string(line[F::Id])};
    else if (type == "0")
        practitioner.nationalId = {core::NationalId::Kind::Adeli, std::string(line[F::Id])};
    else
        return LineProblem{"unknown identifier type", "type '" + std::string(type.substr(0, 4)) + "'"};
    if (!core::isValidNationalId(practitioner.nationalId))
        return LineProblem{"invalid RPPS/ADELI number", type == "8" ? "RPPS is 11 digits" : "ADELI is 9 characters"};
    practitioner.id = practitioner.nationalId.prefixed();
    if (!line[F::NationalId].empty() && line[F::NationalId] != practitioner.id)
        return LineProblem{"national identifier disagrees with type and number", {}};
    if (line[F::FamilyName].empty())
        return LineProblem{"missing practitioner name", {}};
    practitioner.familyName = std::string(line[F::FamilyName]);
    practitioner.givenName = std::string(line[F::GivenName]);
    practitioner.profession = std::string(line[F::ProfessionLabel]);
    practitioner.specialties.emplace_back(code);
    activity.civility = std::string(line[F::PracticeCivility].empty() ? line[F::Civility] : line[F::PracticeCivility]);

    std::string_view postcode = line[F::Postcode];
    if (postcode.empty() && line[F::Cedex].size() >= 5 && allDigits(line[F::Cedex].substr(0, 5)))
        postcode = line[F::Cedex].substr(0, 5);
    const std::string_view insee = line[F::InseeCode];
    const bool hasAddress = !postcode.empty() || !insee.empty();
    const Located* located = hasAddress ? &locate(insee, postcode) : nullptr;

    std::string departement;
    if (located && located->found)
        departement = located->departement;
    else if (!insee.empty())
        departement = insee.size() == 5 && (insee.substr(0, 2) == "97" || insee.substr(0, 2) == "98")
                          ? std::string(insee.substr(0, 3))
                          : std::string(insee.substr(0, 2));
    else
        departement = departementOfPostcode(postcode);
    if (!_departements.empty() && !_departements.count(departement))
        return OutOfScope{};

    if (located && located->found)
    {
        core::ImportedPlace imported;
        core::Place& place = imported.place;
        place.practitionerId = practitioner.id;
        place.address = addressOf(line, postcode);
        place.postcode = std::string(postcode);
        place.inseeCode = located->inseeCode;
        place.departement = departement;
        place.location = located->point;
        place.timeZone = timeZoneOf(departement);
        for (F phone : {F::Phone, F::Phone2})
            if (auto normalised = normalisePhone(line[phone]))
            {
                place.phone = std::move(*normalised);
                break;
            }
        place.id = placeId(practitioner.id, line, place.address);
        imported.siret = std::string(line[F::Siret]);
        imported.finess = std::string(line[F::FinessSite]);
        imported.structureRef = std::string(line[F::StructureRef]);
        imported.precision = located->precision;
        activity.place = std::move(imported);
    }
    return activity;
}

} // namespace sas::adapters::rpps
