#pragma once

#include "core/model/Territory.h"
#include "mapping/loadLrmDialects.h"

#include <set>
#include <string>

namespace sas::mapping
{

/// Reads every `*.xml` of `directory` as a SAS territory (schema `xsdPath`, mapping/schema/territory.xsd), in file
/// name order. Beyond the schema, across all files: the id is the file's name; a département belongs to one
/// territory; a radius override names a département of its territory, once; an `origin` is declared once in all
/// territories; an installation's dialect is one of `dialectIds`; a CPTS, MSP or CDS has a FINESS and SOS Médecins a
/// SIRET.
Loaded<core::Territory> loadTerritories(const std::string& directory, const std::string& xsdPath,
                                        const std::set<std::string>& dialectIds);

/// Everything of a mapping directory: `<root>/dialects` and `<root>/territories` against the schemas of
/// `<root>/schema`. What `sas-gateway mapping check` and the gateway's start-up and reload read.
struct MappingSet
{
    std::vector<core::LrmDialect> dialects;
    std::vector<core::Territory> territories;
    std::vector<MappingProblem> problems;
    bool ok() const { return problems.empty(); }
};

MappingSet loadMappingSet(const std::string& root);

} // namespace sas::mapping
