#include "fhir/rest/searchBundleJson.h"

namespace sas::fhir::rest
{
namespace
{

/// Appends `text` as a JSON string (quotes included).
void appendString(std::string& out, const std::string& text)
{
    static const char* const HEX = "0123456789ABCDEF";
    out += '"';
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += c;
        }
        else if (byte < 0x20)
        {
            out += "\\u00";
            out += HEX[byte >> 4];
            out += HEX[byte & 0xF];
        }
        else
            out += c;
    }
    out += '"';
}

void appendEntry(std::string& out, bool& first, const std::string& fullUrl, const std::string& resource,
                 const char* mode)
{
    out += first ? "" : ",";
    first = false;
    out += "{\"fullUrl\":";
    appendString(out, fullUrl);
    out += ",\"resource\":";
    out += resource;
    out += ",\"search\":{\"mode\":\"";
    out += mode;
    out += "\"}}";
}

std::string fullUrlOf(const SearchBundle& bundle, const store::StoredResource& resource)
{
    return resource.fullUrl.empty() ? bundle.fhirBase + "/" + resource.type + "/" + resource.id : resource.fullUrl;
}

} // namespace

std::string searchBundleJson(const SearchBundle& bundle, const store::SearchResult& result)
{
    std::size_t size = 512;
    for (const auto& resource : result.matches)
        size += resource.json.size() + bundle.fhirBase.size() + resource.fullUrl.size() + 96;
    for (const auto& resource : result.included)
        size += resource.json.size() + bundle.fhirBase.size() + resource.fullUrl.size() + 96;
    std::string out;
    out.reserve(size + bundle.outcomeJson.size());

    out += "{\"resourceType\":\"Bundle\"";
    if (!bundle.id.empty())
    {
        out += ",\"id\":";
        appendString(out, bundle.id);
    }
    if (!bundle.profile.empty())
    {
        out += ",\"meta\":{\"profile\":[";
        appendString(out, bundle.profile);
        out += "]}";
    }
    out += ",\"type\":\"searchset\"";
    if (bundle.total)
        out += ",\"total\":" + std::to_string(*bundle.total);
    if (!bundle.links.empty())
    {
        out += ",\"link\":[";
        for (std::size_t i = 0; i < bundle.links.size(); ++i)
        {
            out += i ? ",{\"relation\":" : "{\"relation\":";
            appendString(out, bundle.links[i].first);
            out += ",\"url\":";
            appendString(out, bundle.links[i].second);
            out += "}";
        }
        out += "]";
    }
    if (!bundle.outcomeJson.empty() || !result.matches.empty() || !result.included.empty())
    {
        out += ",\"entry\":[";
        bool first = true;
        if (!bundle.outcomeJson.empty())
            appendEntry(out, first, bundle.outcomeFullUrl, bundle.outcomeJson, "outcome");
        for (const auto& resource : result.matches)
            appendEntry(out, first, fullUrlOf(bundle, resource), resource.json, "match");
        for (const auto& resource : result.included)
            appendEntry(out, first, fullUrlOf(bundle, resource), resource.json, "include");
        out += "]";
    }
    out += "}";
    return out;
}

} // namespace sas::fhir::rest
