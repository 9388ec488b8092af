#pragma once

#include "core/Clock.h"
#include "core/ports/ResourceStore.h"

#include <string>

namespace sas::app
{

/// What loadDemoData did.
struct DemoDataReport
{
    int loaded = 0;
    int alreadyPresent = 0;
};

/// Loads every `*.json` FHIR resource of `directory` as version 1, after the strict reader has
/// accepted it; resources already present are left alone, so it runs at every start. Invalid
/// when a file does not parse (the file and every issue are named).
core::Result<DemoDataReport> loadDemoData(const std::string& directory, core::ResourceStore& store,
                                          const core::Clock& clock);

} // namespace sas::app
