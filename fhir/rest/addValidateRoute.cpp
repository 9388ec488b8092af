#include "fhir/rest/addValidateRoute.h"

#include "fhir/rest/Exchange.h"
#include "fhir/rest/errorToHttp.h"
#include "fhir/rest/readResourceBody.h"

#include <algorithm>

namespace sas::fhir::rest
{

using core::IdentityKind;

void addValidateRoute(Router& router, const ResourceServices& services, ValidationIssues issuesOf)
{
    router.add("POST", "/fhir/{type}/$validate",
               Access::forKinds({IdentityKind::Vendor, IdentityKind::Lrm, IdentityKind::Admin}),
               [&services, issuesOf](Exchange& exchange) -> core::Status {
                   const std::string& type = exchange.pathParameters().at("type");
                   if (std::find(services.types.begin(), services.types.end(), type) == services.types.end())
                       return core::fail(core::ErrorCode::NotFound, "resource type '" + type + "' is not served here");
                   auto body = readResourceBody(exchange, type);
                   if (!body)
                       return core::fail(body.error());

                   std::vector<core::Issue> issues = issuesOf(*body);
                   if (issues.empty())
                       issues.push_back(core::Issue{core::Severity::Information, "informational",
                                                    "no issue found against the SAS profiles", ""});
                   core::Error report{core::ErrorCode::Invalid, "validation report", std::move(issues)};
                   Node outcome = errorToOperationOutcome(report);
                   exchange.sendResource(outcome, 200);
                   return {};
               });
}

} // namespace sas::fhir::rest
