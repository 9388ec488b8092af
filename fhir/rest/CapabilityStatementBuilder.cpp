#include "fhir/rest/CapabilityStatementBuilder.h"

namespace sas::fhir::rest
{
namespace
{

Node coding(const std::string& system, const std::string& code)
{
    Node node = Node::object();
    node.set("system", Node::string(system));
    node.set("code", Node::string(code));
    return node;
}

Node interaction(const std::string& code)
{
    Node node = Node::object();
    node.set("code", Node::string(code));
    return node;
}

Node resourceNode(const ResourceCapability& resource)
{
    Node node = Node::object();
    node.set("type", Node::string(resource.type));
    for (const auto& profile : resource.supportedProfiles)
        node.append("supportedProfile", Node::string(profile));
    for (const auto& code : resource.interactions)
        node.append("interaction", interaction(code));
    node.set("versioning", Node::string(resource.versioned ? "versioned" : "no-version"));
    node.set("readHistory", Node::boolean(resource.versioned));
    node.set("updateCreate", Node::boolean(resource.updateCreate));
    node.set("conditionalCreate", Node::boolean(!resource.conditionalCreate.empty()));
    node.set("conditionalUpdate", Node::boolean(resource.conditionalUpdate));
    for (const auto& include : resource.searchIncludes)
        node.append("searchInclude", Node::string(include));
    for (const auto& include : resource.searchRevIncludes)
        node.append("searchRevInclude", Node::string(include));
    for (const auto& parameter : resource.searchParameters)
    {
        Node param = Node::object();
        param.set("name", Node::string(parameter.name));
        if (!parameter.definition.empty())
            param.set("definition", Node::string(parameter.definition));
        param.set("type", Node::string(parameter.type));
        node.append("searchParam", std::move(param));
    }
    return node;
}

} // namespace

Node buildCapabilityStatement(const ServerCapabilities& capabilities)
{
    Node statement = Node::resource("CapabilityStatement");
    statement.set("status", Node::string("active"));
    statement.set("date", Node::string(capabilities.date));
    statement.set("publisher", Node::string("SAS Gateway"));
    statement.set("kind", Node::string("instance"));

    Node software = Node::object();
    software.set("name", Node::string(capabilities.softwareName));
    software.set("version", Node::string(capabilities.softwareVersion));
    statement.set("software", std::move(software));

    Node implementation = Node::object();
    implementation.set("description", Node::string(capabilities.implementationDescription));
    if (!capabilities.implementationUrl.empty())
        implementation.set("url", Node::string(capabilities.implementationUrl));
    statement.set("implementation", std::move(implementation));

    statement.set("fhirVersion", Node::string("4.0.1"));
    for (const char* format : {"json", "xml", "application/fhir+json", "application/fhir+xml"})
        statement.append("format", Node::string(format));

    Node rest = Node::object();
    rest.set("mode", Node::string("server"));
    Node security = Node::object();
    security.set("cors", Node::boolean(false));
    Node service = Node::object();
    service.append("coding", coding("http://terminology.hl7.org/CodeSystem/restful-security-service", "Certificates"));
    security.append("service", std::move(service));
    security.set("description",
                 Node::string("Mutual TLS (TLS 1.2 or later): every client presents a certificate issued by a "
                              "trusted CA; its subject maps to a vendor, LRM or admin identity."));
    rest.set("security", std::move(security));
    for (const auto& resource : capabilities.resources)
        rest.append("resource", resourceNode(resource));
    for (const auto& code : capabilities.systemInteractions)
        rest.append("interaction", interaction(code));
    statement.append("rest", std::move(rest));
    return statement;
}

} // namespace sas::fhir::rest
