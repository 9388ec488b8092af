#include "fhir/validate/builtinValueSet.h"

#include <string>
#include <vector>

namespace sas::fhir::validate
{

namespace
{

constexpr std::string_view HL7 = "http://hl7.org/fhir/";
constexpr std::string_view ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr std::string_view TYPE_CRENEAU =
    "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
constexpr std::string_view SAS_VS = "https://interop.esante.gouv.fr/ig/fhir/sas/ValueSet/";

/// A value set of one code system; `set` points into `url` and `system` once the table is complete.
struct Entry
{
    std::string url;
    std::string system;
    ValueSet set;
};

std::vector<Entry> makeTable()
{
    std::vector<Entry> table;
    auto add = [&table](std::string url, std::string system, std::initializer_list<std::string_view> codes)
    {
        Entry entry{std::move(url), std::move(system), {}};
        for (std::string_view code : codes)
            entry.set.concepts.push_back(Concept{{}, code});
        table.push_back(std::move(entry));
    };
    const std::string hl7(HL7);
    const std::string sas(SAS_VS);
    // HL7 FHIR R4 (4.0.1) code systems bound `required` by the SAS profiles or their R4 base.
    add(hl7 + "ValueSet/slotstatus", hl7 + "slotstatus",
        {"busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"});
    add(hl7 + "ValueSet/appointmentstatus", hl7 + "appointmentstatus",
        {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error",
         "checked-in", "waitlist"});
    add(hl7 + "ValueSet/participationstatus", hl7 + "participationstatus",
        {"accepted", "declined", "tentative", "needs-action"});
    add(hl7 + "ValueSet/participantrequired", hl7 + "participantrequired",
        {"required", "optional", "information-only"});
    add(hl7 + "ValueSet/identifier-use", hl7 + "identifier-use", {"usual", "official", "temp", "secondary", "old"});
    add(hl7 + "ValueSet/contact-point-system", hl7 + "contact-point-system",
        {"phone", "fax", "email", "pager", "url", "sms", "other"});
    add(hl7 + "ValueSet/contact-point-use", hl7 + "contact-point-use", {"home", "work", "temp", "old", "mobile"});
    add(hl7 + "ValueSet/name-use", hl7 + "name-use",
        {"usual", "official", "temp", "nickname", "anonymous", "old", "maiden"});
    add(hl7 + "ValueSet/administrative-gender", hl7 + "administrative-gender", {"male", "female", "other", "unknown"});
    add(hl7 + "ValueSet/address-use", hl7 + "address-use", {"home", "work", "temp", "old", "billing"});
    add(hl7 + "ValueSet/address-type", hl7 + "address-type", {"postal", "physical", "both"});
    add(hl7 + "ValueSet/days-of-week", hl7 + "days-of-week", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    add(hl7 + "ValueSet/location-status", hl7 + "location-status", {"active", "suspended", "inactive"});
    add(hl7 + "ValueSet/location-mode", hl7 + "location-mode", {"instance", "kind"});
    add(hl7 + "ValueSet/bundle-type", hl7 + "bundle-type",
        {"document", "message", "transaction", "transaction-response", "batch", "batch-response", "history",
         "searchset", "collection"});
    add(hl7 + "ValueSet/http-verb", hl7 + "http-verb", {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"});
    add(hl7 + "ValueSet/search-entry-mode", hl7 + "search-entry-mode", {"match", "include", "outcome"});
    // R4 v3-ActEncounterCode: _ActEncounterCode and its descendants.
    add("http://terminology.hl7.org/ValueSet/v3-ActEncounterCode", std::string(ACT_CODE),
        {"AMB", "EMER", "FLD", "HH", "IMP", "ACUTE", "NONAC", "OBSENC", "PRENC", "SS", "VR"});
    // SAS value sets (IG 1.2.0 §3.2); JDV_J165 from the narrative of FrSlotAgregateur.
    add("https://mos.esante.gouv.fr/NOS/JDV_J165-TypeCreneau-SAS/FHIR/JDV-J165-TypeCreneau-SAS",
        std::string(TYPE_CRENEAU), {"PUBLIC", "PRO", "SNP"});
    add(sas + "sas-cpts-valueset-typecreneau", std::string(TYPE_CRENEAU), {"PUBLIC", "SNP", "PRO", "CPTS"});
    add(sas + "sas-sos-valueset-typecreneau", std::string(TYPE_CRENEAU), {"PUBLIC", "SNP"});
    add(sas + "sas-valueset-typeconsultation", std::string(ACT_CODE), {"AMB", "HH", "VR"});
    add(sas + "sas-valueset-appointmentreason", "http://terminology.hl7.org/CodeSystem/v2-0276", {"ROUTINE", "WALKIN"});
    add(sas + "sas-valueset-categorieetablissement",
        "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement", {"604"});
    add(sas + "sas-valueset-participant-status", hl7 + "participationstatus", {"accepted", "needs-action"});
    add(sas + "sas-sos-valueset-participant-status", hl7 + "participationstatus", {"accepted", "needs-action"});
    add(sas + "sas-valueset-appointmentparticipanttype", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
        {"ADM"});
    add(sas + "sas-valueset-typeidentifiant", "http://interopsante.org/fhir/CodeSystem/fr-v2-0203", {"IDNPS", "INTRN"});
    return table;
}

} // namespace

const ValueSet* builtinValueSet(std::string_view url)
{
    static const std::vector<Entry> TABLE = []
    {
        std::vector<Entry> table = makeTable();
        for (Entry& entry : table)
        {
            entry.set.url = entry.url;
            for (Concept& item : entry.set.concepts)
                item.system = entry.system;
        }
        return table;
    }();
    url = url.substr(0, url.find('|'));
    for (const Entry& entry : TABLE)
        if (entry.url == url)
            return &entry.set;
    return nullptr;
}

} // namespace sas::fhir::validate
