#include "fhir/rest/Format.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <vector>

namespace sas::fhir::rest
{
namespace
{

std::string lowerTrimmed(std::string_view text)
{
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])))
        ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])))
        --end;
    std::string out(text.substr(begin, end - begin));
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

/// A media range split into its type and parameters ("application/fhir+json; q=0.8").
struct MediaRange
{
    std::string type;
    double quality = 1.0;
    std::string charset;
};

MediaRange parseMediaRange(std::string_view text)
{
    MediaRange range;
    size_t semicolon = text.find(';');
    range.type = lowerTrimmed(text.substr(0, semicolon));
    while (semicolon != std::string_view::npos)
    {
        size_t next = text.find(';', semicolon + 1);
        std::string param = lowerTrimmed(text.substr(semicolon + 1, next == std::string_view::npos ? next : next - semicolon - 1));
        if (param.rfind("q=", 0) == 0)
            range.quality = std::strtod(param.c_str() + 2, nullptr);
        else if (param.rfind("charset=", 0) == 0)
        {
            range.charset = param.substr(8);
            range.charset.erase(std::remove(range.charset.begin(), range.charset.end(), '"'), range.charset.end());
        }
        semicolon = next;
    }
    return range;
}

/// Maps a media type or `_format` shorthand to what we produce, with the content type to answer.
std::optional<Representation> representationFor(const std::string& type)
{
    if (type == "json" || type == "application/fhir+json" || type == "application/json" || type == "*/*" ||
        type == "application/*" || type == "text/html")
        return Representation{Format::Json, false, "application/fhir+json; charset=utf-8"};
    if (type == "application/json+fhir")
        return Representation{Format::Json, false, "application/json+fhir; charset=utf-8"};
    if (type == "xml" || type == "application/fhir+xml" || type == "application/xml" || type == "text/xml" ||
        type == "application/xml+fhir")
        return Representation{Format::Xml, false, "application/fhir+xml; charset=utf-8"};
    return std::nullopt;
}

} // namespace

core::Result<Representation> negotiateRepresentation(std::string_view accept, std::string_view formatParam,
                                                     std::string_view prettyParam)
{
    std::optional<Representation> chosen;
    if (!formatParam.empty())
    {
        chosen = representationFor(parseMediaRange(formatParam).type);
        if (!chosen)
            return core::fail(core::ErrorCode::NotAcceptable,
                              "_format '" + std::string(formatParam) + "' is not supported: use json or xml",
                              "_format");
    }
    else if (lowerTrimmed(accept).empty())
    {
        chosen = representationFor("json");
    }
    else
    {
        std::vector<MediaRange> ranges;
        size_t start = 0;
        while (start <= accept.size())
        {
            size_t comma = accept.find(',', start);
            ranges.push_back(parseMediaRange(accept.substr(start, comma == std::string_view::npos ? comma : comma - start)));
            if (comma == std::string_view::npos)
                break;
            start = comma + 1;
        }
        std::stable_sort(ranges.begin(), ranges.end(),
                         [](const MediaRange& a, const MediaRange& b) { return a.quality > b.quality; });
        for (const auto& range : ranges)
        {
            if (range.quality <= 0)
                continue;
            if ((chosen = representationFor(range.type)))
                break;
        }
        if (!chosen)
            return core::fail(core::ErrorCode::NotAcceptable,
                              "none of the Accept media types is produced: use application/fhir+json or "
                              "application/fhir+xml");
    }
    chosen->pretty = prettyParam == "true";
    return *chosen;
}

core::Result<Format> bodyFormat(std::string_view contentType)
{
    const MediaRange range = parseMediaRange(contentType);
    if (!range.charset.empty() && range.charset != "utf-8")
        return core::fail(core::ErrorCode::UnsupportedMediaType,
                          "charset '" + range.charset + "' is not supported: send UTF-8");
    if (range.type == "application/fhir+json" || range.type == "application/json+fhir" ||
        range.type == "application/json")
        return Format::Json;
    if (range.type == "application/fhir+xml" || range.type == "application/xml+fhir" ||
        range.type == "application/xml" || range.type == "text/xml")
        return Format::Xml;
    return core::fail(core::ErrorCode::UnsupportedMediaType,
                      "Content-Type '" + range.type + "' is not supported: send application/fhir+json or "
                      "application/fhir+xml");
}

bool isAcceptedBodyMediaType(std::string_view contentType)
{
    if (bodyFormat(contentType))
        return true;
    const MediaRange range = parseMediaRange(contentType);
    return range.type == "application/x-www-form-urlencoded" && (range.charset.empty() || range.charset == "utf-8");
}

} // namespace sas::fhir::rest
