#include "fhir/model/Node.h"

namespace sas::fhir
{

Node Node::object()
{
    return Node(Kind::Object, {});
}

Node Node::resource(std::string_view resourceType)
{
    Node node = object();
    node.set("resourceType", string(std::string(resourceType)));
    return node;
}

Node Node::string(std::string value)
{
    return Node(Kind::String, std::move(value));
}

Node Node::number(std::string lexical)
{
    return Node(Kind::Number, std::move(lexical));
}

Node Node::boolean(bool value)
{
    return Node(Kind::Boolean, value ? "true" : "false");
}

Node Node::xhtml(std::string markup)
{
    return Node(Kind::Xhtml, std::move(markup));
}

Node Node::null()
{
    return Node(Kind::Null, {});
}

Node& Node::addMember(Member member)
{
    _members.push_back(std::move(member));
    return *this;
}

Node::Member* Node::findMutable(std::string_view name)
{
    for (auto& member : _members)
        if (member.name == name)
            return &member;
    return nullptr;
}

const Node::Member* Node::find(std::string_view name) const
{
    for (const auto& member : _members)
        if (member.name == name)
            return &member;
    return nullptr;
}

const Node* Node::first(std::string_view name) const
{
    const Member* member = find(name);
    return member && !member->values.empty() ? &member->values.front() : nullptr;
}

std::string_view Node::resourceType() const
{
    const Node* type = first("resourceType");
    return type && type->kind() == Kind::String ? std::string_view(type->value()) : std::string_view();
}

Node& Node::set(std::string_view name, Node value)
{
    if (Member* member = findMutable(name))
    {
        member->values.clear();
        member->values.push_back(std::move(value));
        member->array = false;
    }
    else
    {
        _members.push_back(Member{std::string(name), {}, false});
        _members.back().values.push_back(std::move(value));
    }
    return *this;
}

Node& Node::append(std::string_view name, Node value)
{
    Member* member = findMutable(name);
    if (!member)
    {
        _members.push_back(Member{std::string(name), {}, true});
        member = &_members.back();
    }
    member->array = true;
    member->values.push_back(std::move(value));
    return *this;
}

} // namespace sas::fhir
