#include "adapters/lrm/parseContextualCall.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <string_view>

namespace sas::adapters::lrm
{
namespace
{

using Decision = ContextualCall::Decision;
using SpecialtyKind = ContextualCall::Specialty::Kind;
using DoctorKind = ContextualCall::PreferredDoctor::Kind;

constexpr const char* IDNPS_OID = "urn:oid:1.2.250.1.71.4.2.1";

const std::array<const char*, 9> KNOWN_KEYS{"origin", "streetnumber", "streetname", "inseecode", "city",
                                            "specialty",  "practitioner", "loc", "text"};

/// The NOS code systems of JDV_J239 by OID, for `urn:oid:<oid>|<code>` specialties.
const std::array<std::pair<const char*, const char*>, 2> SPECIALTY_SYSTEMS{{
    {"1.2.250.1.213.2.28", "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale"},
    {"1.2.250.1.71.1.2.7", "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante"},
}};

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

bool inRange(const std::string& code, int low, int high)
{
    if (code.size() != 5 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const int value = std::stoi(code);
    return value >= low && value <= high;
}

/// The communes the platform names by a fixed table: their arrondissements have codes of their own.
std::string arrondissementCity(const std::string& insee)
{
    if (insee == "75056" || inRange(insee, 75101, 75120))
        return "Paris";
    if (insee == "69123" || inRange(insee, 69381, 69389))
        return "Lyon";
    if (insee == "13055" || inRange(insee, 13201, 13216))
        return "Marseille";
    return {};
}

/// The département key of an INSEE code: three characters for overseas codes (97x, 98x), else two ("2A").
std::string departementKey(const std::string& insee)
{
    static const std::regex OVERSEAS("^(97|98)[0-9]{3}$");
    return std::regex_match(insee, OVERSEAS) ? insee.substr(0, 3) : insee.substr(0, 2);
}

/// "BOURG EN BRESSE" → "Bourg En Bresse": the reference table writes names in capitals.
std::string displayName(const std::string& name)
{
    std::string out = name;
    bool wordStart = true;
    for (char& c : out)
    {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (letter)
        {
            if (wordStart)
                c = static_cast<char>(c >= 'a' ? c - 32 : c);
            else
                c = static_cast<char>(c <= 'Z' ? c + 32 : c);
        }
        wordStart = c == ' ' || c == '-' || c == '\'';
    }
    return out;
}

void composeAddress(const LenientQuery& query, const ContextualCallReferences& references, ContextualCall& call)
{
    const std::string& number = query.get("streetnumber");
    std::copy_if(number.begin(), number.end(), std::back_inserter(call.streetNumber),
                 [](char c) { return c >= '0' && c <= '9'; });
    call.streetName = ucwords(query.get("streetname"));

    std::string insee = query.get("inseecode");
    if (!insee.empty())
    {
        if (insee.size() < 5)
            insee.insert(0, 5 - insee.size(), '0');
        call.inseeCode = insee;
        call.city = arrondissementCity(insee);
        if (call.city.empty())
            if (auto commune = references.communes.byInsee(insee))
                call.city = displayName(commune->name);
        // An unknown code leaves the city empty: the `city` parameter is not a fallback (the platform's rule).
        if (!call.city.empty())
        {
            call.departement = departementKey(insee);
            if (call.city != "Paris")
                call.departementLabel = references.communes.departementLabel(call.departement).value_or("");
        }
    }
    else
        call.city = ucwords(query.get("city"));

    const bool numberWithoutStreet = !number.empty() && trim(call.streetName).empty();
    if (call.city.empty() || numberWithoutStreet)
    {
        call.decision = Decision::RedirectHome;
        call.events.push_back({"LrmUrlAddressResult", "failed"});
        call.events.push_back({"LrmRedirectionStatus", "search_homepage"});
        return;
    }
    std::string address;
    for (const std::string& part :
         {trim(call.streetNumber + " " + call.streetName), call.city, call.departementLabel})
        if (!part.empty())
            address += (address.empty() ? "" : ", ") + part;
    call.addressString = address;
    call.decision = Decision::Search;
    call.events.push_back({"LrmUrlAddressResult", "success"});
}

bool isDigitByte(char c)
{
    return c >= '0' && c <= '9';
}

/// The language of the platform's `\d+(.\d+)+` (lrm-hub.md §1.3; its dot unescaped: any character but a line
/// break), decided in one pass: std::regex backtracks exponentially on a long run of digits (found by fuzzing).
/// Digits at both ends, every other character alone between two digits, and at least three characters.
bool matchesPlatformOid(std::string_view text)
{
    if (text.size() < 3 || !isDigitByte(text.front()) || !isDigitByte(text.back()))
        return false;
    for (std::size_t i = 1; i + 1 < text.size(); ++i)
        if (!isDigitByte(text[i]) &&
            (text[i] == '\n' || text[i] == '\r' || !isDigitByte(text[i - 1]) || !isDigitByte(text[i + 1])))
            return false;
    return true;
}

/// `urn:oid:<oid>|<code>` as the platform's `^urn:oid:(\d+(.\d+)+)[|]([A-Za-z0-9]+)$` reads it: the code is what
/// follows the last '|'.
bool splitNormedSpecialty(const std::string& value, std::string& oid, std::string& code)
{
    constexpr std::string_view PREFIX = "urn:oid:";
    const std::size_t bar = value.rfind('|');
    if (value.rfind(PREFIX, 0) != 0 || bar == std::string::npos || bar < PREFIX.size() || bar + 1 == value.size())
        return false;
    for (std::size_t i = bar + 1; i < value.size(); ++i)
        if (!std::isalnum(static_cast<unsigned char>(value[i])))
            return false;
    const std::string_view candidate = std::string_view(value).substr(PREFIX.size(), bar - PREFIX.size());
    if (!matchesPlatformOid(candidate))
        return false;
    oid = std::string(candidate);
    code = value.substr(bar + 1);
    return true;
}

void readSpecialty(const LenientQuery& query, const ContextualCallReferences& references, ContextualCall& call)
{
    auto& specialty = call.specialty;
    const std::string& value = query.get("specialty");
    std::string normedOid;
    std::string normedCode;
    if (value.empty())
    {
        specialty.kind = SpecialtyKind::NotTransmitted;
        specialty.label = DEFAULT_SPECIALTY_LABEL;
        call.events.push_back({"LrmSpecialtyUrlFormat", "notTransmitted"});
    }
    else if (splitNormedSpecialty(value, normedOid, normedCode))
    {
        specialty.kind = SpecialtyKind::Normed;
        specialty.oid = normedOid;
        specialty.code = normedCode;
        for (const auto& [oid, system] : SPECIALTY_SYSTEMS)
            if (specialty.oid == oid)
                if (auto found = references.specialties.resolve(std::string(system) + "|" + specialty.code))
                    specialty.label = found->display;
        if (specialty.label.empty())
            specialty.label = DEFAULT_SPECIALTY_LABEL;
        call.events.push_back({"LrmSpecialtyUrlFormat", "normed"});
    }
    else
    {
        specialty.kind = SpecialtyKind::FullText;
        specialty.label = value;
        call.events.push_back({"LrmSpecialtyUrlFormat", "fullText"});
    }
}

void rejectDoctor(ContextualCall::PreferredDoctor& doctor, const char* code, const char* message)
{
    doctor = {};
    doctor.errorCode = code;
    doctor.errorMessage = message;
}

void readPreferredDoctor(const LenientQuery& query, ContextualCall& call)
{
    auto& doctor = call.preferredDoctor;
    const std::string& value = query.get("practitioner");
    if (value.empty())
    {
        rejectDoctor(doctor, "sas_pf_002", PREFERRED_DOCTOR_NOT_GIVEN);
        call.events.push_back({"LrmPractitionerUrlFormat", "notTransmitted"});
        return;
    }
    if (value.rfind(IDNPS_OID, 0) == 0)
    {
        call.events.push_back({"LrmPractitionerUrlFormat", "normed"});
        const std::size_t bar = value.find('|');
        const std::string identifier = bar == std::string::npos ? std::string() : value.substr(bar + 1);
        const std::string rest = identifier.empty() ? std::string() : identifier.substr(1);
        // Only the prefix 8 (RPPS) and the length are checked, as the platform does; the directory lookup does
        // the rest.
        if (identifier.empty() || identifier[0] != '8' || rest.size() != 11 || rest.find('|') != std::string::npos)
        {
            rejectDoctor(doctor, "sas_pf_001", PREFERRED_DOCTOR_NOT_IDENTIFIED);
            return;
        }
        doctor.kind = DoctorKind::Normed;
        doctor.rpps = rest;
        return;
    }
    if (value.find("urn") != std::string::npos || value.find("oid") != std::string::npos ||
        value.find(':') != std::string::npos)
    {
        call.events.push_back({"LrmPractitionerUrlFormat", "invalid"});
        rejectDoctor(doctor, "sas_pf_001", PREFERRED_DOCTOR_NOT_IDENTIFIED);
        return;
    }
    call.events.push_back({"LrmPractitionerUrlFormat", "fullText"});
    doctor.kind = DoctorKind::FullText;
    doctor.text = value;
}

} // namespace

std::string ucwords(std::string text)
{
    bool wordStart = true;
    for (char& c : text)
    {
        if (wordStart && c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 32);
        wordStart = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    }
    return text;
}

ContextualCall parseContextualCall(const LenientQuery& query, const ContextualCallReferences& references)
{
    ContextualCall call;
    call.notices = query.notices;
    for (const std::string& key : query.keys)
        if (std::find_if(KNOWN_KEYS.begin(), KNOWN_KEYS.end(), [&key](const char* known) { return key == known; }) ==
            KNOWN_KEYS.end())
            call.ignoredParameters.push_back(key);

    if (!query.has("origin"))
    {
        call.decision = Decision::NotLrm;
        call.loc = query.get("loc");
        call.text = query.get("text");
        return call;
    }
    call.origin = query.get("origin");
    const LrmInstallation* installation = references.origins.findActive(call.origin);
    if (installation == nullptr)
    {
        call.decision = Decision::OriginError;
        call.events.push_back({"LrmRedirectionStatus", "search_error"});
        return call;
    }
    call.dialect = installation->dialect;
    composeAddress(query, references, call);
    readSpecialty(query, references, call);
    readPreferredDoctor(query, call);
    if (call.decision == Decision::Search)
        call.events.push_back({"LrmRedirectionStatus", "search_page"});
    return call;
}

} // namespace sas::adapters::lrm
