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
///
/// A primitive's own members are its element `id` and `extension` (JSON `_birthDate`, XML child
/// `<extension>` of the primitive element). A Null primitive has no value, only such members: it is
/// the `null` of a JSON primitive array whose `_name` twin carries extensions for that position.
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
        Null,
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
    /// A primitive without a value; give it an `id` or `extension` member.
    static Node null();

    Kind kind() const { return _kind; }
    /// Every kind but Object: a value (or Null) plus optional `id`/`extension` members.
    bool isPrimitive() const { return _kind != Kind::Object; }
    /// Lexical value of a primitive ("true", "12.50", "2026-11-22T10:00:00.000+01:00").
    const std::string& value() const { return _value; }
    const std::vector<Member>& members() const { return _members; }

    /// Sets a single-valued member, replacing an existing one of that name.
    Node& set(std::string_view name, Node value);
    /// Appends a value to an array member, creating it at the end if absent.
    Node& append(std::string_view name, Node value);
    /// Appends a whole member without looking for one of the same name (the readers build members
    /// in definition order and never repeat a name).
    Node& addMember(Member member);
    /// Reserves room for that many members.
    void reserveMembers(std::size_t count) { _members.reserve(count); }
    /// The member of that name, or nullptr.
    const Member* find(std::string_view name) const;
    /// The first value of a member, or nullptr.
    const Node* first(std::string_view name) const;
    /// The resourceType of a resource node, empty otherwise.
    std::string_view resourceType() const;

private:
    Node(Kind kind, std::string value) : _kind(kind), _value(std::move(value)) {}
    Member* findMutable(std::string_view name);

    Kind _kind;
    std::string _value;
    std::vector<Member> _members;
};

} // namespace sas::fhir
