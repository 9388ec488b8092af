#include "bench/int-r01/Dataset.h"

#include "fhir/search/EuropeParisTime.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace sas::bench
{
namespace
{

using fhir::search::EuropeParisTime;
using fhir::search::MICROS_PER_DAY;
using fhir::search::MICROS_PER_SECOND;

constexpr Micros MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
constexpr int SLOTS_PER_DAY = 24; ///< half hours from 08:00 to 20:00

/// splitmix64: small, fast, and the same sequence everywhere.
class Random
{
public:
    explicit Random(std::uint64_t seed) : _state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, bound) (modulo bias is irrelevant for bounds this small).
    int below(int bound) { return static_cast<int>(next() % static_cast<std::uint64_t>(bound)); }

private:
    std::uint64_t _state;
};

std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream)
{
    return Random(seed ^ (stream * 0xD1B54A32D192ED03ULL)).next();
}

// Names and places: common French ones, enough variety for realistic body sizes.
constexpr std::array FAMILIES{"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
                              "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
                              "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine"};
constexpr std::array GIVENS{"Camille", "Louise", "Léa", "Chloé", "Jeanne", "Pierre", "Paul", "Jacques",
                            "Hélène", "Nicolas", "Julien", "Sophie", "Marie", "François", "Élodie", "Antoine"};
constexpr std::array STREETS{"RUE DE LA RÉPUBLIQUE", "AVENUE JEAN JAURÈS", "PLACE DE LA MAIRIE", "RUE VICTOR HUGO",
                             "BOULEVARD PASTEUR", "CHEMIN DE MOUNESTIE", "RUE DES ÉCOLES", "ALLÉE DES TILLEULS"};
struct City
{
    const char* name;
    const char* postalCode;
    const char* phonePrefix; ///< +33 and the area digit
};
constexpr std::array CITIES{City{"Paris", "75011", "+331"},      City{"Lyon", "69003", "+334"},
                            City{"Marseille", "13005", "+334"},  City{"Toulouse", "31000", "+335"},
                            City{"Aussonne", "31840", "+335"},   City{"Lille", "59000", "+333"},
                            City{"Nantes", "44000", "+332"},     City{"Strasbourg", "67000", "+333"},
                            City{"Bordeaux", "33000", "+335"},   City{"Rennes", "35000", "+332"}};

std::string padded(long long value, int width)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0*lld", width, value);
    return buffer;
}

constexpr const char* SLOT_JSON_HEAD =
    R"({"resourceType":"Slot","id":"%s","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur"],)"
    R"("security":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau","code":"PUBLIC"}]},)"
    R"("serviceType":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]}],)"
    R"("specialty":[{"coding":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale","code":"SM54"}]}],)"
    R"("appointmentType":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0276","code":"ROUTINE"}]},)"
    R"("schedule":{"reference":"Schedule/%s"},"status":"%s","start":"%s","end":"%s",)"
    R"("comment":"https://rdv.editeur.example/sas/%s"})";

std::string format(const char* pattern, std::initializer_list<const std::string*> values)
{
    std::string out;
    auto value = values.begin();
    for (const char* p = pattern; *p; ++p)
    {
        if (p[0] == '%' && p[1] == 's')
        {
            out += **value++;
            ++p;
        }
        else
            out += *p;
    }
    return out;
}

} // namespace

std::string parisInstant(Micros utc)
{
    const Micros offset = EuropeParisTime::offsetAt(utc);
    const Micros local = utc + offset;
    const long long days = local >= 0 ? local / MICROS_PER_DAY : (local - MICROS_PER_DAY + 1) / MICROS_PER_DAY;
    const Micros ofDay = local - days * MICROS_PER_DAY;
    // civil_from_days (H. Hinnant), the inverse of fhir/search/daysFromCivil.
    const long long z = days + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long day = doy - (153 * mp + 2) / 5 + 1;
    const long long month = mp < 10 ? mp + 3 : mp - 9;
    const long long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const long long millis = ofDay / 1000;
    const long long offsetMinutes = offset / MICROS_PER_MINUTE;
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lld%c%02lld:%02lld", year, month,
                  day, millis / 3'600'000, millis / 60'000 % 60, millis / 1000 % 60, millis % 1000,
                  offsetMinutes < 0 ? '-' : '+', std::abs(offsetMinutes) / 60, std::abs(offsetMinutes) % 60);
    return buffer;
}

Micros Dataset::firstInstant() const
{
    return EuropeParisTime::toUtc(static_cast<Micros>(_spec.firstDay) * MICROS_PER_DAY);
}

PractitionerData Dataset::practitioner(int index) const
{
    Random random(streamSeed(_spec.seed, static_cast<std::uint64_t>(index) + 1));
    PractitionerData data;
    const std::string number = padded(index + 1, 6);
    data.id = "pr-" + number;
    // RPPS: 11 digits, the national prefix "8" in front (sas-ig.md §1.2). Spread over the number space.
    data.rpps = "8" + padded(10'000'000'000LL + static_cast<long long>(index) * 7919 % 9'000'000'000LL, 11);
    data.family = FAMILIES[static_cast<std::size_t>(random.below(static_cast<int>(FAMILIES.size())))];
    data.given = GIVENS[static_cast<std::size_t>(random.below(static_cast<int>(GIVENS.size())))];

    const int places = random.below(4) == 0 ? 2 : 1;
    const Micros dayZero = static_cast<Micros>(_spec.firstDay) * MICROS_PER_DAY;
    for (int place = 1; place <= places; ++place)
    {
        PlaceData p;
        const std::string suffix = number + "-" + std::to_string(place);
        p.roleId = "role-" + suffix;
        p.scheduleId = "sch-" + suffix;
        const City& city = CITIES[static_cast<std::size_t>(random.below(static_cast<int>(CITIES.size())))];
        p.street = std::to_string(1 + random.below(120)) + " " +
                   STREETS[static_cast<std::size_t>(random.below(static_cast<int>(STREETS.size())))];
        p.city = city.name;
        p.postalCode = city.postalCode;
        p.phone = std::string(city.phonePrefix) + padded(random.below(100'000'000), 8);
        p.siret = padded(100'000'000'000'000LL + random.below(1'000'000) * 1'000LL + place, 14);

        // Choose 12..42 distinct half hours among the 72 of the three days (partial Fisher-Yates).
        const int total = SLOTS_PER_DAY * _spec.days;
        std::vector<int> positions(static_cast<std::size_t>(total));
        for (int i = 0; i < total; ++i)
            positions[static_cast<std::size_t>(i)] = i;
        const int count = 12 + random.below(31);
        for (int i = 0; i < count; ++i)
            std::swap(positions[static_cast<std::size_t>(i)],
                      positions[static_cast<std::size_t>(i + random.below(total - i))]);
        positions.resize(static_cast<std::size_t>(count));
        std::sort(positions.begin(), positions.end());
        for (int position : positions)
        {
            const int day = position / SLOTS_PER_DAY;
            const int halfHour = position % SLOTS_PER_DAY;
            const Micros local = dayZero + day * MICROS_PER_DAY + (8 * 60 + 30 * halfHour) * MICROS_PER_MINUTE;
            SlotData slot;
            slot.id = "slot-" + suffix + "-" + padded(position, 2);
            slot.start = EuropeParisTime::toUtc(local);
            slot.end = slot.start + 30 * MICROS_PER_MINUTE;
            slot.free = true; // FrSlotAgregateur fixes status to "free": a vendor deletes a booked slot
            p.slots.push_back(std::move(slot));
        }
        data.places.push_back(std::move(p));
    }
    return data;
}

std::vector<GeneratedResource> Dataset::resources(const PractitionerData& d) const
{
    std::vector<GeneratedResource> out;
    out.push_back(GeneratedResource{
        "Practitioner", d.id,
        R"({"resourceType":"Practitioner","id":")" + d.id +
            R"(","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur"]},)"
            R"("identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},)"
            R"("system":")" +
            std::string(RPPS_SYSTEM) + R"(","value":")" + d.rpps + R"("}],"name":[{"family":")" + d.family +
            R"(","given":[")" + d.given + R"("]}]})"});
    for (const PlaceData& p : d.places)
    {
        out.push_back(GeneratedResource{
            "PractitionerRole", p.roleId,
            R"({"resourceType":"PractitionerRole","id":")" + p.roleId +
                R"(","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur"]},)"
                R"("contained":[{"resourceType":"Location","id":"loc","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur"]},)"
                R"("identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type","code":"INTRN"}]},)"
                R"("system":"https://editeur.example","value":")" +
                p.roleId + R"("}],"address":{"line":[")" + p.street + R"("],"city":")" + p.city +
                R"(","postalCode":")" + p.postalCode + R"("}}],"practitioner":{"reference":"Practitioner/)" + d.id +
                R"("},"organization":{"identifier":{"value":")" + p.siret +
                R"("}},"location":[{"reference":"#loc"}],"telecom":[{"system":"phone","value":")" + p.phone +
                R"("}]})"});
        out.push_back(GeneratedResource{
            "Schedule", p.scheduleId,
            R"({"resourceType":"Schedule","id":")" + p.scheduleId +
                R"(","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur"]},)"
                R"("actor":[{"reference":"Practitioner/)" +
                d.id + R"("},{"reference":"PractitionerRole/)" + p.roleId + R"("}]})"});
        for (const SlotData& s : p.slots)
        {
            const std::string status = s.free ? "free" : "busy";
            const std::string start = parisInstant(s.start);
            const std::string end = parisInstant(s.end);
            out.push_back(GeneratedResource{
                "Slot", s.id, format(SLOT_JSON_HEAD, {&s.id, &p.scheduleId, &status, &start, &end, &s.id})});
        }
    }
    return out;
}

std::vector<Int01Query> int01Queries(const Dataset& dataset, int count, std::uint64_t seed, int perQuery)
{
    Random random(streamSeed(seed, 0xC0FFEE));
    std::vector<Int01Query> queries;
    const int population = dataset.spec().practitioners;
    for (int q = 0; q < count; ++q)
    {
        Int01Query query;
        while (static_cast<int>(query.practitioners.size()) < std::min(perQuery, population))
        {
            const int candidate = random.below(population);
            if (std::find(query.practitioners.begin(), query.practitioners.end(), candidate) ==
                query.practitioners.end())
                query.practitioners.push_back(candidate);
        }
        // Opens between 07:00 and 19:00 on the first day at a random millisecond; lasts 48 to 72 h.
        query.windowStart = dataset.firstInstant() + 7 * 3'600 * MICROS_PER_SECOND +
                            static_cast<Micros>(random.below(12 * 3'600'000)) * 1000;
        query.windowEnd = query.windowStart + (48 * 60 + random.below(24 * 60 + 1)) * MICROS_PER_MINUTE;
        queries.push_back(std::move(query));
    }
    return queries;
}

namespace
{

std::string target(const Dataset& dataset, const Int01Query& query, const std::string& prefix, bool peer)
{
    auto encoded = [](std::string instant) {
        const std::size_t plus = instant.rfind('+');
        if (plus != std::string::npos)
            instant.replace(plus, 1, "%2B");
        return instant;
    };
    std::string identifiers;
    for (int index : query.practitioners)
    {
        const PractitionerData practitioner = dataset.practitioner(index);
        identifiers += (identifiers.empty() ? "" : ",") +
                       (peer ? "Practitioner/" + practitioner.id : std::string(RPPS_SYSTEM) + "%7C" + practitioner.rpps);
    }
    return prefix + "/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge" +
           encoded(parisInstant(query.windowStart)) + "&start=le" + encoded(parisInstant(query.windowEnd)) +
           (peer ? "&schedule.actor=" : "&schedule.actor:Practitioner.identifier=") + identifiers + "&status=free";
}

} // namespace

std::string int01Target(const Dataset& dataset, const Int01Query& query, const std::string& prefix)
{
    return target(dataset, query, prefix, false);
}

std::string int01PeerTarget(const Dataset& dataset, const Int01Query& query, const std::string& prefix)
{
    return target(dataset, query, prefix, true);
}

std::vector<std::string> int01ExpectedSlots(const Dataset& dataset, const Int01Query& query)
{
    std::vector<std::string> ids;
    for (int index : query.practitioners)
        for (const PlaceData& place : dataset.practitioner(index).places)
            for (const SlotData& slot : place.slots)
                if (slot.free && slot.start >= query.windowStart && slot.start <= query.windowEnd)
                    ids.push_back(slot.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace sas::bench
