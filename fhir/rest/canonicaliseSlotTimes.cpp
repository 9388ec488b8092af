#include "fhir/rest/canonicaliseSlotTimes.h"

#include "fhir/search/canonicalInstant.h"

namespace sas::fhir::rest
{

void canonicaliseSlotTimes(Node& resource)
{
    if (resource.resourceType() != "Slot")
        return;
    for (const char* name : {"start", "end"})
    {
        const Node* value = resource.first(name);
        if (value == nullptr || value->kind() != Node::Kind::String)
            continue;
        auto canonical = search::canonicalInstant(value->value());
        if (!canonical || *canonical == value->value())
            continue;
        // Keep the primitive's own id and extensions (`_start`): only its value changes.
        Node rewritten = Node::string(std::move(*canonical));
        for (const Node::Member& member : value->members())
            rewritten.addMember(member);
        resource.set(name, std::move(rewritten));
    }
}

} // namespace sas::fhir::rest
