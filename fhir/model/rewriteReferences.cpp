#include "fhir/model/rewriteReferences.h"

namespace sas::fhir
{

Node rewriteReferences(const Node& node, const std::function<std::optional<std::string>(const std::string&)>& rewrite)
{
    if (node.kind() != Node::Kind::Object)
        return node; // a primitive's extensions hold no Reference.reference
    Node copy = Node::object();
    copy.reserveMembers(node.members().size());
    for (const auto& member : node.members())
    {
        Node::Member rewritten{member.name, {}, member.array};
        rewritten.values.reserve(member.values.size());
        for (const auto& value : member.values)
        {
            if (member.name == "reference" && value.kind() == Node::Kind::String)
            {
                auto replacement = rewrite(value.value());
                rewritten.values.push_back(replacement ? Node::string(*replacement) : value);
            }
            else
                rewritten.values.push_back(rewriteReferences(value, rewrite));
        }
        copy.addMember(std::move(rewritten));
    }
    return copy;
}

void forEachReference(const Node& node, const std::function<void(const std::string&)>& visit)
{
    if (node.kind() != Node::Kind::Object)
        return;
    for (const auto& member : node.members())
        for (const auto& value : member.values)
        {
            if (member.name == "reference" && value.kind() == Node::Kind::String)
                visit(value.value());
            else
                forEachReference(value, visit);
        }
}

} // namespace sas::fhir
