#pragma once

#include "app/GatewayConfig.h"

#include <ostream>
#include <string>
#include <vector>

namespace sas::app
{

struct DirectoryImportRequest
{
    std::string file;
    std::string territory;   ///< a territory of the mapping directory (file name or name), or empty
    std::string departements; ///< "31,33", or empty
};

/// `sas-gateway directory import <file> [--territory NAME | --departements 31,33]`: imports the ANS public
/// extraction PS_LibreAcces_Personne_activite into the directory (adapters/rpps, docs/directory-import.md).
/// Progress on `err` (a bar when `terminal`), the summary on `out`. Exit status per sysexits: 0 imported,
/// 64 usage (unknown territory, bad département list), 65 data error (not this extraction, too many bad lines,
/// nothing to import, schema refused), 66 the file cannot be opened, 69 database unavailable, 74 read error,
/// 75 another import is running, 78 configuration (reference data, mappings).
int runDirectoryImport(const GatewayConfig& config, const DirectoryImportRequest& request, std::ostream& out,
                       std::ostream& err, bool terminal);

} // namespace sas::app
