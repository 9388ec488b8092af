#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sas::fhir
{

/// A FHIR value in document order, independent of JSON and XML: a resource or complex element
/// (Object, with named members), or a primitive whose lexical form is kept exactly as written
/// (so decimals never pass through a double). A resource is an Object whose first member is
/// "resourceType", as in JSON; the XML writer turns it into the element name.
class Node
{
public:
    enum class Kind
    {
        Object,
        String,
        Number,
        Boolean,
        Xhtml,
    };

    /// A named member; `array` records whether JSON shows it as an array even with one value.
    struct Member
    {
        std::string name;
        std::vector<Node> values;
        bool array = false;
    };

    static Node object();
    static Node resource(std::string_view resourceType);
    static Node string(std::string value);
    static Node number(std::string lexical);
    static Node boolean(bool value);
    static Node xhtml(std::string markup);

    Kind kind() const { return _kind; }
    /// Lexical value of a primitive ("true", "12.50", "2026-11-22T10:00:00.000+01:00").
    const std::string& value() const { return _value; }
    const std::vector<Member>& members() const { return _members; }

    /// Sets a single-valued member, replacing an existing one of that name.
    Node& set(std::string_view name, Node value);
    /// Appends a value to an array member, creating it at the end if absent.
    Node& append(std::string_view name, Node value);
    /// The member of that name, or nullptr.
    const Member* find(std::string_view name) const;
    /// The first value of a member, or nullptr.
    const Node* first(std::string_view name) const;
    /// The resourceType of a resource node, empty otherwise.
    std::string_view resourceType() const;

private:
    Node(Kind kind, std::string value) : _kind(kind), _value(std::move(value)) { }
    Member* findMutable(std::string_view name);

    Kind _kind;
    std::string _value;
    std::vector<Member> _members;
};

} // namespace sas::fhir
