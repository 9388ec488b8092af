#include "fhir/xml/XmlWriter.h"

#include "fhir/model/TypeDefinitions.h"
#include "fhir/xml/appendXmlEscaped.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace sas::fhir
{
namespace
{

constexpr std::size_t UNKNOWN = std::numeric_limits<std::size_t>::max();

class Writer
{
public:
    explicit Writer(bool pretty) : _pretty(pretty) { _extension = findType("Extension"); }

    void resource(const Node& node, const char* xmlns)
    {
        const std::string_view type = node.resourceType();
        indent();
        _out += '<';
        _out += type;
        if (xmlns)
        {
            _out += " xmlns=\"";
            _out += xmlns;
            _out += '"';
        }
        _out += '>';
        newline();
        ++_depth;
        members(node, findType(type), /*isExtension=*/false, /*isResource=*/true);
        --_depth;
        indent();
        _out += "</";
        _out += type;
        _out += '>';
        newline();
    }

    std::string take() { return std::move(_out); }
    void reserve(std::size_t size) { _out.reserve(size); }

private:
    /// Position of a member in its type's definition; unknown members (and unknown types) keep their place
    /// after the known ones.
    static std::size_t rank(const TypeDefinition* type, const Node::Member& member)
    {
        if (!type)
            return 0;
        const ElementDefinition* element = type->element(member.name);
        return element ? type->indexOf(*element) : UNKNOWN;
    }

    void members(const Node& node, const TypeDefinition* type, bool isExtension, bool isResource)
    {
        const auto& all = node.members();
        bool sorted = true;
        std::size_t last = 0;
        for (const auto& member : all)
        {
            const std::size_t r = rank(type, member);
            if (r < last)
            {
                sorted = false;
                break;
            }
            last = r;
        }
        if (sorted)
        {
            for (const auto& member : all)
                memberElements(member, type, isExtension, isResource);
            return;
        }
        std::vector<std::pair<std::size_t, const Node::Member*>> ordered;
        ordered.reserve(all.size());
        for (const auto& member : all)
            ordered.emplace_back(rank(type, member), &member);
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [r, member] : ordered)
            memberElements(*member, type, isExtension, isResource);
    }

    void memberElements(const Node::Member& member, const TypeDefinition* type, bool isExtension, bool isResource)
    {
        if (member.name == "resourceType")
            return;
        if (!isResource && (member.name == "id" || (isExtension && member.name == "url")))
            return; // written as attributes by element()
        const ElementDefinition* definition = type ? type->element(member.name) : nullptr;
        const TypeDefinition* valueType = definition ? type->typeOf(*definition) : nullptr;
        for (const auto& value : member.values)
            element(member.name, value, valueType);
    }

    void element(const std::string& name, const Node& node, const TypeDefinition* type)
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
        case Node::Kind::Null:
            primitive(name, node);
            return;
        case Node::Kind::Object:
            break;
        }

        if (!node.resourceType().empty())
        {
            open(name);
            ++_depth;
            resource(node, nullptr);
            --_depth;
            close(name);
            return;
        }

        const bool isExtension = name == "extension" || name == "modifierExtension";
        _out += '<';
        _out += name;
        attribute(node, "id");
        if (isExtension)
            attribute(node, "url");
        _out += '>';
        newline();
        ++_depth;
        members(node, isExtension ? _extension : type, isExtension, false);
        --_depth;
        close(name);
    }

    /// `<name id="…" value="…"/>`, or with child extensions `<name value="…"><extension …/></name>`.
    void primitive(const std::string& name, const Node& node)
    {
        _out += '<';
        _out += name;
        attribute(node, "id");
        if (node.kind() != Node::Kind::Null)
        {
            _out += " value=\"";
            appendXmlEscaped(_out, node.value(), true);
            _out += '"';
        }
        const Node::Member* extensions = node.find("extension");
        if (!extensions || extensions->values.empty())
        {
            _out += "/>";
            newline();
            return;
        }
        _out += '>';
        newline();
        ++_depth;
        for (const auto& extension : extensions->values)
            element("extension", extension, _extension);
        --_depth;
        close(name);
    }

    void open(const std::string& name)
    {
        _out += '<';
        _out += name;
        _out += '>';
        newline();
    }

    void close(const std::string& name)
    {
        indent();
        _out += "</";
        _out += name;
        _out += '>';
        newline();
    }

    void attribute(const Node& node, const char* name)
    {
        if (const Node* value = node.first(name))
        {
            _out += ' ';
            _out += name;
            _out += "=\"";
            appendXmlEscaped(_out, value->value(), true);
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
    const TypeDefinition* _extension = nullptr;
    std::string _out;
};

} // namespace

std::string writeXml(const Node& resource, bool pretty)
{
    Writer writer(pretty);
    writer.reserve(4096);
    writer.resource(resource, "http://hl7.org/fhir");
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + std::string(pretty ? "\n" : "") + writer.take();
}

} // namespace sas::fhir
