#include "adapters/geo/PostcodeGeocoder.h"

#include "core/search/foldText.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace sas::adapters::geo
{

using core::ErrorCode;
using core::LocationKind;
using core::SearchLocation;

std::string departementOfInsee(const std::string& insee)
{
    if (insee.size() >= 3 && insee[0] == '9' && (insee[1] == '7' || insee[1] == '8'))
        return insee.substr(0, 3);
    return insee.substr(0, 2);
}

namespace
{

std::vector<std::string> splitLine(const std::string& line, char separator)
{
    std::vector<std::string> fields;
    std::string field;
    for (char c : line)
    {
        if (c == separator)
        {
            fields.push_back(field);
            field.clear();
        }
        else if (c != '\r')
            field += c;
    }
    fields.push_back(field);
    return fields;
}

/// The communes split into arrondissements: their INSEE code has no row of its own.
const std::map<std::string, std::string>& arrondissementCities()
{
    static const std::map<std::string, std::string> cities{{"75056", "paris"}, {"69123", "lyon"}, {"13055", "marseille"}};
    return cities;
}

std::string quote(const core::LocationQuery& q)
{
    std::string text = q.address;
    for (const std::string* part : {&q.postcode, &q.city, &q.inseeCode, &q.departement})
        if (!part->empty())
            text += (text.empty() ? "" : " ") + *part;
    return text.substr(0, 200);
}

} // namespace

core::Result<PostcodeGeocoder> PostcodeGeocoder::fromFile(const std::string& path)
{
    std::ifstream file(path);
    if (!file)
        return core::fail(ErrorCode::NotFound, "postcode table '" + path + "' cannot be read");
    std::string line;
    std::getline(file, line); // header
    std::vector<Commune> communes;
    int lineNumber = 1;
    while (std::getline(file, line))
    {
        ++lineNumber;
        if (line.empty() || line == "\r")
            continue;
        const auto fields = splitLine(line, ';');
        if (fields.size() < 6 || fields[0].size() != 5)
            return core::fail(ErrorCode::Invalid, path + ":" + std::to_string(lineNumber) + ": expected 6 fields");
        const auto comma = fields[5].find(',');
        if (comma == std::string::npos)
            continue; // a few overseas rows carry no coordinates
        Commune commune{fields[0], fields[1], fields[2], departementOfInsee(fields[0]), {}};
        try
        {
            commune.location = {std::stod(fields[5].substr(0, comma)), std::stod(fields[5].substr(comma + 1))};
        }
        catch (const std::exception&)
        {
            return core::fail(ErrorCode::Invalid, path + ":" + std::to_string(lineNumber) + ": bad coordinates");
        }
        communes.push_back(std::move(commune));
    }
    return PostcodeGeocoder(std::move(communes));
}

PostcodeGeocoder::PostcodeGeocoder(std::vector<Commune> communes) : _communes(std::move(communes))
{
    for (std::size_t i = 0; i < _communes.size(); ++i)
    {
        _byInsee.emplace(_communes[i].inseeCode, i);
        _byPostcode.emplace(_communes[i].postcode, i);
        _byName.emplace(core::foldText(_communes[i].name), i);
    }
}

core::Result<SearchLocation> PostcodeGeocoder::communeLocation(const core::LocationQuery& q) const
{
    const auto found = [&](std::vector<std::size_t> rows, std::string label) -> core::Result<SearchLocation> {
        // One commune, or the centre of a city's arrondissements.
        SearchLocation location;
        location.kind = q.address.empty() ? LocationKind::City : LocationKind::Address;
        double lat = 0, lon = 0;
        std::set<std::string> insees;
        for (std::size_t row : rows)
        {
            lat += _communes[row].location.latitude;
            lon += _communes[row].location.longitude;
            insees.insert(_communes[row].inseeCode);
        }
        location.centre = {lat / double(rows.size()), lon / double(rows.size())};
        location.departement = _communes[rows.front()].departement;
        location.inseeCode = insees.size() == 1 ? *insees.begin() : q.inseeCode;
        location.label = std::move(label);
        return location;
    };
    const std::string foldedCity = core::foldText(q.city);
    if (!q.inseeCode.empty())
    {
        if (auto it = _byInsee.find(q.inseeCode); it != _byInsee.end())
            return found({it->second}, _communes[it->second].name + " (" + _communes[it->second].postcode + ")");
        if (auto city = arrondissementCities().find(q.inseeCode); city != arrondissementCities().end())
        {
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < _communes.size(); ++i)
                if (core::foldText(_communes[i].name).rfind(city->second + " ", 0) == 0)
                    rows.push_back(i);
            if (!rows.empty())
                return found(rows, q.city.empty() ? city->second : q.city);
        }
    }
    if (!q.postcode.empty())
    {
        auto [begin, end] = _byPostcode.equal_range(q.postcode);
        std::vector<std::size_t> rows;
        for (auto it = begin; it != end; ++it)
            if (foldedCity.empty() || core::foldText(_communes[it->second].name) == foldedCity)
                rows.push_back(it->second);
        if (rows.empty())
            for (auto it = begin; it != end; ++it)
                rows.push_back(it->second);
        if (!rows.empty())
        {
            // Several communes may share a postcode: the first (table order) stands for it.
            return found({rows.front()}, _communes[rows.front()].name + " (" + q.postcode + ")");
        }
    }
    if (!foldedCity.empty())
    {
        auto [begin, end] = _byName.equal_range(foldedCity);
        std::set<std::string> insees;
        std::size_t first = 0;
        for (auto it = begin; it != end; ++it)
        {
            if (insees.empty())
                first = it->second;
            insees.insert(_communes[it->second].inseeCode);
        }
        if (insees.size() == 1)
            return found({first}, _communes[first].name);
        if (insees.size() > 1)
            return core::fail(ErrorCode::Invalid,
                              "several communes are named '" + q.city.substr(0, 100) + "': give the postcode or INSEE code",
                              "location");
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < _communes.size(); ++i)
            if (core::foldText(_communes[i].name).rfind(foldedCity + " ", 0) == 0 &&
                arrondissementCities().end() != std::find_if(arrondissementCities().begin(), arrondissementCities().end(),
                                                             [&](const auto& c) { return c.second == foldedCity; }))
                rows.push_back(i);
        if (!rows.empty())
            return found(rows, q.city);
    }
    return core::fail(ErrorCode::NotFound, "Le moteur de recherche SAS n'a pas identifié de localisation pour l'adresse: \"" +
                                               quote(q) + "\"",
                      "location");
}

core::Result<SearchLocation> PostcodeGeocoder::geocode(const core::LocationQuery& q) const
{
    const bool communeGiven = !q.inseeCode.empty() || !q.postcode.empty() || !q.city.empty();
    if (!communeGiven && !q.departement.empty() && !q.hasPoint)
    {
        SearchLocation location;
        location.kind = LocationKind::Departement;
        location.departement = q.departement.size() == 1 ? "0" + q.departement : q.departement;
        location.label = location.departement;
        return location;
    }
    if (communeGiven)
    {
        auto location = communeLocation(q);
        if (location && q.hasPoint)
        {
            location->kind = LocationKind::Address;
            location->centre = q.point;
        }
        return location;
    }
    if (q.hasPoint)
    {
        // Coordinates alone: the nearest commune gives the département.
        if (_communes.empty())
            return core::fail(ErrorCode::NotFound, "no commune table loaded", "location");
        std::size_t best = 0;
        double bestDistance = 1e9;
        for (std::size_t i = 0; i < _communes.size(); ++i)
            if (double d = core::distanceKm(q.point, _communes[i].location); d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        SearchLocation location;
        location.kind = LocationKind::Address;
        location.centre = q.point;
        location.departement = _communes[best].departement;
        location.inseeCode = _communes[best].inseeCode;
        location.label = _communes[best].name;
        return location;
    }
    return core::fail(ErrorCode::Invalid, "a location is required", "location");
}

std::map<std::string, std::pair<core::GeoPoint, double>> PostcodeGeocoder::departementExtents() const
{
    std::map<std::string, std::pair<double, double>> sums;
    std::map<std::string, int> counts;
    for (const Commune& c : _communes)
    {
        sums[c.departement].first += c.location.latitude;
        sums[c.departement].second += c.location.longitude;
        ++counts[c.departement];
    }
    std::map<std::string, std::pair<core::GeoPoint, double>> extents;
    for (const auto& [departement, sum] : sums)
        extents[departement] = {core::GeoPoint{sum.first / counts[departement], sum.second / counts[departement]}, 0};
    for (const Commune& c : _communes)
    {
        auto& [centre, radius] = extents[c.departement];
        radius = std::max(radius, std::ceil(core::distanceKm(centre, c.location)));
    }
    return extents;
}

} // namespace sas::adapters::geo
