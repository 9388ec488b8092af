#pragma once

#include "core/model/VendorSlot.h"

#include <string>

namespace sas::app
{

/// One pulled vendor slot as the IG's SAS resources (compact FHIR JSON), for the façade's own Slot searches: built
/// from what the gateway understood of the vendor's answer (core::VendorSlot), not copied from it, so the shapes
/// are the profiles' even when the vendor's were sloppy. Ids are valid FHIR ids; no element is empty.
struct VendorSlotResources
{
    std::string slotId;
    std::string scheduleId;
    std::string practitionerId;
    std::string roleId;
    /// FrSlotAgregateur (INT_R01) or sas-cpts-slot-aggregator (INT_R04): security TRE-R314, serviceType
    /// v3-ActCode and text reasons, specialty TRE-R38, status free, start/end with milliseconds in the offset the
    /// vendor wrote, `comment` the INT_SSO booking link (origin=sas) when the vendor gave one.
    std::string slot;
    /// FrScheduleAgregateur; actors the Practitioner and the PractitionerRole.
    std::string schedule;
    /// FrPractitionerAgregateur: the prefixed RPPS/ADELI (IDNPS) and the name.
    std::string practitioner;
    /// FrPractitionerRoleExerciceAgregateur with its FrLocationAgregateur contained (`#place`), phone as +33.
    std::string practitionerRole;
};

/// The vendor's ids are not all known (a Schedule may name its practitioner by identifier only), so the
/// Schedule, Practitioner and PractitionerRole ids are derived from the prefixed identifier and the place: the
/// same practitioner at the same place gets the same ids in every search. `vendorBase` (the vendor's base URL) is
/// the identifier system of a place the vendor gave no identifier with a system for.
VendorSlotResources vendorSlotResources(const core::VendorSlot& slot, const std::string& vendorBase);

/// "+33…" for a French number written nationally ("01 23 45 67 89", "0123456789", "0033…"); other text is kept
/// without its separators.
std::string internationalPhone(const std::string& phone);

/// A slot time as the gateway stores its own (fhir::search::canonicalInstant: milliseconds, the offset written kept,
/// `Z` becoming the Europe/Paris offset); `fallback` the same way when `text` is not an instant.
std::string instantWithMilliseconds(const std::string& text, std::chrono::system_clock::time_point fallback);

} // namespace sas::app
