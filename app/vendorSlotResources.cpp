#include "app/vendorSlotResources.h"

#include "app/formatInstant.h"
#include "fhir/search/canonicalInstant.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>

namespace sas::app
{
namespace
{

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr const char* SLOT_PROFILE = "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur";
constexpr const char* CPTS_SLOT_PROFILE =
    "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator";
constexpr const char* SCHEDULE_PROFILE = "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur";
constexpr const char* PRACTITIONER_PROFILE = "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur";
constexpr const char* ROLE_PROFILE = "http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur";
constexpr const char* LOCATION_PROFILE = "http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur";
constexpr const char* SLOT_TYPE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
constexpr const char* ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr const char* SPECIALTY_SYSTEM =
    "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
constexpr const char* APPOINTMENT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0276";
constexpr const char* IDENTIFIER_TYPE_SYSTEM = "http://interopsante.org/fhir/CodeSystem/fr-v2-0203";
constexpr const char* LOCATION_IDENTIFIER_TYPE_SYSTEM =
    "http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type";
constexpr const char* IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
constexpr const char* IDNST_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";
constexpr const char* LOCATION_ID = "place";

void string(Writer& w, const char* key, const std::string& value)
{
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void profile(Writer& w, const char* url)
{
    w.Key("profile");
    w.StartArray();
    w.String(url);
    w.EndArray();
}

void coding(Writer& w, const char* system, const std::string& code)
{
    w.StartObject();
    string(w, "system", system);
    string(w, "code", code);
    w.EndObject();
}

/// A CodeableConcept of one coding.
void codeableConcept(Writer& w, const char* system, const std::string& code)
{
    w.StartObject();
    w.Key("coding");
    w.StartArray();
    coding(w, system, code);
    w.EndArray();
    w.EndObject();
}

void textConcept(Writer& w, const std::string& text)
{
    w.StartObject();
    string(w, "text", text);
    w.EndObject();
}

void reference(Writer& w, const std::string& target)
{
    w.StartObject();
    string(w, "reference", target);
    w.EndObject();
}

void identifierType(Writer& w, const char* code)
{
    w.Key("type");
    codeableConcept(w, IDENTIFIER_TYPE_SYSTEM, code);
}

/// Characters of a FHIR id ([A-Za-z0-9\-\.]{1,64}); anything else becomes '-'.
std::string idPart(const std::string& text)
{
    std::string out;
    for (const char c : text)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '-';
    return out;
}

std::string fhirId(std::string id)
{
    if (id.empty())
        id = "unknown";
    if (id.size() > 64)
        id.resize(64);
    return id;
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& line : lines)
        if (!line.empty())
            out += (out.empty() ? "" : ", ") + line;
    return out;
}

std::string slotJson(const core::VendorSlot& slot, const VendorSlotResources& ids)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    string(w, "resourceType", "Slot");
    string(w, "id", ids.slotId);
    w.Key("meta");
    w.StartObject();
    profile(w, slot.flow == core::VendorFlow::Cpts ? CPTS_SLOT_PROFILE : SLOT_PROFILE);
    if (!slot.slotTypes.empty())
    {
        w.Key("security");
        w.StartArray();
        for (const auto& type : slot.slotTypes)
            coding(w, SLOT_TYPE_SYSTEM, type);
        w.EndArray();
    }
    w.EndObject();
    if (!slot.consultationTypes.empty() || !slot.visitReasons.empty())
    {
        w.Key("serviceType");
        w.StartArray();
        for (const auto& type : slot.consultationTypes)
            codeableConcept(w, ACT_CODE_SYSTEM, type);
        for (const auto& reason : slot.visitReasons)
            textConcept(w, reason);
        w.EndArray();
    }
    if (!slot.specialtyCodes.empty() || !slot.specialtyTexts.empty())
    {
        w.Key("specialty");
        w.StartArray();
        for (const auto& code : slot.specialtyCodes)
            codeableConcept(w, SPECIALTY_SYSTEM, code);
        for (const auto& text : slot.specialtyTexts)
            textConcept(w, text);
        w.EndArray();
    }
    w.Key("appointmentType");
    codeableConcept(w, APPOINTMENT_TYPE_SYSTEM, slot.walkIn ? "WALKIN" : "ROUTINE");
    w.Key("schedule");
    reference(w, "Schedule/" + ids.scheduleId);
    string(w, "status", "free");
    string(w, "start", instantWithMilliseconds(slot.startText, slot.start));
    string(w, "end", instantWithMilliseconds(slot.endText, slot.end));
    if (!slot.bookingLink.empty())
        string(w, "comment", slot.bookingLink);
    w.EndObject();
    return buffer.GetString();
}

std::string scheduleJson(const VendorSlotResources& ids)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    string(w, "resourceType", "Schedule");
    string(w, "id", ids.scheduleId);
    w.Key("meta");
    w.StartObject();
    profile(w, SCHEDULE_PROFILE);
    w.EndObject();
    w.Key("actor");
    w.StartArray();
    reference(w, "Practitioner/" + ids.practitionerId);
    reference(w, "PractitionerRole/" + ids.roleId);
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

std::string practitionerJson(const core::VendorSlot& slot, const VendorSlotResources& ids)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    string(w, "resourceType", "Practitioner");
    string(w, "id", ids.practitionerId);
    w.Key("meta");
    w.StartObject();
    profile(w, PRACTITIONER_PROFILE);
    w.EndObject();
    w.Key("identifier");
    w.StartArray();
    w.StartObject();
    identifierType(w, "IDNPS");
    string(w, "system", IDNPS_SYSTEM);
    string(w, "value", slot.target);
    w.EndObject();
    w.EndArray();
    if (!slot.practitionerFamily.empty() || !slot.practitionerGiven.empty())
    {
        w.Key("name");
        w.StartArray();
        w.StartObject();
        if (!slot.practitionerFamily.empty())
            string(w, "family", slot.practitionerFamily);
        if (!slot.practitionerGiven.empty())
        {
            w.Key("given");
            w.StartArray();
            w.String(slot.practitionerGiven.c_str());
            w.EndArray();
        }
        w.EndObject();
        w.EndArray();
    }
    w.EndObject();
    return buffer.GetString();
}

std::string roleJson(const core::VendorSlot& slot, const VendorSlotResources& ids, const std::string& vendorBase)
{
    const core::VendorPlace& place = slot.place;
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    string(w, "resourceType", "PractitionerRole");
    string(w, "id", ids.roleId);
    w.Key("meta");
    w.StartObject();
    profile(w, ROLE_PROFILE);
    w.EndObject();
    w.Key("contained");
    w.StartArray();
    w.StartObject();
    string(w, "resourceType", "Location");
    string(w, "id", LOCATION_ID);
    w.Key("meta");
    w.StartObject();
    profile(w, LOCATION_PROFILE);
    w.EndObject();
    // FrLocation needs an identifier with a system: the vendor's own for its place, else the role's id in the
    // vendor's namespace (its base URL).
    w.Key("identifier");
    w.StartArray();
    w.StartObject();
    w.Key("type");
    codeableConcept(w, LOCATION_IDENTIFIER_TYPE_SYSTEM, "INTRN");
    const bool own = !place.vendorLocationId.empty() && !place.vendorLocationSystem.empty();
    string(w, "system", own ? place.vendorLocationSystem : vendorBase);
    string(w, "value", own ? place.vendorLocationId : ids.roleId);
    w.EndObject();
    w.EndArray();
    if (!place.name.empty())
        string(w, "name", place.name);
    if (const std::string phone = internationalPhone(place.phone); !phone.empty())
    {
        w.Key("telecom");
        w.StartArray();
        w.StartObject();
        string(w, "system", "phone");
        string(w, "value", phone);
        w.EndObject();
        w.EndArray();
    }
    // FrLocationAgregateur: one address line (the vendor's joined), city and postal code.
    const std::string line = joined(place.lines);
    if (!line.empty() || !place.city.empty() || !place.postalCode.empty())
    {
        w.Key("address");
        w.StartObject();
        if (!line.empty())
        {
            w.Key("line");
            w.StartArray();
            w.String(line.c_str());
            w.EndArray();
        }
        if (!place.city.empty())
            string(w, "city", place.city);
        if (!place.postalCode.empty())
            string(w, "postalCode", place.postalCode);
        w.EndObject();
    }
    w.EndObject();
    w.EndArray();
    w.Key("practitioner");
    reference(w, "Practitioner/" + ids.practitionerId);
    if (!slot.organizationId.empty())
    {
        w.Key("organization");
        w.StartObject();
        w.Key("identifier");
        w.StartObject();
        identifierType(w, "IDNST");
        string(w, "system", IDNST_SYSTEM);
        string(w, "value", slot.organizationId);
        w.EndObject();
        w.EndObject();
    }
    w.Key("location");
    w.StartArray();
    reference(w, std::string("#") + LOCATION_ID);
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

} // namespace

std::string internationalPhone(const std::string& phone)
{
    std::string digits;
    for (const char c : phone)
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '+' && digits.empty()))
            digits += c;
    if (digits.size() == 10 && digits[0] == '0')
        return "+33" + digits.substr(1);
    if (digits.size() == 13 && digits.compare(0, 4, "0033") == 0)
        return "+33" + digits.substr(4);
    return digits;
}

std::string instantWithMilliseconds(const std::string& text, std::chrono::system_clock::time_point fallback)
{
    if (auto canonical = fhir::search::canonicalInstant(text))
        return *canonical;
    const std::string utc = formatInstant(fallback);
    return fhir::search::canonicalInstant(utc).value_or(utc);
}

VendorSlotResources vendorSlotResources(const core::VendorSlot& slot, const std::string& vendorBase)
{
    VendorSlotResources out;
    out.slotId = fhirId(idPart(slot.slotId));
    out.practitionerId = fhirId(idPart(slot.target));
    // One role (and its schedule) per practitioner and place, the place known by the vendor's id or postal code.
    const std::string& place = !slot.place.vendorLocationId.empty() ? slot.place.vendorLocationId : slot.place.postalCode;
    out.roleId = fhirId(out.practitionerId + (place.empty() ? "" : "-" + idPart(place)));
    out.scheduleId = out.roleId;
    out.slot = slotJson(slot, out);
    out.schedule = scheduleJson(out);
    out.practitioner = practitionerJson(slot, out);
    out.practitionerRole = roleJson(slot, out, vendorBase);
    return out;
}

} // namespace sas::app
