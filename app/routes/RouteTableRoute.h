#pragma once

#include "fhir/rest/Router.h"

namespace sas::app
{

/// Registers `GET /admin/routes` (admin): every registered method × path template with its access rule, as
/// JSON `[{"method":"GET","path":"/fhir/{type}","access":["admin","lrm","vendor"]}, …]` (`"access":"public"` for
/// public methods). The authorization matrix test (docs/authorization.md) compares it with its table, so a route
/// added without a row fails the suite. Read at request time: it lists itself and everything registered after it.
void addRouteTableRoute(fhir::rest::Router& router);

} // namespace sas::app
