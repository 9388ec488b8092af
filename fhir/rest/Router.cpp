#include "fhir/rest/Router.h"

namespace sas::fhir::rest
{
namespace
{

std::vector<std::string_view> splitPath(std::string_view path)
{
    std::vector<std::string_view> segments;
    size_t start = path.empty() || path[0] != '/' ? 0 : 1;
    while (start <= path.size())
    {
        size_t slash = path.find('/', start);
        std::string_view segment = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
        segments.push_back(segment);
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    if (!segments.empty() && segments.back().empty() && segments.size() > 1)
        segments.pop_back(); // tolerate one trailing slash
    return segments;
}

bool isParameter(std::string_view segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

} // namespace

bool Route::allPublic() const
{
    for (const auto& [method, entry] : handlers)
        if (!entry.access.isPublic)
            return false;
    return !handlers.empty();
}

void Router::add(const std::string& method, const std::string& pathTemplate, Access access, Handler handler)
{
    for (auto& route : _routes)
    {
        if (route.pathTemplate == pathTemplate)
        {
            route.handlers[method] = MethodHandler{std::move(access), std::move(handler)};
            return;
        }
    }
    _routes.push_back(Route{pathTemplate, {}});
    _routes.back().handlers[method] = MethodHandler{std::move(access), std::move(handler)};
}

void Router::setLenientQuery(const std::string& pathTemplate)
{
    for (auto& route : _routes)
        if (route.pathTemplate == pathTemplate)
            route.lenientQuery = true;
}

std::optional<RouteMatch> Router::match(std::string_view path) const
{
    const auto segments = splitPath(path);
    std::optional<RouteMatch> best;
    int bestLiterals = -1;
    for (const auto& route : _routes)
    {
        const auto pattern = splitPath(route.pathTemplate);
        if (pattern.size() != segments.size())
            continue;
        RouteMatch candidate{&route, {}};
        int literals = 0;
        bool matches = true;
        for (size_t i = 0; i < pattern.size() && matches; ++i)
        {
            if (isParameter(pattern[i]))
            {
                if (segments[i].empty())
                    matches = false;
                else
                    candidate.pathParameters[std::string(pattern[i].substr(1, pattern[i].size() - 2))] =
                        std::string(segments[i]);
            }
            else if (pattern[i] == segments[i])
                ++literals;
            else
                matches = false;
        }
        if (matches && literals > bestLiterals)
        {
            best = std::move(candidate);
            bestLiterals = literals;
        }
    }
    return best;
}

} // namespace sas::fhir::rest
