#include "fhir/search/decodeQueryString.h"

#include "core/text/percentDecode.h"

namespace sas::fhir::search
{

QueryParameters decodeQueryString(std::string_view query)
{
    QueryParameters parameters;
    std::size_t pos = 0;
    while (pos <= query.size())
    {
        const std::size_t end = query.find('&', pos);
        const std::string_view pair = query.substr(pos, end - pos);
        if (!pair.empty())
        {
            const std::size_t equals = pair.find('=');
            parameters.emplace_back(core::percentDecode(pair.substr(0, equals)),
                                    equals == std::string_view::npos ? std::string() : core::percentDecode(pair.substr(equals + 1)));
        }
        if (end == std::string_view::npos)
            break;
        pos = end + 1;
    }
    return parameters;
}

} // namespace sas::fhir::search
