#pragma once

#include "fhir/rest/ResourceServices.h"

#include <string>

namespace sas::app
{

/// What loadDemoData did.
struct DemoDataReport
{
    int loaded = 0;
    int alreadyPresent = 0;
};

/// Loads every `*.json` FHIR resource of `directory` through the same checks as a client's write
/// (strict reader, profile rules, search index); resources already present are left alone, so
/// it runs at every start. Fails naming the file and every issue when one is refused.
core::Result<DemoDataReport> loadDemoData(const std::string& directory, const fhir::rest::ResourceServices& services);

} // namespace sas::app
