#pragma once

#include "core/Error.h"
#include "fhir/model/Node.h"
#include "fhir/rest/ResourceServices.h"
#include "fhir/rest/Router.h"

#include <functional>
#include <vector>

namespace sas::fhir::rest
{

/// Every issue (errors and warnings) the profile rules find in a resource.
using ValidationIssues = std::function<std::vector<core::Issue>(const Node&)>;

/// Registers `POST /fhir/{type}/$validate` (every identity kind): the body, the resource itself
/// (the Parameters-wrapped form is not supported), is read and checked like a write, nothing is stored,
/// and the answer is always an OperationOutcome: 200 with the issues found (or one
/// "information" issue when there is none), 400 when the body cannot be read.
void addValidateRoute(Router& router, const ResourceServices& services, ValidationIssues issuesOf);

} // namespace sas::fhir::rest
