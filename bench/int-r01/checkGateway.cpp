// sas-bench-check: before measuring, proves the loaded data is what the server would have written and that the
// measured search answers what the generator expects.
//  1. Every resource in stored-samples.tsv (the loader's canonical bodies): GET /fhir/{type}/{id} returns exactly
//     those bytes.
//  2. Every search in expected.tsv: 200, a searchset whose `total` and matched Slot ids equal the generator's
//     expectation (free, start in the window, one of the 25 practitioners); every matched Slot's Schedule and every
//     such Schedule's actors (Practitioner, PractitionerRole) included, each once, and nothing else.

#include "bench/int-r01/TlsClientConnection.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <vector>

namespace
{

using namespace sas::bench;

[[noreturn]] void die(const std::string& message)
{
    std::cerr << "sas-bench-check: FAILED: " << message << "\n";
    std::exit(1);
}

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, separator);)
        if (!part.empty())
            parts.push_back(part);
    return parts;
}

std::string referenceOf(const rapidjson::Value& value)
{
    return value.IsObject() && value.HasMember("reference") ? value["reference"].GetString() : "";
}

void checkSearch(TlsClientConnection& connection, const std::string& target, std::vector<std::string> expected)
{
    auto response = connection.get(target, true);
    if (!response)
        die(target + ": " + response.error().message);
    if (response->status != 200)
        die(target + ": HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 500));
    rapidjson::Document bundle;
    bundle.Parse(response->body.data(), response->body.size());
    if (bundle.HasParseError() || !bundle.IsObject() || std::string(bundle["type"].GetString()) != "searchset")
        die(target + ": not a searchset Bundle");
    if (bundle["total"].GetUint64() != expected.size())
        die(target + ": total " + std::to_string(bundle["total"].GetUint64()) + ", expected " +
            std::to_string(expected.size()));
    std::vector<std::string> matched;
    std::set<std::string> schedulesWanted, actorsWanted, included;
    std::vector<const rapidjson::Value*> schedules;
    if (bundle.HasMember("entry"))
        for (const auto& entry : bundle["entry"].GetArray())
        {
            const auto& resource = entry["resource"];
            const std::string type = resource["resourceType"].GetString();
            const std::string key = type + "/" + resource["id"].GetString();
            const std::string mode = entry["search"]["mode"].GetString();
            if (mode == "match")
            {
                if (type != "Slot")
                    die(target + ": a " + type + " as match");
                matched.emplace_back(resource["id"].GetString());
                schedulesWanted.insert(referenceOf(resource["schedule"]));
                continue;
            }
            if (!included.insert(key).second)
                die(target + ": " + key + " included twice");
            if (type == "Schedule")
                for (const auto& actor : resource["actor"].GetArray())
                    actorsWanted.insert(referenceOf(actor));
        }
    std::sort(matched.begin(), matched.end());
    if (matched != expected)
        die(target + ": the matched Slots differ from the generator's expectation");
    std::set<std::string> wanted = schedulesWanted;
    wanted.insert(actorsWanted.begin(), actorsWanted.end());
    if (wanted != included)
        die(target + ": included " + std::to_string(included.size()) + " resources, expected " +
            std::to_string(wanted.size()) + " (the Slots' Schedules and their actors)");
}

} // namespace

int main(int argc, char** argv)
{
    ClientEndpoint endpoint;
    std::string expectedFile, samplesFile;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const std::string arg = argv[i], value = argv[i + 1];
        if (arg == "--port")
            endpoint.port = std::stoi(value);
        else if (arg == "--cert")
            endpoint.certificateFile = value;
        else if (arg == "--key")
            endpoint.keyFile = value;
        else if (arg == "--ca")
            endpoint.caFile = value;
        else if (arg == "--expected")
            expectedFile = value;
        else if (arg == "--samples")
            samplesFile = value;
        else
            die("unknown option " + arg + " (--port, --cert, --key, --ca, --expected FILE, --samples FILE)");
    }
    endpoint.tls = true;
    auto tls = ClientTls::create(endpoint);
    if (!tls)
        die(tls.error().message);
    TlsClientConnection connection(endpoint, *tls);

    int resources = 0;
    std::ifstream samples(samplesFile);
    for (std::string line; std::getline(samples, line);)
    {
        const auto parts = split(line, '\t');
        if (parts.size() != 3)
            die("malformed line in " + samplesFile);
        auto response = connection.get("/fhir/" + parts[0] + "/" + parts[1], true);
        if (!response || response->status != 200)
            die("GET " + parts[0] + "/" + parts[1] + " failed");
        if (response->body != parts[2])
            die("GET " + parts[0] + "/" + parts[1] + " differs from the loaded body:\n  served " + response->body +
                "\n  loaded " + parts[2]);
        ++resources;
    }
    int searches = 0;
    std::ifstream expected(expectedFile);
    for (std::string line; std::getline(expected, line);)
    {
        const std::size_t tab = line.find('\t');
        checkSearch(connection, line.substr(0, tab), split(line.substr(tab + 1), ','));
        ++searches;
    }
    if (resources == 0 || searches == 0)
        die("nothing checked (empty " + samplesFile + " or " + expectedFile + ")");
    std::cout << "check: " << resources << " resources served byte for byte as loaded; " << searches
              << " INT_R01 searches answer exactly the generator's Slots, Schedules and actors\n";
    return 0;
}
