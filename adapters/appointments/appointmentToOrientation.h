#pragma once

#include "core/Result.h"
#include "core/orientation/OrientationInput.h"
#include "fhir/model/Node.h"

#include <functional>
#include <optional>
#include <string>

namespace sas::adapters::appointments
{

/// Names of a practitioner or structure found in the directory (the FHIR store).
struct DirectoryEntry
{
    std::string family;
    std::string given;
};

/// Looks an identifier (system, value) up among Practitioner ("Practitioner") or Organization resources.
using DirectoryLookup =
    std::function<core::Result<std::optional<DirectoryEntry>>(const std::string& type, const std::string& system,
                                                              const std::string& value)>;

inline constexpr const char* SOS_APPOINTMENT_PROFILE =
    "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment";
inline constexpr const char* OPERATOR_EXTENSION = "http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator";
inline constexpr const char* CATEGORY_EXTENSION =
    "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-categorie-orientation";
inline constexpr const char* IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
inline constexpr const char* IDNST_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";

/// An INT_R03 Appointment (already valid against FrAppointmentSAS or sas-sos-appointment) as an orientation change.
/// SAS rules beyond the profiles, answered 422 with the element's path: status booked, fulfilled, noshow or cancelled,
/// and pending for SOS Médecins only. The category is the `sas-categorie-orientation` extension when present, else SOS
/// for the SOS profile, else PS when a practitioner is named. `receivedAt` stands for a missing `created`.
core::Result<core::orientation::OrientationInput> appointmentToOrientation(const fhir::Node& appointment,
                                                                           const std::string& resourceId,
                                                                           core::Instant receivedAt,
                                                                           const DirectoryLookup& lookup);

} // namespace sas::adapters::appointments

#include "fhir/store/ResourceStore.h"

namespace sas::adapters::appointments
{

/// An Appointment's business key, its first identifier (system|value): a repeated POST with the same identifier
/// updates the appointment it names rather than creating a second one. nullopt for other types or without identifier.
std::optional<fhir::store::TokenCondition> appointmentNaturalKey(const fhir::Node& resource);

} // namespace sas::adapters::appointments
