#include "fhir/rest/tokenCondition.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace sas::fhir::rest
{

using core::ErrorCode;

core::Result<store::TokenCondition> tokenCondition(const std::vector<std::pair<std::string, std::string>>& query,
                                                   const std::string& where)
{
    if (query.size() != 1 || (query[0].first != "identifier" && query[0].first != "Identifier"))
        return core::fail(ErrorCode::Unsupported,
                          "conditional operations take exactly one identifier=system|value criterion", where);
    const std::string& token = query[0].second;
    const auto bar = token.find('|');
    store::TokenCondition condition{"identifier", bar == std::string::npos ? "" : token.substr(0, bar),
                                    bar == std::string::npos ? token : token.substr(bar + 1)};
    if (condition.code.empty())
        return core::fail(ErrorCode::Invalid, "the identifier criterion needs a value", where);
    return condition;
}

core::Result<store::TokenCondition> tokenCondition(const std::string& rawQuery, const std::string& where)
{
    try
    {
        return tokenCondition(Poco::URI("?" + rawQuery).getQueryParameters(), where);
    }
    catch (const Poco::SyntaxException&)
    {
        return core::fail(ErrorCode::Invalid, "malformed query string", where);
    }
}

} // namespace sas::fhir::rest
