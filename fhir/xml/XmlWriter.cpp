#include "fhir/xml/XmlWriter.h"

namespace sas::fhir
{
namespace
{

void appendEscaped(std::string& out, const std::string& text)
{
    for (char c : text)
    {
        switch (c)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\n': out += "&#xA;"; break;
        case '\r': out += "&#xD;"; break;
        case '\t': out += "&#x9;"; break;
        default: out += c;
        }
    }
}

class Writer
{
public:
    explicit Writer(bool pretty) : _pretty(pretty) { }

    void resource(const Node& node, const char* xmlns)
    {
        std::string type(node.resourceType());
        indent();
        _out += '<' + type;
        if (xmlns)
            _out += std::string(" xmlns=\"") + xmlns + '"';
        _out += '>';
        newline();
        ++_depth;
        members(node, /*isExtension=*/false, /*isResource=*/true);
        --_depth;
        indent();
        _out += "</" + type + '>';
        newline();
    }

    std::string take() { return std::move(_out); }

private:
    void members(const Node& node, bool isExtension, bool isResource)
    {
        for (const auto& member : node.members())
        {
            if (member.name == "resourceType")
                continue;
            if (!isResource && (member.name == "id" || (isExtension && member.name == "url")))
                continue; // written as attributes by element()
            for (const auto& value : member.values)
                element(member.name, value);
        }
    }

    void element(const std::string& name, const Node& node)
    {
        indent();
        switch (node.kind())
        {
        case Node::Kind::Xhtml:
            _out += node.value();
            newline();
            return;
        case Node::Kind::String:
        case Node::Kind::Number:
        case Node::Kind::Boolean:
            _out += '<' + name + " value=\"";
            appendEscaped(_out, node.value());
            _out += "\"/>";
            newline();
            return;
        case Node::Kind::Object:
            break;
        }

        if (!node.resourceType().empty())
        {
            _out += '<' + name + '>';
            newline();
            ++_depth;
            resource(node, nullptr);
            --_depth;
            indent();
            _out += "</" + name + '>';
            newline();
            return;
        }

        const bool isExtension = name == "extension" || name == "modifierExtension";
        _out += '<' + name;
        attribute(node, "id");
        if (isExtension)
            attribute(node, "url");
        _out += '>';
        newline();
        ++_depth;
        members(node, isExtension, false);
        --_depth;
        indent();
        _out += "</" + name + '>';
        newline();
    }

    void attribute(const Node& node, const char* name)
    {
        if (const Node* value = node.first(name))
        {
            _out += std::string(" ") + name + "=\"";
            appendEscaped(_out, value->value());
            _out += '"';
        }
    }

    void indent()
    {
        if (_pretty)
            _out.append(static_cast<size_t>(_depth) * 2, ' ');
    }

    void newline()
    {
        if (_pretty)
            _out += '\n';
    }

    bool _pretty;
    int _depth = 0;
    std::string _out;
};

} // namespace

std::string writeXml(const Node& resource, bool pretty)
{
    Writer writer(pretty);
    writer.resource(resource, "http://hl7.org/fhir");
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + std::string(pretty ? "\n" : "") + writer.take();
}

} // namespace sas::fhir
