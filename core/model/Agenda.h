#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sas::core
{

/// Consultation modalities, as bits (a slot may offer several). Wire codes follow the IG:
/// AMB (cabinet), VR (teleconsultation), HH (home visit).
enum Modality : std::uint8_t
{
    InPerson = 1,
    Teleconsultation = 2,
    HomeVisit = 4,
};
using Modalities = std::uint8_t;

/// "AMB" | "VR" | "HH" → bit; nullopt for anything else.
std::optional<Modality> parseModality(std::string_view code);
const char* modalityCode(Modality modality);

/// One line of a place's agenda SAS: a créneau (one patient) or a plage (up to `capacity`
/// patients), once or every week on the weekday of `firstDate`. Times are wall-clock in the
/// place's time zone, so 09:00 stays 09:00 across daylight-saving changes.
struct AgendaRule
{
    std::int64_t id = 0;
    std::string placeId;
    std::chrono::local_days firstDate{}; ///< the only date, or the first of the series
    bool weekly = false;
    std::optional<std::chrono::local_days> until;     ///< a series stops before this date
    std::set<std::chrono::local_days> exceptions;     ///< occurrences removed from the series
    std::chrono::minutes start{0};                    ///< after local midnight
    std::chrono::minutes end{0};                      ///< end ≤ start means the next day
    bool plage = false;                               ///< false: créneau (capacity 1)
    int capacity = 1;
    Modalities modalities = Modality::InPerson;
};

/// A free Slot a booking vendor pushed through the FHIR façade, attributed to one place of the directory
/// (docs/search-engine.md, "Pushed vendor slots").
struct PushedSlot
{
    std::string slotId;      ///< the FHIR Slot's id in our store
    std::string vendor;      ///< the client identity that wrote it
    std::chrono::sys_seconds start{};
    std::chrono::sys_seconds end{};
    Modalities modalities = Modality::InPerson;
    std::string bookingLink; ///< INT_SSO link (Slot.comment + origin=sas); empty when the comment is no URL
};

/// A rule's occurrence on one date: what search shows and booking consumes.
struct SlotOccurrence
{
    std::int64_t ruleId = 0;
    std::chrono::local_days date{};
    std::chrono::sys_seconds start{};
    std::chrono::sys_seconds end{};
    int capacity = 1;
    int booked = 0;
    bool plage = false;
    Modalities modalities = 0;

    int remaining() const { return capacity - booked; }
};

/// A place's unavailability (sas-platform.md §3.3): immediately and indefinitely, or up to three
/// wall-clock periods [start, end) in the place's time zone.
struct Unavailability
{
    struct Period
    {
        std::chrono::local_seconds start{};
        std::chrono::local_seconds end{};
    };
    std::string placeId;
    bool indefinite = false;
    std::vector<Period> periods;

    static constexpr std::size_t MAX_PERIODS = 3;
};

/// Counts of patients already booked, by occurrence.
struct OccurrenceKey
{
    std::int64_t ruleId = 0;
    std::chrono::local_days date{};
    auto operator<=>(const OccurrenceKey&) const = default;
};

} // namespace sas::core
