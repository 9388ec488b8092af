#pragma once

// The real reference data the contextual-call tests read: the La Poste INSEE table, the SAS radius table (for
// département labels) and JDV_J239 (for specialty labels), loaded once per test process.
#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/geo/TableCommunes.h"
#include "adapters/geo/loadReferenceData.h"

namespace sas::test
{

struct LrmReferenceData
{
    adapters::geo::PostcodeGeocoder postcodes =
        adapters::geo::PostcodeGeocoder::fromFile(SAS_SOURCE_DIR "/data/geo/laposte_hexasmal.csv").value();
    core::RadiusTable radii =
        adapters::geo::loadRadiusTable(SAS_SOURCE_DIR "/data/sas/SAS_Rayons_zones_de_recherche_2025.normalized.csv")
            .value();
    core::SpecialtyCatalog specialties =
        adapters::geo::loadSpecialtyCatalog(SAS_SOURCE_DIR "/data/terminology/JDV-J239-SpecialitesSNP-SAS.json")
            .value();
    adapters::geo::TableCommunes communes{postcodes, radii};

    static const LrmReferenceData& shared()
    {
        static const LrmReferenceData data;
        return data;
    }
};

} // namespace sas::test
