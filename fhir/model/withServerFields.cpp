#include "fhir/model/withServerFields.h"

namespace sas::fhir
{

Node withServerFields(const Node& resource, const std::string& id, const std::string& versionId,
                      const std::string& lastUpdated)
{
    Node meta = Node::object();
    meta.set("versionId", Node::string(versionId));
    meta.set("lastUpdated", Node::string(lastUpdated));
    if (const Node* given = resource.first("meta"))
        for (const auto& member : given->members())
            if (member.name != "versionId" && member.name != "lastUpdated")
                meta.addMember(member);

    Node copy = resource;
    copy.set("id", Node::string(id));
    copy.set("meta", std::move(meta));
    return copy;
}

} // namespace sas::fhir
