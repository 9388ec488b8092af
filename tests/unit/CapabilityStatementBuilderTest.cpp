#include "fhir/rest/CapabilityStatementBuilder.h"

#include "fhir/json/JsonWriter.h"
#include "fhir/xml/XmlWriter.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

using sas::fhir::Node;
using sas::fhir::rest::buildCapabilityStatement;
using sas::fhir::rest::ResourceCapability;
using sas::fhir::rest::SearchParameterCapability;
using sas::fhir::rest::ServerCapabilities;

namespace
{

ServerCapabilities sampleCapabilities()
{
    ServerCapabilities capabilities;
    capabilities.softwareName = "SAS Gateway";
    capabilities.softwareVersion = "0.1.0";
    capabilities.implementationDescription = "SAS FHIR façade";
    capabilities.implementationUrl = "https://sas.example/fhir";
    capabilities.date = "2026-01-15T08:00:00Z";

    ResourceCapability slot;
    slot.type = "Slot";
    slot.supportedProfiles = {"http://sas.fr/fhir/StructureDefinition/FrSlot"};
    slot.interactions = {"read", "search-type", "update"};
    slot.versioned = true;
    slot.updateCreate = true;
    slot.conditionalCreate = "true";
    slot.conditionalUpdate = false;
    slot.searchIncludes = {"Slot:schedule"};
    slot.searchRevIncludes = {"Appointment:slot"};
    slot.searchParameters = {
        SearchParameterCapability{"start", "date", "http://hl7.org/fhir/SearchParameter/Slot-start"},
        SearchParameterCapability{"status", "token", ""},
        SearchParameterCapability{"schedule", "reference", ""},
    };
    capabilities.resources.push_back(slot);

    ResourceCapability appointment;
    appointment.type = "Appointment";
    appointment.interactions = {"create", "read"};
    capabilities.resources.push_back(appointment);

    capabilities.systemInteractions = {"transaction", "batch"};
    return capabilities;
}

rapidjson::Document parseJson(const std::string& json)
{
    rapidjson::Document document;
    document.Parse(json.c_str(), json.size());
    EXPECT_FALSE(document.HasParseError()) << json;
    return document;
}

std::string str(const rapidjson::Value& value)
{
    return value.IsString() ? std::string(value.GetString(), value.GetStringLength()) : "<not a string>";
}

std::vector<std::string> memberNames(const Node& node)
{
    std::vector<std::string> names;
    for (const auto& member : node.members())
        names.push_back(member.name);
    return names;
}

/// True when `names` appear in `actual` in this relative order (absent names are skipped).
bool inFhirOrder(const std::vector<std::string>& actual, const std::vector<std::string>& definitionOrder)
{
    size_t last = 0;
    for (const auto& name : actual)
    {
        const auto it = std::find(definitionOrder.begin(), definitionOrder.end(), name);
        if (it == definitionOrder.end())
            return false;
        const size_t index = static_cast<size_t>(it - definitionOrder.begin());
        if (index < last)
            return false;
        last = index;
    }
    return true;
}

} // namespace

TEST(CapabilityStatementBuilder, DescribesAnR4InstanceServer)
{
    const auto document = parseJson(sas::fhir::writeJson(buildCapabilityStatement(sampleCapabilities())));

    EXPECT_EQ(str(document["resourceType"]), "CapabilityStatement");
    EXPECT_EQ(str(document["status"]), "active");
    EXPECT_EQ(str(document["kind"]), "instance");
    EXPECT_EQ(str(document["fhirVersion"]), "4.0.1");
    EXPECT_EQ(str(document["date"]), "2026-01-15T08:00:00Z");
    EXPECT_EQ(str(document["software"]["name"]), "SAS Gateway");
    EXPECT_EQ(str(document["software"]["version"]), "0.1.0");
    EXPECT_EQ(str(document["implementation"]["description"]), "SAS FHIR façade");
    EXPECT_EQ(str(document["implementation"]["url"]), "https://sas.example/fhir");

    ASSERT_TRUE(document["format"].IsArray());
    std::vector<std::string> formats;
    for (const auto& format : document["format"].GetArray())
        formats.push_back(str(format));
    EXPECT_NE(std::find(formats.begin(), formats.end(), "json"), formats.end());
    EXPECT_NE(std::find(formats.begin(), formats.end(), "xml"), formats.end());
}

TEST(CapabilityStatementBuilder, RestIsServerSecuredByCertificates)
{
    const auto document = parseJson(sas::fhir::writeJson(buildCapabilityStatement(sampleCapabilities())));

    ASSERT_TRUE(document["rest"].IsArray());
    ASSERT_EQ(document["rest"].Size(), 1u);
    const auto& rest = document["rest"][0];
    EXPECT_EQ(str(rest["mode"]), "server");
    const auto& security = rest["security"];
    ASSERT_TRUE(security.IsObject());
    ASSERT_TRUE(security["service"].IsArray());
    const auto& coding = security["service"][0]["coding"][0];
    EXPECT_EQ(str(coding["system"]), "http://terminology.hl7.org/CodeSystem/restful-security-service");
    EXPECT_EQ(str(coding["code"]), "Certificates");
    EXPECT_TRUE(security["cors"].IsBool());

    ASSERT_TRUE(rest["interaction"].IsArray());
    ASSERT_EQ(rest["interaction"].Size(), 2u);
    EXPECT_EQ(str(rest["interaction"][0]["code"]), "transaction");
    EXPECT_EQ(str(rest["interaction"][1]["code"]), "batch");
}

TEST(CapabilityStatementBuilder, ResourceCapabilitiesAreRenderedInOrder)
{
    const auto document = parseJson(sas::fhir::writeJson(buildCapabilityStatement(sampleCapabilities())));
    const auto& resources = document["rest"][0]["resource"];
    ASSERT_TRUE(resources.IsArray());
    ASSERT_EQ(resources.Size(), 2u);

    const auto& slot = resources[0];
    EXPECT_EQ(str(slot["type"]), "Slot");
    ASSERT_TRUE(slot["supportedProfile"].IsArray());
    EXPECT_EQ(str(slot["supportedProfile"][0]), "http://sas.fr/fhir/StructureDefinition/FrSlot");
    ASSERT_TRUE(slot["interaction"].IsArray());
    ASSERT_EQ(slot["interaction"].Size(), 3u);
    EXPECT_EQ(str(slot["interaction"][0]["code"]), "read");
    EXPECT_EQ(str(slot["interaction"][1]["code"]), "search-type");
    EXPECT_EQ(str(slot["interaction"][2]["code"]), "update");
    EXPECT_EQ(str(slot["versioning"]), "versioned");
    EXPECT_TRUE(slot["readHistory"].GetBool());
    EXPECT_TRUE(slot["updateCreate"].GetBool());
    EXPECT_TRUE(slot["conditionalCreate"].GetBool());
    EXPECT_FALSE(slot["conditionalUpdate"].GetBool());
    EXPECT_EQ(str(slot["searchInclude"][0]), "Slot:schedule");
    EXPECT_EQ(str(slot["searchRevInclude"][0]), "Appointment:slot");

    const auto& parameters = slot["searchParam"];
    ASSERT_TRUE(parameters.IsArray());
    ASSERT_EQ(parameters.Size(), 3u);
    EXPECT_EQ(str(parameters[0]["name"]), "start");
    EXPECT_EQ(str(parameters[0]["type"]), "date");
    EXPECT_EQ(str(parameters[0]["definition"]), "http://hl7.org/fhir/SearchParameter/Slot-start");
    EXPECT_EQ(str(parameters[1]["name"]), "status");
    EXPECT_EQ(str(parameters[1]["type"]), "token");
    EXPECT_FALSE(parameters[1].HasMember("definition")) << "an empty definition is omitted";
    EXPECT_EQ(str(parameters[2]["name"]), "schedule");

    const auto& appointment = resources[1];
    EXPECT_EQ(str(appointment["type"]), "Appointment");
    EXPECT_EQ(str(appointment["versioning"]), "no-version");
    EXPECT_FALSE(appointment["conditionalCreate"].GetBool());
    EXPECT_FALSE(appointment.HasMember("searchParam"));
    EXPECT_FALSE(appointment.HasMember("supportedProfile"));
}

TEST(CapabilityStatementBuilder, ImplementationUrlIsOmittedWhenUnknown)
{
    ServerCapabilities capabilities = sampleCapabilities();
    capabilities.implementationUrl.clear();
    const auto document = parseJson(sas::fhir::writeJson(buildCapabilityStatement(capabilities)));
    EXPECT_FALSE(document["implementation"].HasMember("url"));
}

TEST(CapabilityStatementBuilder, ElementsFollowFhirDefinitionOrder)
{
    // The XML writer emits members in order and FHIR XML is order-sensitive.
    const Node statement = buildCapabilityStatement(sampleCapabilities());
    EXPECT_TRUE(inFhirOrder(memberNames(statement),
                            {"resourceType", "id", "meta", "url", "version", "name", "title", "status",
                             "experimental", "date", "publisher", "contact", "description", "kind", "instantiates",
                             "imports", "software", "implementation", "fhirVersion", "format", "patchFormat",
                             "implementationGuide", "rest"}));

    const Node& rest = statement.find("rest")->values.front();
    EXPECT_TRUE(inFhirOrder(memberNames(rest), {"mode", "documentation", "security", "resource", "interaction",
                                                "searchParam", "operation", "compartment"}));
    EXPECT_TRUE(inFhirOrder(memberNames(*rest.first("security")), {"cors", "service", "description"}));

    const Node& resource = rest.find("resource")->values.front();
    EXPECT_TRUE(inFhirOrder(memberNames(resource),
                            {"type", "profile", "supportedProfile", "documentation", "interaction", "versioning",
                             "readHistory", "updateCreate", "conditionalCreate", "conditionalRead",
                             "conditionalUpdate", "conditionalDelete", "referencePolicy", "searchInclude",
                             "searchRevInclude", "searchParam", "operation"}));
    EXPECT_TRUE(inFhirOrder(memberNames(resource.find("searchParam")->values.front()),
                            {"name", "definition", "type", "documentation"}));
}

TEST(CapabilityStatementBuilder, XmlRenderingIsWellFormed)
{
    const std::string xml = sas::fhir::writeXml(buildCapabilityStatement(sampleCapabilities()), true);
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document;
    ASSERT_NO_THROW(document = parser.parseString(xml)) << xml;
    EXPECT_EQ(document->documentElement()->localName(), "CapabilityStatement");
}
