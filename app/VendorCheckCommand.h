#pragma once

#include <string>
#include <vector>

namespace sas::app
{

/// `sas-gateway vendor-check <base-url> --cert <pem> --key <pem> [--ca <pem>] [--server-name <host>]
///  [--rpps <id,…>] [--cpts] [--siret <id,…>] [--start <instant>] [--end <instant>] [--max-time-ms <n>] [--json]`:
/// runs the IG's vendor obligations against an endpoint (adapters/vendors/VendorConformanceCheck.h) and prints
/// the report. `arguments` are those after "vendor-check". Exit status: 0 every check passed, 1 some failed,
/// 64 bad usage.
int runVendorCheckCommand(const std::vector<std::string>& arguments);

} // namespace sas::app
