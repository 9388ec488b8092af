// sas-bench-search <data dir> [searches per scenario] [seed]
//
// Builds a national synthetic agenda SAS in memory (the ANCT 2020 GP density per département, scaled
// to ≈60,000 GPs; 1–3 places each at real communes of the La Poste table; ≈2,000,000 créneaux over
// the next 72 h), then times SearchEngine::search for three scenarios: an address in Paris, a city
// in Lozère (Mende), a whole département (Nord). The baseline, measured in the same run, is the same
// question answered by a linear scan of every place (no spatial grid): the ratio shows what the
// index buys. Prints build time, index bytes per slot and p50/p99/max per scenario.
#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/geo/ZoneinfoTimeZones.h"
#include "adapters/geo/loadReferenceData.h"
#include "core/search/SearchEngine.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono;
using namespace sas::core;

namespace
{

class FixedClock final : public Clock
{
public:
    explicit FixedClock(system_clock::time_point now) : _now(now) { }
    system_clock::time_point now() const override { return _now; }

private:
    system_clock::time_point _now;
};

struct Departement
{
    std::string code;
    double weight = 0; ///< GPs ∝ density per 100k × inhabitants
    std::vector<const sas::adapters::geo::Commune*> communes;
};

std::vector<std::string> split(const std::string& line, char separator)
{
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, separator);)
        fields.push_back(field);
    return fields;
}

const char* zoneOf(const std::string& departement)
{
    static const std::map<std::string, const char*> overseas{{"971", "America/Guadeloupe"}, {"972", "America/Martinique"},
                                                             {"973", "America/Cayenne"},    {"974", "Indian/Reunion"},
                                                             {"976", "Indian/Mayotte"}};
    auto it = overseas.find(departement);
    return it == overseas.end() ? "Europe/Paris" : it->second;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * double(values.size())))];
}

/// Bytes the allocator has handed out and not taken back (small blocks and mmapped ones).
std::size_t heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        std::cerr << "usage: sas-bench-search <data dir> [searches per scenario] [seed]\n";
        return 64;
    }
    const std::string data = argv[1];
    const int searches = argc > 2 ? std::stoi(argv[2]) : 2000;
    std::mt19937_64 random(argc > 3 ? std::stoull(argv[3]) : 42);

    auto geocoder = sas::adapters::geo::PostcodeGeocoder::fromFile(data + "/geo/laposte_hexasmal.csv");
    auto radii = sas::adapters::geo::loadRadiusTable(data + "/sas/SAS_Rayons_zones_de_recherche_2025.normalized.csv");
    auto specialties = sas::adapters::geo::loadSpecialtyCatalog(data + "/terminology/JDV-J239-SpecialitesSNP-SAS.json");
    if (!geocoder || !radii || !specialties)
    {
        std::cerr << "reference data missing under " << data << "\n";
        return 66;
    }
    for (const auto& [departement, extent] : geocoder->departementExtents())
        radii->setMeasuredExtent(departement, extent.first, extent.second);

    // GPs per département: density per 100,000 inhabitants × inhabitants (density × area).
    std::map<std::string, Departement> departements;
    for (const auto& commune : geocoder->communes())
        departements[commune.departement].communes.push_back(&commune);
    std::ifstream anct(data + "/sas/ANCT_Densite_Medecins_generalistes_liberaux_2020.csv");
    std::string line;
    std::getline(anct, line);
    double totalWeight = 0;
    while (std::getline(anct, line))
    {
        auto fields = split(line, ',');
        if (fields.size() < 5)
            continue;
        std::string code = fields[0].size() == 1 ? "0" + fields[0] : fields[0];
        if (code == "2a" || code == "2b")
            std::transform(code.begin(), code.end(), code.begin(), ::toupper);
        auto found = departements.find(code);
        const DepartementRadius* row = radii->find(code);
        if (found == departements.end() || !row)
            continue;
        // Overseas rows of the radius table carry no area: 40 km² per commune stands in for it.
        double area = 0;
        std::ifstream table(data + "/sas/SAS_Rayons_zones_de_recherche_2025.normalized.csv");
        for (std::string t; std::getline(table, t);)
            if (auto f = split(t, ','); !f.empty() && f[0] == code && f.size() > 4)
                area = std::atof(f[4].c_str());
        if (area <= 0)
            area = 40.0 * double(found->second.communes.size());
        found->second.code = code;
        found->second.weight = std::atof(fields[3].c_str()) * std::atof(fields[4].c_str()) * area / 100000.0;
        totalWeight += found->second.weight;
    }

    const std::size_t heapBefore = heapInUse();
    const auto now = sys_days{2026y / June / 10} + hours{8}; // a Wednesday, 10:00 in Paris
    FixedClock clock(now);
    sas::adapters::geo::ZoneinfoTimeZones zones;
    AvailabilityIndex index;
    const int targetGps = 60000;
    std::uniform_real_distribution<double> unit(0, 1);
    std::size_t places = 0, slots = 0, gps = 0;
    std::vector<std::pair<PlaceProfile, std::vector<IndexedSlot>>> generated;
    for (auto& [code, departement] : departements)
    {
        if (departement.weight <= 0)
            continue;
        const int count = static_cast<int>(std::lround(targetGps * departement.weight / totalWeight));
        auto zone = *zones.zone(zoneOf(code));
        for (int g = 0; g < count; ++g, ++gps)
        {
            const double draw = unit(random);
            const int placeCount = draw < 0.6 ? 1 : draw < 0.9 ? 2 : 3;
            for (int p = 0; p < placeCount; ++p)
            {
                const auto* commune = departement.communes[random() % departement.communes.size()];
                PlaceProfile profile;
                profile.placeId = "pl-" + std::to_string(places++);
                profile.practitionerId = "8" + std::to_string(10000000000ULL + gps);
                profile.location = {commune->location.latitude + (unit(random) - 0.5) * 0.02,
                                    commune->location.longitude + (unit(random) - 0.5) * 0.02};
                profile.departement = code;
                profile.inseeCode = commune->inseeCode;
                profile.specialties = {"SM54"};
                profile.participates = unit(random) < 0.8;
                profile.acceptsEnSus = profile.participates && unit(random) < 0.5;
                profile.zone = zone;
                // ≈22 créneaux per place over 72 h, 15 minutes each, 08:00–20:00 local.
                std::vector<IndexedSlot> placeSlots;
                const int slotCount = static_cast<int>(random() % 45);
                const local_days today = floor<days>(zone->toLocal(now));
                for (int s = 0; s < slotCount; ++s)
                {
                    SlotOccurrence o;
                    o.ruleId = static_cast<std::int64_t>(slots + s + 1);
                    o.date = today + days{static_cast<int>(random() % 3)};
                    o.start = zone->toSys(local_seconds{o.date} + hours{8} + minutes{15 * static_cast<int>(random() % 48)});
                    o.end = o.start + minutes{15};
                    o.modalities = unit(random) < 0.85 ? InPerson : Teleconsultation;
                    placeSlots.push_back(toIndexedSlot(o));
                }
                slots += placeSlots.size();
                generated.emplace_back(std::move(profile), std::move(placeSlots));
            }
        }
    }

    const auto buildStart = steady_clock::now();
    for (auto& [profile, placeSlots] : generated)
    {
        const std::string id = profile.placeId;
        index.upsertPlace(std::move(profile));
        index.replaceSlots(id, std::move(placeSlots));
    }
    const double buildSeconds = duration<double>(steady_clock::now() - buildStart).count();
    generated.clear();
    generated.shrink_to_fit();
    const std::size_t heapAfter = heapInUse();
    const std::size_t bytes = index.memoryBytes();

    SearchEngine engine(index, *geocoder, *radii, *specialties, clock);
    struct Scenario
    {
        const char* name;
        SearchRequest request;
    };
    std::vector<Scenario> scenarios(3);
    scenarios[0].name = "address, Paris 1er (5 km)";
    scenarios[0].request.specialty = "SM54";
    scenarios[0].request.location.address = "1 rue de Rivoli";
    scenarios[0].request.location.inseeCode = "75101";
    scenarios[0].request.location.hasPoint = true;
    scenarios[0].request.location.point = {48.8600, 2.3400};
    scenarios[1].name = "city, Mende, Lozère (50 km)";
    scenarios[1].request.specialty = "Médecine générale";
    scenarios[1].request.location.inseeCode = "48095";
    scenarios[2].name = "departement, Nord (countyRadius)";
    scenarios[2].request.specialty = "SM54";
    scenarios[2].request.location.departement = "59";

    std::printf("data set: %zu GPs, %zu places, %zu slots (72 h), %zu départements\n", gps, index.placeCount(),
                index.slotCount(), departements.size());
    std::printf("index build: %.3f s (%.0f slots/s)\n", buildSeconds, double(index.slotCount()) / buildSeconds);
    std::printf("index memory: heap %.1f MB = %.1f bytes per slot (places, grid and slots; %zu-byte slot records); "
                "own estimate %.1f bytes per slot\n",
                double(heapAfter - heapBefore) / 1e6, double(heapAfter - heapBefore) / double(index.slotCount()),
                sizeof(IndexedSlot), double(bytes) / double(index.slotCount()));
    std::printf("%-34s %8s %9s %9s %9s %10s %12s %8s\n", "scenario", "cards", "p50 ms", "p99 ms", "max ms",
                "scan p50", "scan p99", "ratio");
    for (auto& scenario : scenarios)
    {
        std::vector<double> timings, scans;
        int cards = 0;
        for (int i = 0; i < searches + 50; ++i)
        {
            SearchRequest request = scenario.request;
            request.page = 1 + static_cast<int>(random() % 3);
            request.seed = 0;
            const auto start = steady_clock::now();
            auto result = engine.search(request);
            const double ms = duration<double, std::milli>(steady_clock::now() - start).count();
            if (!result)
            {
                std::cerr << scenario.name << ": " << result.error().message << "\n";
                return 1;
            }
            cards = result->totalCards;
            // Baseline: the same candidate selection by scanning every place.
            const auto location = result->location;
            const std::uint32_t entries = static_cast<std::uint32_t>(index.placeCount());
            const auto scanStart = steady_clock::now();
            std::size_t found = index.read([&] {
                std::size_t n = 0;
                const auto nowMinute = static_cast<std::int32_t>(floor<minutes>(now).time_since_epoch().count());
                for (std::uint32_t e = 0; e < entries; ++e)
                {
                    const auto& entry = index.entry(e);
                    if (distanceKm(location.centre, entry.profile.location) > location.radiusKm)
                        continue;
                    for (const auto& slot : entry.slots)
                        if (slot.startMinute >= nowMinute && slot.remaining() > 0)
                        {
                            ++n;
                            break;
                        }
                }
                return n;
            });
            const double scanMs = duration<double, std::milli>(steady_clock::now() - scanStart).count();
            if (found == 0)
                std::cerr << "";
            if (i >= 50) // warm-up excluded
            {
                timings.push_back(ms);
                scans.push_back(scanMs);
            }
        }
        const double p50 = percentile(timings, 0.50), p99 = percentile(timings, 0.99);
        const double scan50 = percentile(scans, 0.50), scan99 = percentile(scans, 0.99);
        std::printf("%-34s %8d %9.3f %9.3f %9.3f %10.3f %12.3f %7.1fx\n", scenario.name, cards, p50, p99,
                    *std::max_element(timings.begin(), timings.end()), scan50, scan99, scan50 / p50);
    }
    return 0;
}
