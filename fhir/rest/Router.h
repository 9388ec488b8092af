#pragma once

#include "core/Result.h"
#include "core/model/ClientIdentity.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sas::fhir::rest
{

class Exchange;

/// A request handler: writes the response through the Exchange, or returns an Error that the
/// pipeline renders as an OperationOutcome.
using Handler = std::function<core::Status(Exchange&)>;

/// Who may call a route.
struct Access
{
    bool isPublic = false;               ///< no client certificate needed
    std::set<core::IdentityKind> kinds;  ///< identity kinds allowed when not public

    static Access publicRoute() { return Access{true, {}}; }
    static Access forKinds(std::set<core::IdentityKind> allowed) { return Access{false, std::move(allowed)}; }
};

/// What one HTTP method of a route does and who may call it: reading and writing the same path
/// have different rights (GET /fhir/Slot/1 for every reader, PUT for writers only).
struct MethodHandler
{
    Access access;
    Handler handler;
};

/// One path template ("/fhir/{type}/{id}") with a handler per HTTP method.
struct Route
{
    std::string pathTemplate;
    std::map<std::string, MethodHandler> handlers; ///< by method: "GET", "POST", ...
    /// The handlers read the raw query and forgive malformed percent-escapes (the contextual call, decoded as the
    /// platform does); elsewhere the pipeline refuses them with 400.
    bool lenientQuery = false;

    /// True when every method of the route is public (its 405 needs no certificate either).
    bool allPublic() const;
};

/// A matched route and the values of its `{name}` segments.
struct RouteMatch
{
    const Route* route = nullptr;
    std::map<std::string, std::string> pathParameters;
};

/// Matches request paths against registered templates. A literal segment beats a `{parameter}`
/// segment, so "/fhir/metadata" wins over "/fhir/{type}". Not thread-safe to modify; read-only
/// after start-up.
class Router
{
public:
    /// Registers the handler of one method of a template, with that method's access rule.
    void add(const std::string& method, const std::string& pathTemplate, Access access, Handler handler);

    /// Marks a registered template's query as decoded leniently by its handlers (Route::lenientQuery).
    void setLenientQuery(const std::string& pathTemplate);

    std::optional<RouteMatch> match(std::string_view path) const;

    const std::vector<Route>& routes() const { return _routes; }

private:
    std::vector<Route> _routes;
};

} // namespace sas::fhir::rest
