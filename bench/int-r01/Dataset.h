#pragma once

#include "fhir/search/DateRange.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sas::bench
{

using fhir::search::Micros;

/// What the national-scale INT_R01 data set is made of. Everything derives from `seed`: the same spec gives the
/// same resources, ids and times on every machine (own PRNG, no std distributions, whose output is not portable).
struct DatasetSpec
{
    std::uint64_t seed = 20260302;
    int practitioners = 60'000;
    /// First day of the 72 h the slots cover (Paris wall clock, midnight), as days since 1970-01-01.
    /// Default: Monday 2026-03-02, in winter time for all three days (one offset, +01:00).
    int firstDay = 20'514;
    int days = 3;
};

struct SlotData
{
    std::string id;
    Micros start = 0; ///< UTC
    Micros end = 0;
    bool free = true;
};

/// One place a practitioner consults at: a PractitionerRole with its contained Location, and its one Schedule
/// (the IG's "one Schedule per PractitionerRole").
struct PlaceData
{
    std::string roleId;
    std::string scheduleId;
    std::string street;
    std::string city;
    std::string postalCode;
    std::string phone; ///< +33…
    std::string siret; ///< PractitionerRole.organization.identifier (IDNST, logical reference)
    std::vector<SlotData> slots;
};

struct PractitionerData
{
    std::string id;
    std::string rpps; ///< prefixed: "8" + 11 digits
    std::string family;
    std::string given;
    std::vector<PlaceData> places;
};

/// A generated resource: its type, id and FHIR JSON as a vendor would push it (no meta.versionId/lastUpdated).
struct GeneratedResource
{
    std::string type;
    std::string id;
    std::string json;
};

/// The RPPS identifier system (sas-ig.md §2.19).
constexpr const char* RPPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";

/// The data set, practitioner by practitioner: each one's places and slots come from its own PRNG stream, so any
/// practitioner can be regenerated alone (query expectations) without generating the others.
class Dataset
{
public:
    explicit Dataset(DatasetSpec spec) : _spec(spec) {}

    const DatasetSpec& spec() const { return _spec; }

    /// Practitioner `index` (0 ≤ index < spec.practitioners): 1 place (75 %) or 2, each with 12 to 42 half-hour
    /// slots among the 72 of 08:00–20:00 Paris time over the three days, all free (FrSlotAgregateur fixes the
    /// status: a vendor pushes free slots and deletes booked ones).
    PractitionerData practitioner(int index) const;

    /// Its resources in load order: Practitioner, then per place PractitionerRole (contained Location), Schedule
    /// (actor = [Practitioner, PractitionerRole]), Slots; IG-shaped like the examples of sas-ig.md §7 with
    /// meta.profile, prefixed RPPS, +33 phones, Slot times with milliseconds and the numeric Paris offset.
    std::vector<GeneratedResource> resources(const PractitionerData& practitioner) const;

    /// Midnight of the first day, UTC instant.
    Micros firstInstant() const;

private:
    DatasetSpec _spec;
};

/// One INT_R01 search: 25 practitioners and a window.
struct Int01Query
{
    std::vector<int> practitioners;
    Micros windowStart = 0; ///< start=ge…
    Micros windowEnd = 0;   ///< start=le…
};

/// `count` searches drawn from `seed`: 25 distinct practitioners each, a window opening at a random millisecond of
/// the first day and lasting 48 to 72 h (the SAS sends "now" to the end of D+2, sas-ig.md §1.2).
std::vector<Int01Query> int01Queries(const Dataset& dataset, int count, std::uint64_t seed, int perQuery = 25);

/// The path and query of the IG's exact INT_R01 request (sas-ig.md §1.2), `|` as %7C, `+` of the offset as %2B.
std::string int01Target(const Dataset& dataset, const Int01Query& query, const std::string& prefix = "/fhir");

/// The same search in the form the Medplum peer can answer (its search shim resolves one chain level only, so
/// `schedule.actor:Practitioner.identifier` finds nothing there): `schedule.actor=Practitioner/<id>,…`, the ids of
/// the same 25 practitioners; everything else identical.
std::string int01PeerTarget(const Dataset& dataset, const Int01Query& query, const std::string& prefix);

/// The ids of the Slots that search must match (free, start inside the window), sorted.
std::vector<std::string> int01ExpectedSlots(const Dataset& dataset, const Int01Query& query);

/// A FHIR instant in Paris time with milliseconds and numeric offset: "2026-03-02T09:00:00.000+01:00".
std::string parisInstant(Micros utc);

} // namespace sas::bench
