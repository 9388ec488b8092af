#pragma once

#include "core/Result.h"
#include "core/search/RadiusTable.h"
#include "core/search/SpecialtyCatalog.h"

#include <string>

namespace sas::adapters::geo
{

/// Reads data/sas/SAS_Rayons_zones_de_recherche_2025.normalized.csv. Invalid naming the line when
/// a row is malformed.
core::Result<core::RadiusTable> loadRadiusTable(const std::string& path);

/// Reads the JDV_J239 ValueSet (FHIR JSON, compose.include[].concept[]) and adds the label LRMs
/// send by default, "Consultation de médecine générale" (sas-platform.md behaviour 21), for SM54.
core::Result<core::SpecialtyCatalog> loadSpecialtyCatalog(const std::string& path);

} // namespace sas::adapters::geo
