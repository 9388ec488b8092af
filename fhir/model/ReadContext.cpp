#include "fhir/model/ReadContext.h"

namespace sas::fhir
{

std::string ReadContext::resourceStep(std::string_view type) const
{
    return _path.empty() ? std::string(type) : ".ofType(" + std::string(type) + ")";
}

std::string ReadContext::elementStep(std::string_view name, bool repeats, std::size_t index) const
{
    std::string step;
    step.reserve(name.size() + 8);
    step += '.';
    step += name;
    if (repeats)
    {
        step += '[';
        step += std::to_string(index);
        step += ']';
    }
    return step;
}

std::string ReadContext::displayName(const ElementDefinition& element)
{
    if (!element.choice)
        return std::string(element.name);
    return std::string(element.name.substr(0, element.name.size() - element.type.size())) + "[x]";
}

void ReadContext::error(std::string diagnostics, std::string_view suffix, const char* code)
{
    std::string expression = _path;
    expression += suffix;
    _errors.push_back(core::Issue{core::Severity::Error, code, std::move(diagnostics), std::move(expression)});
}

void ReadContext::strictOnly(std::string diagnostics, std::string_view suffix)
{
    if (_options.strict)
    {
        error(std::move(diagnostics), suffix);
        return;
    }
    std::string expression = _path;
    expression += suffix;
    _warnings.push_back(
        core::Issue{core::Severity::Warning, "informational", std::move(diagnostics), std::move(expression)});
}

void ReadContext::unknownElement(std::string_view name, std::string_view typeName)
{
    std::string expression = _path;
    expression += '.';
    expression += name;
    std::string diagnostics = "Unknown element '" + std::string(name) + "' in " + std::string(typeName);
    if (_options.strict)
    {
        _errors.push_back(
            core::Issue{core::Severity::Error, "structure", std::move(diagnostics), std::move(expression)});
    }
    else
    {
        diagnostics += "; ignored";
        _warnings.push_back(
            core::Issue{core::Severity::Warning, "informational", std::move(diagnostics), std::move(expression)});
    }
}

core::Result<ParsedResource> ReadContext::finish(Node resource)
{
    if (_errors.empty())
        return ParsedResource{std::move(resource), std::move(_warnings)};
    core::Error failure{core::ErrorCode::Invalid,
                        std::string("Invalid FHIR ") + _format + ": " + std::to_string(_errors.size()) +
                            (_errors.size() == 1 ? " issue" : " issues"),
                        std::move(_errors)};
    for (auto& warning : _warnings)
        failure.issues.push_back(std::move(warning));
    return core::fail(std::move(failure));
}

} // namespace sas::fhir
