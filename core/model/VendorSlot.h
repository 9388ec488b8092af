#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sas::core
{

/// Which of the IG's slot searches a vendor answers for a target (sas-ig.md §1.2–1.4).
enum class VendorFlow
{
    PractitionerIndividual, ///< INT_R01: GET Slot by prefixed RPPS/ADELI
    Cpts,                   ///< INT_R04: INT_R01 plus the CPTS HealthcareService/Organization includes
    Sos,                    ///< SOS Médecins: GET Schedule by prefixed SIRET of the association
};

/// "ps", "cpts", "sos": the spelling used in configuration and reports.
const char* toString(VendorFlow flow);

/// A consultation place as a vendor describes it (a PractitionerRole's contained Location, or an SOS Location).
struct VendorPlace
{
    std::string vendorLocationId; ///< the vendor's technical identifier value, when given
    std::string vendorLocationSystem = {}; ///< and its system
    std::string name;
    std::vector<std::string> lines;
    std::string city;
    std::string postalCode;
    std::string phone;
};

/// A CPTS a slot is visible to (sas-ig.md §8.B #23).
struct VendorCpts
{
    std::string finess; ///< prefixed with 1
    std::string name;
    std::string phone;
};

/// One free slot pulled from a vendor, attributed to the target it was asked for.
struct VendorSlot
{
    std::string vendorId;
    VendorFlow flow = VendorFlow::PractitionerIndividual;
    std::string target;      ///< the prefixed RPPS/ADELI (PS, CPTS) or prefixed SIRET (SOS) it belongs to
    std::string slotId;      ///< the vendor's Slot id
    std::chrono::system_clock::time_point start;
    std::chrono::system_clock::time_point end;
    std::string startText;   ///< as the vendor wrote it (keeps the place's offset)
    std::string endText;
    std::vector<std::string> slotTypes;         ///< TRE-R314 codes: PUBLIC, PRO, SNP, CPTS
    std::vector<std::string> consultationTypes; ///< v3-ActCode codes: AMB, HH, VR
    std::vector<std::string> visitReasons;      ///< text-only serviceType entries
    std::vector<std::string> specialtyCodes;    ///< TRE-R38 codes
    std::vector<std::string> specialtyTexts;    ///< text-only specialties (kept, not rejected)
    bool walkIn = false;     ///< appointmentType WALKIN: no booking possible
    std::string bookingUrl;  ///< Slot.comment as sent
    std::string bookingLink; ///< the INT_SSO link built from it (origin=sas); empty when the comment is no URL
    std::string practitionerFamily;
    std::string practitionerGiven;
    std::string organizationId;   ///< PractitionerRole.organization identifier, or the SOS association SIRET
    std::string organizationName;
    VendorPlace place;
    std::vector<VendorCpts> cpts;
};

} // namespace sas::core
