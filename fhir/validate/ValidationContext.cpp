#include "fhir/validate/ValidationContext.h"

namespace sas::fhir::validate
{

void ValidationContext::error(const char* code, std::string diagnostics, std::string_view suffix)
{
    std::string expression = _path;
    expression += suffix;
    _errors.push_back(core::Issue{core::Severity::Error, code, std::move(diagnostics), std::move(expression)});
}

void ValidationContext::warning(const char* code, std::string diagnostics, std::string_view suffix)
{
    std::string expression = _path;
    expression += suffix;
    _warnings.push_back(core::Issue{core::Severity::Warning, code, std::move(diagnostics), std::move(expression)});
}

} // namespace sas::fhir::validate
