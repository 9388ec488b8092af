#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sas::core
{

/// The SAS orientation categories (RS-SAS-RDV `orientationCategory`).
enum class OrientationCategory
{
    Ps,   ///< a practitioner on their own
    Sos,  ///< SOS Médecins
    Pdm,  ///< place de marché
    Cpts,
    Cds,  ///< centre de santé
    Msp,  ///< maison de santé pluriprofessionnelle
};

/// Where an orientation stands: the five statuses the LRM understands.
enum class OrientationStatus
{
    Pending,   ///< a request awaiting confirmation (SOS)
    Booked,
    Fulfilled,
    NoShow,
    Cancelled,
};

const char* toString(OrientationCategory category);  ///< "PS", "SOS", …
const char* toString(OrientationStatus status);      ///< "pending", "booked", …
std::optional<OrientationCategory> parseOrientationCategory(std::string_view text);
std::optional<OrientationStatus> parseOrientationStatus(std::string_view text);

using Instant = std::chrono::sys_seconds;

/// The regulator as the booking names it (FrAppointmentOperator): a national IDNPS or the SAS technical id.
struct RegulatorReference
{
    std::string system; ///< urn:oid:1.2.250.1.71.4.2.1 (national) or urn:oid:1.2.250.1.213.3.6 (SAS technical)
    std::string value;
};

/// A local regulator account (the SAS user who books).
struct OrientationRegulator
{
    std::string accountId;   ///< local key
    std::string nationalId;  ///< IDNPS (CPx id) when the regulator has one; sent to the LRM
    std::string technicalId; ///< SAS technical UUID; never sent to the LRM
    std::string lastName;
    std::string firstName;
    std::string email;
    std::string territory;   ///< the SAS territory the regulator works for (routes the LRM message)
};

/// The practitioner who will see the patient.
struct OrientationPractitioner
{
    std::string nationalId;     ///< IDNPS: `8` + RPPS or `0` + ADELI
    std::string lastName;       ///< empty when not in our directory
    std::string firstName;
    std::string specialtyCode;  ///< TRE_R38, e.g. SM54
    std::string professionCode; ///< TRE_G15, e.g. 10

    friend bool operator==(const OrientationPractitioner&, const OrientationPractitioner&) = default;
};

/// The structure of the practitioner or of the booking.
struct OrientationStructure
{
    std::string nationalId; ///< IDNST: `1` + FINESS or `3` + SIRET
    std::string name;

    friend bool operator==(const OrientationStructure&, const OrientationStructure&) = default;
};

struct StatusChange
{
    OrientationStatus status = OrientationStatus::Booked;
    Instant at{};
};

/// An appointment a regulator booked for a patient, wherever it was booked (a vendor's software through INT_R03,
/// the agenda SAS, "en sus"). It holds no patient data.
struct Orientation
{
    std::string id;        ///< the SAS appointmentId sent to the LRM (UUID), stable across changes
    std::string source;    ///< who booked it: "vendor:<identity>", "agenda", "en-sus"
    std::string sourceKey; ///< the booking's key in its source, e.g. the vendor's "system|value"
    std::string resourceId; ///< the FHIR Appointment id, when it came through INT_R03

    RegulatorReference regulatorReference;
    std::optional<OrientationRegulator> regulator; ///< nullopt: unknown here (accepted and flagged)

    std::optional<OrientationPractitioner> practitioner;
    std::optional<OrientationStructure> structure;
    std::optional<OrientationCategory> category;

    OrientationStatus status = OrientationStatus::Booked;
    Instant start{};
    std::optional<Instant> end;
    Instant created{};  ///< when it was booked: the source's value, else when we received it
    Instant updated{};  ///< last change received
    int revision = 0;   ///< 1 on creation, +1 on every recorded change
    std::vector<StatusChange> history; ///< oldest first

    bool regulatorKnown() const { return regulator.has_value(); }
};

} // namespace sas::core
