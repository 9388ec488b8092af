#include "app/routes/RouteTableRoute.h"

#include "app/routes/JsonApi.h"
#include "fhir/rest/Exchange.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace sas::app
{

using core::IdentityKind;
using fhir::rest::Exchange;

void addRouteTableRoute(fhir::rest::Router& router)
{
    router.add("GET", "/admin/routes", fhir::rest::Access::forKinds({IdentityKind::Admin}),
               [&router](Exchange& exchange) -> core::Status {
                   Poco::JSON::Array::Ptr table = new Poco::JSON::Array;
                   for (const auto& route : router.routes())
                       for (const auto& [method, entry] : route.handlers)
                       {
                           Poco::JSON::Object::Ptr row = new Poco::JSON::Object;
                           row->set("method", method);
                           row->set("path", route.pathTemplate);
                           if (entry.access.isPublic)
                               row->set("access", "public");
                           else
                           {
                               Poco::JSON::Array::Ptr kinds = new Poco::JSON::Array;
                               for (IdentityKind kind : entry.access.kinds)
                                   kinds->add(std::string(core::toString(kind)));
                               row->set("access", kinds);
                           }
                           table->add(row);
                       }
                   sendJson(exchange, table);
                   return {};
               });
}

} // namespace sas::app
