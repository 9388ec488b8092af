#include "fhir/xml/serializeXhtml.h"

#include "fhir/xml/appendXmlEscaped.h"
#include "fhir/xml/toUtf8.h"

#include <xercesc/dom/DOMAttr.hpp>
#include <xercesc/dom/DOMNamedNodeMap.hpp>
#include <xercesc/dom/DOMNode.hpp>
#include <xercesc/util/XMLString.hpp>

namespace sas::fhir
{
namespace
{

bool writeElement(std::string& out, const xercesc::DOMElement& element, std::size_t depth, std::size_t maxDepth,
                  bool top)
{
    if (depth > maxDepth)
        return false;
    const std::string name = toUtf8(element.getNodeName());
    out += '<';
    out += name;
    bool declared = false;
    const xercesc::DOMNamedNodeMap* attributes = element.getAttributes();
    const XMLSize_t count = attributes ? attributes->getLength() : 0;
    const XMLCh* prefix = element.getPrefix();
    for (XMLSize_t i = 0; i < count; ++i)
    {
        const auto* attribute = static_cast<const xercesc::DOMAttr*>(attributes->item(i));
        const std::string attributeName = toUtf8(attribute->getName());
        if (attributeName == (prefix ? "xmlns:" + toUtf8(prefix) : std::string("xmlns")))
            declared = true;
        out += ' ';
        out += attributeName;
        out += "=\"";
        appendXmlEscaped(out, toUtf8(attribute->getValue()), true);
        out += '"';
    }
    if (top && !declared && element.getNamespaceURI())
    {
        out += prefix ? " xmlns:" + toUtf8(prefix) : std::string(" xmlns");
        out += "=\"";
        appendXmlEscaped(out, toUtf8(element.getNamespaceURI()), true);
        out += '"';
    }
    const xercesc::DOMNode* child = element.getFirstChild();
    if (!child)
    {
        out += "/>";
        return true;
    }
    out += '>';
    for (; child; child = child->getNextSibling())
    {
        switch (child->getNodeType())
        {
        case xercesc::DOMNode::ELEMENT_NODE:
            if (!writeElement(out, *static_cast<const xercesc::DOMElement*>(child), depth + 1, maxDepth, false))
                return false;
            break;
        case xercesc::DOMNode::TEXT_NODE:
        case xercesc::DOMNode::CDATA_SECTION_NODE:
            appendXmlEscaped(out, toUtf8(child->getNodeValue()), false);
            break;
        default:
            break;
        }
    }
    out += "</";
    out += name;
    out += '>';
    return true;
}

} // namespace

std::optional<std::string> serializeXhtml(const xercesc::DOMElement& element, std::size_t maxDepth)
{
    std::string out;
    if (!writeElement(out, element, 0, maxDepth, true))
        return std::nullopt;
    return out;
}

} // namespace sas::fhir
