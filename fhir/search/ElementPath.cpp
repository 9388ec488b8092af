#include "fhir/search/ElementPath.h"

namespace sas::fhir::search
{

ElementPath::ElementPath(std::string_view text) : _text(text)
{
    std::vector<Step> steps;
    std::size_t pos = text.find('.');
    if (pos == std::string_view::npos || pos == 0)
        return;
    _resourceType = std::string(text.substr(0, pos));
    ++pos;
    while (pos <= text.size())
    {
        Step step;
        std::size_t end = pos;
        while (end < text.size() && text[end] != '.' && text[end] != '(' && text[end] != '[')
            ++end;
        step.name = std::string(text.substr(pos, end - pos));
        if (step.name.empty())
            return;
        if (end < text.size() && text[end] == '[')
        {
            if (text.substr(end, 3) != "[x]")
                return;
            step.choice = true;
            end += 3;
        }
        else if (end < text.size() && text[end] == '(')
        {
            // extension('url'): the url may contain dots, so it is read up to the closing quote.
            if (step.name != "extension" || text.substr(end, 2) != "('")
                return;
            const std::size_t close = text.find("')", end + 2);
            if (close == std::string_view::npos)
                return;
            step.extensionUrl = std::string(text.substr(end + 2, close - end - 2));
            end = close + 2;
        }
        steps.push_back(std::move(step));
        if (end >= text.size())
            break;
        if (text[end] != '.')
            return;
        pos = end + 1;
    }
    _steps = std::move(steps);
}

void ElementPath::visit(const Node& resource, const Visitor& visitor) const
{
    if (!compiled() || resource.resourceType() != _resourceType)
        return;
    visitFrom(resource, findType(_resourceType), 0, visitor);
}

void ElementPath::visitFrom(const Node& node, const TypeDefinition* type, std::size_t step,
                            const Visitor& visitor) const
{
    if (step == _steps.size())
    {
        visitor(node, type);
        return;
    }
    const Step& current = _steps[step];
    const auto visitMember = [&](const Node::Member& member)
    {
        const TypeDefinition* childType = nullptr;
        if (type != nullptr)
        {
            if (const ElementDefinition* element = type->element(member.name))
                childType = type->typeOf(*element);
        }
        for (const Node& value : member.values)
        {
            if (!current.extensionUrl.empty())
            {
                const Node* url = value.first("url");
                if (url == nullptr || url->value() != current.extensionUrl)
                    continue;
            }
            visitFrom(value, childType, step + 1, visitor);
        }
    };
    if (!current.choice)
    {
        if (const Node::Member* member = node.find(current.name))
            visitMember(*member);
        return;
    }
    for (const Node::Member& member : node.members())
    {
        const std::string_view name = member.name;
        if (name.size() > current.name.size() && name.substr(0, current.name.size()) == current.name &&
            name[current.name.size()] >= 'A' && name[current.name.size()] <= 'Z')
            visitMember(member);
    }
}

} // namespace sas::fhir::search
