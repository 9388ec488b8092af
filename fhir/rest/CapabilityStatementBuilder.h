#pragma once

#include "fhir/model/Node.h"

#include <string>
#include <vector>

namespace sas::fhir::rest
{

/// A search parameter a resource type supports.
struct SearchParameterCapability
{
    std::string name;       ///< "start"
    std::string type;       ///< "date", "token", "reference", ...
    std::string definition; ///< canonical URL, may be empty
};

/// What the server does with one resource type. Filled by the same code that registers the
/// routes and search parameters, so /metadata lists exactly what works.
struct ResourceCapability
{
    std::string type;
    std::vector<std::string> supportedProfiles;
    std::vector<std::string> interactions; ///< "read", "vread", "create", ...
    bool versioned = false;
    bool updateCreate = false;
    std::string conditionalCreate;      ///< empty = unsupported; otherwise true
    bool conditionalUpdate = false;
    std::vector<std::string> searchIncludes;
    std::vector<std::string> searchRevIncludes;
    std::vector<SearchParameterCapability> searchParameters;
};

/// The whole server's capabilities.
struct ServerCapabilities
{
    std::string softwareName;
    std::string softwareVersion;
    std::string implementationDescription;
    std::string implementationUrl;  ///< base URL of the FHIR endpoint
    std::string date;               ///< FHIR dateTime when the statement was built (start-up)
    std::vector<ResourceCapability> resources;
    std::vector<std::string> systemInteractions; ///< "transaction", "batch", "history-system"
};

/// Builds the R4 CapabilityStatement (kind "instance", FHIR 4.0.1, JSON and XML formats,
/// mutual-TLS security) in FHIR element order.
Node buildCapabilityStatement(const ServerCapabilities& capabilities);

} // namespace sas::fhir::rest
