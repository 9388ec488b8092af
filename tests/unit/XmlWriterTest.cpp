#include "fhir/xml/XmlWriter.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/XMLReader.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using sas::fhir::Node;
using sas::fhir::writeXml;

namespace
{

const std::string FHIR_NS = "http://hl7.org/fhir";
const std::string XHTML_NS = "http://www.w3.org/1999/xhtml";

/// Parses with namespaces on; a failure to parse fails the test (well-formedness).
Poco::AutoPtr<Poco::XML::Document> parseXml(const std::string& xml)
{
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
    try
    {
        return Poco::AutoPtr<Poco::XML::Document>(parser.parseString(xml));
    }
    catch (const Poco::Exception& e)
    {
        ADD_FAILURE() << "not well-formed: " << e.displayText() << "\n" << xml;
        return {};
    }
}

std::vector<Poco::XML::Element*> childElements(const Poco::XML::Node* parent)
{
    std::vector<Poco::XML::Element*> children;
    for (Poco::XML::Node* child = parent->firstChild(); child; child = child->nextSibling())
        if (child->nodeType() == Poco::XML::Node::ELEMENT_NODE)
            children.push_back(static_cast<Poco::XML::Element*>(child));
    return children;
}

std::vector<std::string> childNames(const Poco::XML::Node* parent)
{
    std::vector<std::string> names;
    for (const auto* child : childElements(parent))
        names.push_back(child->localName());
    return names;
}

Poco::XML::Element* child(const Poco::XML::Element* parent, const std::string& name)
{
    for (auto* element : childElements(parent))
        if (element->localName() == name)
            return element;
    return nullptr;
}

} // namespace

TEST(XmlWriter, RootIsTheResourceTypeInTheFhirNamespace)
{
    Node slot = Node::resource("Slot");
    slot.set("id", Node::string("s1"));
    slot.set("status", Node::string("free"));

    const std::string xml = writeXml(slot);
    EXPECT_EQ(xml.rfind("<?xml", 0), 0u) << "starts with the XML declaration";
    const auto document = parseXml(xml);
    ASSERT_TRUE(document);
    const auto* root = document->documentElement();
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->localName(), "Slot");
    EXPECT_EQ(root->namespaceURI(), FHIR_NS);
    // resourceType is the element name, never a child; a resource's id is an element.
    EXPECT_EQ(childNames(root), (std::vector<std::string>{"id", "status"}));
    EXPECT_EQ(child(root, "id")->getAttribute("value"), "s1");
    EXPECT_FALSE(root->hasAttribute("id"));
}

TEST(XmlWriter, PrimitivesAreValueAttributesWithEscaping)
{
    const std::string tricky = "a & b < c > d \"e\" 'f'\nline2\ttab\rcr";
    Node slot = Node::resource("Slot");
    slot.set("comment", Node::string(tricky));

    const auto document = parseXml(writeXml(slot));
    ASSERT_TRUE(document);
    const auto* comment = child(document->documentElement(), "comment");
    ASSERT_NE(comment, nullptr);
    // Attribute-value normalisation would turn a raw newline or tab into a space: they must be
    // written as character references to survive.
    EXPECT_EQ(comment->getAttribute("value"), tricky);
}

TEST(XmlWriter, NonAsciiUtf8IsKept)
{
    const std::string name = "Élodie Müller 日本 \xF0\x9F\x9A\x91";
    Node patient = Node::resource("Patient");
    Node humanName = Node::object();
    humanName.set("text", Node::string(name));
    patient.append("name", std::move(humanName));

    const auto document = parseXml(writeXml(patient));
    ASSERT_TRUE(document);
    EXPECT_EQ(child(child(document->documentElement(), "name"), "text")->getAttribute("value"), name);
}

TEST(XmlWriter, NumbersAndBooleansAreValueAttributes)
{
    Node node = Node::resource("Basic");
    node.set("price", Node::number("12.50"));
    node.set("active", Node::boolean(true));

    const auto document = parseXml(writeXml(node));
    ASSERT_TRUE(document);
    EXPECT_EQ(child(document->documentElement(), "price")->getAttribute("value"), "12.50");
    EXPECT_EQ(child(document->documentElement(), "active")->getAttribute("value"), "true");
}

TEST(XmlWriter, RepeatingMembersBecomeRepeatedElementsInOrder)
{
    Node name = Node::object();
    name.set("family", Node::string("Durand"));
    name.append("given", Node::string("Marie"));
    name.append("given", Node::string("Anne"));
    Node patient = Node::resource("Patient");
    patient.append("name", std::move(name));

    const auto document = parseXml(writeXml(patient));
    ASSERT_TRUE(document);
    const auto* nameElement = child(document->documentElement(), "name");
    ASSERT_NE(nameElement, nullptr);
    const auto children = childElements(nameElement);
    ASSERT_EQ(children.size(), 3u);
    EXPECT_EQ(children[0]->localName(), "family");
    EXPECT_EQ(children[1]->getAttribute("value"), "Marie");
    EXPECT_EQ(children[2]->getAttribute("value"), "Anne");
}

TEST(XmlWriter, ElementIdIsAnAttribute)
{
    Node identifier = Node::object();
    identifier.set("id", Node::string("ident-1"));
    identifier.set("system", Node::string("urn:oid:1.2.250.1.71.4.2.1"));
    identifier.set("value", Node::string("123"));
    Node practitioner = Node::resource("Practitioner");
    practitioner.append("identifier", std::move(identifier));

    const auto document = parseXml(writeXml(practitioner));
    ASSERT_TRUE(document);
    const auto* element = child(document->documentElement(), "identifier");
    ASSERT_NE(element, nullptr);
    EXPECT_EQ(element->getAttribute("id"), "ident-1");
    EXPECT_EQ(childNames(element), (std::vector<std::string>{"system", "value"}));
    EXPECT_EQ(child(element, "value")->getAttribute("value"), "123");
}

TEST(XmlWriter, ExtensionUrlIsAnAttribute)
{
    Node extension = Node::object();
    extension.set("url", Node::string("https://example.org/ext?a=1&b=2"));
    extension.set("valueString", Node::string("x"));
    Node slot = Node::resource("Slot");
    slot.append("extension", std::move(extension));

    const auto document = parseXml(writeXml(slot));
    ASSERT_TRUE(document);
    const auto* element = child(document->documentElement(), "extension");
    ASSERT_NE(element, nullptr);
    EXPECT_EQ(element->getAttribute("url"), "https://example.org/ext?a=1&b=2");
    EXPECT_EQ(childNames(element), (std::vector<std::string>{"valueString"}));
}

TEST(XmlWriter, NestedExtensionsAndModifierExtensionsKeepUrlAttributes)
{
    Node inner = Node::object();
    inner.set("url", Node::string("part"));
    inner.set("valueCode", Node::string("a"));
    Node outer = Node::object();
    outer.set("url", Node::string("https://example.org/complex"));
    outer.append("extension", std::move(inner));
    Node modifier = Node::object();
    modifier.set("url", Node::string("https://example.org/modifier"));
    modifier.set("valueBoolean", Node::boolean(true));
    Node slot = Node::resource("Slot");
    slot.append("extension", std::move(outer));
    slot.append("modifierExtension", std::move(modifier));

    const auto document = parseXml(writeXml(slot));
    ASSERT_TRUE(document);
    const auto* outerElement = child(document->documentElement(), "extension");
    ASSERT_NE(outerElement, nullptr);
    EXPECT_EQ(outerElement->getAttribute("url"), "https://example.org/complex");
    const auto* innerElement = child(outerElement, "extension");
    ASSERT_NE(innerElement, nullptr);
    EXPECT_EQ(innerElement->getAttribute("url"), "part");
    EXPECT_EQ(childNames(innerElement), (std::vector<std::string>{"valueCode"}));
    const auto* modifierElement = child(document->documentElement(), "modifierExtension");
    ASSERT_NE(modifierElement, nullptr);
    EXPECT_EQ(modifierElement->getAttribute("url"), "https://example.org/modifier");
}

TEST(XmlWriter, UrlOfAnOrdinaryElementStaysAnElement)
{
    Node implementation = Node::object();
    implementation.set("description", Node::string("SAS"));
    implementation.set("url", Node::string("https://sas.example/fhir"));
    Node statement = Node::resource("CapabilityStatement");
    statement.set("implementation", std::move(implementation));

    const auto document = parseXml(writeXml(statement));
    ASSERT_TRUE(document);
    const auto* element = child(document->documentElement(), "implementation");
    ASSERT_NE(element, nullptr);
    EXPECT_FALSE(element->hasAttribute("url"));
    ASSERT_NE(child(element, "url"), nullptr);
    EXPECT_EQ(child(element, "url")->getAttribute("value"), "https://sas.example/fhir");
}

TEST(XmlWriter, NestedResourceIsWrappedInItsTypeElement)
{
    Node practitioner = Node::resource("Practitioner");
    practitioner.set("id", Node::string("p1"));
    practitioner.set("active", Node::boolean(true));
    Node reference = Node::object();
    reference.set("reference", Node::string("#p1"));
    Node appointment = Node::resource("Appointment");
    appointment.append("contained", std::move(practitioner));
    appointment.set("status", Node::string("booked"));
    Node participant = Node::object();
    participant.set("actor", std::move(reference));
    appointment.append("participant", std::move(participant));

    const auto document = parseXml(writeXml(appointment));
    ASSERT_TRUE(document);
    const auto* root = document->documentElement();
    EXPECT_EQ(childNames(root), (std::vector<std::string>{"contained", "status", "participant"}));
    const auto* contained = child(root, "contained");
    ASSERT_NE(contained, nullptr);
    const auto wrapped = childElements(contained);
    ASSERT_EQ(wrapped.size(), 1u);
    EXPECT_EQ(wrapped[0]->localName(), "Practitioner");
    EXPECT_EQ(wrapped[0]->namespaceURI(), FHIR_NS);
    // Inside the contained resource, id is an element again, not an attribute.
    EXPECT_EQ(childNames(wrapped[0]), (std::vector<std::string>{"id", "active"}));
    EXPECT_EQ(child(wrapped[0], "id")->getAttribute("value"), "p1");
    EXPECT_FALSE(contained->hasAttribute("id"));
}

TEST(XmlWriter, BundleEntryResourceIsWrapped)
{
    Node slot = Node::resource("Slot");
    slot.set("id", Node::string("s1"));
    Node entry = Node::object();
    entry.set("fullUrl", Node::string("https://sas.example/fhir/Slot/s1"));
    entry.set("resource", std::move(slot));
    Node bundle = Node::resource("Bundle");
    bundle.set("type", Node::string("searchset"));
    bundle.append("entry", std::move(entry));

    const auto document = parseXml(writeXml(bundle));
    ASSERT_TRUE(document);
    const auto* entryElement = child(document->documentElement(), "entry");
    ASSERT_NE(entryElement, nullptr);
    const auto* resource = child(entryElement, "resource");
    ASSERT_NE(resource, nullptr);
    ASSERT_NE(child(resource, "Slot"), nullptr);
    EXPECT_EQ(child(child(resource, "Slot"), "id")->getAttribute("value"), "s1");
}

TEST(XmlWriter, XhtmlIsCopiedAsMarkup)
{
    Node text = Node::object();
    text.set("status", Node::string("generated"));
    text.set("div", Node::xhtml("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Slot &amp; <b>free</b></p></div>"));
    Node slot = Node::resource("Slot");
    slot.set("text", std::move(text));

    const auto document = parseXml(writeXml(slot));
    ASSERT_TRUE(document);
    const auto* textElement = child(document->documentElement(), "text");
    ASSERT_NE(textElement, nullptr);
    const auto* div = child(textElement, "div");
    ASSERT_NE(div, nullptr);
    EXPECT_EQ(div->namespaceURI(), XHTML_NS);
    EXPECT_EQ(div->innerText(), "Slot & free");
}

TEST(XmlWriter, PrettyOutputParsesToTheSameTree)
{
    Node extension = Node::object();
    extension.set("url", Node::string("https://example.org/e"));
    extension.set("valueString", Node::string("v\n2"));
    Node name = Node::object();
    name.set("id", Node::string("n1"));
    name.append("given", Node::string("Anne & Marie"));
    Node contained = Node::resource("Organization");
    contained.set("id", Node::string("o1"));
    Node patient = Node::resource("Patient");
    patient.set("id", Node::string("pat"));
    patient.append("contained", std::move(contained));
    patient.append("extension", std::move(extension));
    patient.append("name", std::move(name));

    const std::string compact = writeXml(patient);
    const std::string pretty = writeXml(patient, true);
    EXPECT_NE(pretty.find("\n  "), std::string::npos) << "pretty output is indented";

    const auto a = parseXml(compact);
    const auto b = parseXml(pretty);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    const auto* rootA = a->documentElement();
    const auto* rootB = b->documentElement();
    EXPECT_EQ(childNames(rootA), childNames(rootB));
    EXPECT_EQ(child(rootB, "extension")->getAttribute("url"), "https://example.org/e");
    EXPECT_EQ(child(child(rootB, "extension"), "valueString")->getAttribute("value"), "v\n2");
    EXPECT_EQ(child(rootB, "name")->getAttribute("id"), "n1");
    EXPECT_EQ(child(child(rootB, "name"), "given")->getAttribute("value"), "Anne & Marie");
    EXPECT_EQ(child(child(rootB, "contained"), "Organization")->localName(), "Organization");
}
