#include "fhir/xml/XmlReader.h"

#include "fhir/model/ReadContext.h"
#include "fhir/model/TypeDefinitions.h"
#include "fhir/model/isValidPrimitive.h"
#include "fhir/xml/SecureXmlParser.h"
#include "fhir/xml/serializeXhtml.h"
#include "fhir/xml/toUtf8.h"

#include <algorithm>
#include <optional>
#include <vector>
#include <xercesc/dom/DOMAttr.hpp>
#include <xercesc/dom/DOMDocument.hpp>
#include <xercesc/dom/DOMElement.hpp>
#include <xercesc/dom/DOMNamedNodeMap.hpp>
#include <xercesc/dom/DOMNode.hpp>

namespace sas::fhir
{
namespace
{

constexpr std::string_view FHIR_NS = "http://hl7.org/fhir";
constexpr std::string_view XHTML_NS = "http://www.w3.org/1999/xhtml";
constexpr std::string_view XMLNS_NS = "http://www.w3.org/2000/xmlns/";
constexpr std::string_view XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

bool isWhitespace(const std::string& text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

/// Values an element received, in document order.
struct Slot
{
    const ElementDefinition* element = nullptr;
    std::vector<Node> values;
};

class Converter
{
public:
    explicit Converter(ReadContext& context) : _context(context) {}

    std::optional<Node> resource(const xercesc::DOMElement& element, std::size_t depth)
    {
        const std::string name = toUtf8(element.getLocalName());
        const TypeDefinition* type = toUtf8(element.getNamespaceURI()) == FHIR_NS ? findResourceType(name) : nullptr;
        if (!type)
        {
            _context.error("Unknown or unsupported resource element (expected a FHIR resource in namespace " +
                               std::string(FHIR_NS) + ")",
                           {}, "not-supported");
            return std::nullopt;
        }
        ReadContext::Step step(_context, _context.resourceStep(type->name()));
        Node node = Node::resource(type->name());
        content(element, *type, node, depth, true, nullptr);
        return node;
    }

private:
    /// Attributes and child elements of `element`, read as members of `type` into `node`. With `value`, the
    /// element is a primitive and its `value` attribute lands there.
    void content(const xercesc::DOMElement& element, const TypeDefinition& type, Node& node, std::size_t depth,
                 bool isResource, std::optional<std::string>* value)
    {
        if (depth > _context.options().maxDepth)
        {
            _context.error("XML nested deeper than " + std::to_string(_context.options().maxDepth) + " levels");
            return;
        }
        std::vector<Slot> slots;
        auto slotFor = [&](const ElementDefinition* definition) -> Slot&
        {
            for (auto& slot : slots)
                if (slot.element == definition)
                    return slot;
            slots.push_back(Slot{definition, {}});
            return slots.back();
        };

        const xercesc::DOMNamedNodeMap* attributes = element.getAttributes();
        const XMLSize_t attributeCount = attributes ? attributes->getLength() : 0;
        for (XMLSize_t i = 0; i < attributeCount; ++i)
        {
            const auto* attribute = static_cast<const xercesc::DOMAttr*>(attributes->item(i));
            const std::string ns = toUtf8(attribute->getNamespaceURI());
            if (ns == XMLNS_NS || ns == XSI_NS)
                continue;
            const std::string name = toUtf8(attribute->getLocalName());
            std::string text = toUtf8(attribute->getValue());
            if (ns.empty() && value && name == "value")
            {
                *value = std::move(text);
                continue;
            }
            const bool allowed =
                ns.empty() && !isResource && (name == "id" || (name == "url" && type.name() == "Extension"));
            const ElementDefinition* definition = allowed ? type.element(name) : nullptr;
            if (!definition)
            {
                _context.unknownElement("@" + name, type.name());
                continue;
            }
            ReadContext::Step step(_context, '.', name);
            if (auto primitive = primitiveValue(text, *type.typeOf(*definition)))
                slotFor(definition).values.push_back(std::move(*primitive));
        }

        const ElementDefinition* previous = nullptr;
        std::size_t elementCount = 0;
        for (const xercesc::DOMNode* child = element.getFirstChild(); child; child = child->getNextSibling())
        {
            const auto nodeType = child->getNodeType();
            if (nodeType == xercesc::DOMNode::TEXT_NODE || nodeType == xercesc::DOMNode::CDATA_SECTION_NODE)
            {
                if (!isWhitespace(toUtf8(child->getNodeValue())))
                    _context.error("Text is not allowed here; FHIR values are 'value' attributes");
                continue;
            }
            if (nodeType != xercesc::DOMNode::ELEMENT_NODE)
                continue;
            ++elementCount;
            const auto& childElement = *static_cast<const xercesc::DOMElement*>(child);
            const std::string name = toUtf8(childElement.getLocalName());
            const std::string ns = toUtf8(childElement.getNamespaceURI());
            const ElementDefinition* definition = type.element(name);
            if (definition && value && name != "extension")
                definition = nullptr; // a primitive's children are extensions only
            if (definition && !isResource && (name == "id" || (name == "url" && type.name() == "Extension")))
                definition = nullptr; // attributes in XML
            const TypeDefinition* childType = definition ? type.typeOf(*definition) : nullptr;
            const bool xhtml = childType && childType->valueKind() == Node::Kind::Xhtml;
            if (definition && ns != (xhtml ? XHTML_NS : FHIR_NS))
                definition = nullptr;
            if (!definition)
            {
                _context.unknownElement(ns == FHIR_NS || ns.empty() ? name : "{" + ns + "}" + name, type.name());
                continue;
            }
            Slot& slot = slotFor(definition);
            const std::size_t index = slot.values.size();
            ReadContext::Step step(_context, _context.elementStep(name, definition->repeats, index));
            if (previous && definition->order < previous->order)
                _context.strictOnly("Element '" + name + "' is out of order (FHIR XML follows definition order)");
            else if (previous && previous != definition && !slot.values.empty())
                _context.strictOnly("Element '" + name + "' is out of order (its repetitions must be contiguous)");
            if (!definition->repeats && index > 0)
            {
                _context.error("Element '" + name + "' cannot repeat");
                continue;
            }
            previous = definition;
            if (auto converted = convert(childElement, *definition, childType, depth + 1))
                slot.values.push_back(std::move(*converted));
        }

        if (isResource || !value)
        {
            if (!isResource && attributeCount == 0 && elementCount == 0)
                _context.error("Empty elements are not allowed");
        }
        std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.element < b.element; });
        node.reserveMembers(node.members().size() + slots.size());
        for (auto& slot : slots)
            if (!slot.values.empty())
                node.addMember(
                    Node::Member{std::string(slot.element->name), std::move(slot.values), slot.element->repeats});
        if (!value)
            _context.checkCardinality(type,
                                      [&](std::size_t index)
                                      {
                                          const ElementDefinition* definition = &type.elements()[index];
                                          for (const auto& slot : slots)
                                              if (slot.element == definition)
                                                  return true;
                                          return false;
                                      });
    }

    std::optional<Node> convert(const xercesc::DOMElement& element, const ElementDefinition& definition,
                                const TypeDefinition* type, std::size_t depth)
    {
        if (!type)
            return nestedResource(element, depth);
        if (type->valueKind() == Node::Kind::Xhtml)
        {
            if (toUtf8(element.getLocalName()) != "div")
            {
                _context.error("The narrative must be a <div> in the XHTML namespace", {}, "value");
                return std::nullopt;
            }
            auto markup = serializeXhtml(element, _context.options().maxDepth);
            if (!markup)
            {
                _context.error("XML nested deeper than " + std::to_string(_context.options().maxDepth) + " levels");
                return std::nullopt;
            }
            return Node::xhtml(std::move(*markup));
        }
        if (type->isPrimitive())
        {
            static const TypeDefinition* const ELEMENT = findType("Element");
            std::optional<std::string> value;
            Node extras = Node::object();
            content(element, *ELEMENT, extras, depth, false, &value);
            std::optional<Node> node;
            if (value)
                node = primitiveValue(*value, *type);
            else if (!extras.members().empty())
                node = Node::null();
            else
                _context.error("Element '" + std::string(definition.name) + "' has no value and no extension");
            if (node)
                for (const auto& member : extras.members())
                    node->addMember(member);
            return node;
        }
        Node node = Node::object();
        content(element, *type, node, depth, false, nullptr);
        return node;
    }

    std::optional<Node> nestedResource(const xercesc::DOMElement& element, std::size_t depth)
    {
        const xercesc::DOMElement* inner = nullptr;
        std::size_t count = 0;
        for (const xercesc::DOMNode* child = element.getFirstChild(); child; child = child->getNextSibling())
        {
            if (child->getNodeType() == xercesc::DOMNode::ELEMENT_NODE)
            {
                inner = static_cast<const xercesc::DOMElement*>(child);
                ++count;
            }
            else if (child->getNodeType() == xercesc::DOMNode::TEXT_NODE &&
                     !isWhitespace(toUtf8(child->getNodeValue())))
            {
                _context.error("Text is not allowed here");
            }
        }
        if (count != 1 || (element.getAttributes() && element.getAttributes()->getLength() > 0))
        {
            _context.error("A resource element holds exactly one resource and no attributes");
            return std::nullopt;
        }
        if (depth > _context.options().maxDepth)
        {
            _context.error("XML nested deeper than " + std::to_string(_context.options().maxDepth) + " levels");
            return std::nullopt;
        }
        return resource(*inner, depth + 1);
    }

    std::optional<Node> primitiveValue(const std::string& text, const TypeDefinition& type)
    {
        if (!isValidPrimitive(type.name(), text))
        {
            _context.error(text.empty() ? "Empty values are not allowed" : "Not a valid " + std::string(type.name()),
                           {}, "value");
            return std::nullopt;
        }
        if (type.name() == "decimal" && !decimalFitsDouble(text))
        {
            _context.error("Decimal beyond the range of a double (about 1.8e308)", {}, "value");
            return std::nullopt;
        }
        switch (type.valueKind())
        {
        case Node::Kind::Boolean:
            return Node::boolean(text == "true");
        case Node::Kind::Number:
            return Node::number(text);
        default:
            return Node::string(text);
        }
    }

    ReadContext& _context;
};

} // namespace

core::Result<ParsedResource> readXml(std::string_view text, const ReadOptions& options)
{
    SecureXmlParser parser;
    auto document = parser.parse(text, options.maxDepth);
    if (!document)
        return core::fail(std::move(document.error()));
    ReadContext context(options, "XML");
    Converter converter(context);
    std::optional<Node> resource = converter.resource(*(*document)->getDocumentElement(), 1);
    return context.finish(resource ? std::move(*resource) : Node::object());
}

} // namespace sas::fhir
