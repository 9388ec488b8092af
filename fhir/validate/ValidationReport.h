#pragma once

#include "core/Error.h"

#include <vector>

namespace sas::fhir::validate
{

/// What ProfileValidator::validateReport found in one resource: every error (the resource must be refused with 422)
/// and every warning (a meta.profile the gateway does not know…). `$validate` returns both as an OperationOutcome
/// even when there is no error.
struct ValidationReport
{
    std::vector<core::Issue> errors;
    std::vector<core::Issue> warnings;

    bool ok() const { return errors.empty(); }
};

} // namespace sas::fhir::validate
