#include "adapters/lrm/readContextualCall.h"

#include <algorithm>

namespace sas::adapters::lrm
{

LenientQuery translateDialect(LenientQuery query, const core::LrmDialect& dialect)
{
    for (const auto& [alias, parameter] : dialect.aliases)
    {
        auto found = query.values.find(alias);
        if (found == query.values.end())
            continue;
        if (!query.has(parameter))
        {
            query.values[parameter] = found->second;
            std::replace(query.keys.begin(), query.keys.end(), alias, parameter);
        }
        else
        {
            query.notices.push_back({DecodingNotice::Kind::DuplicateKey, parameter});
            query.keys.erase(std::remove(query.keys.begin(), query.keys.end(), alias), query.keys.end());
        }
        query.values.erase(alias);
    }
    if (auto specialty = query.values.find("specialty"); specialty != query.values.end())
        if (auto national = dialect.specialtyCodes.find(specialty->second); national != dialect.specialtyCodes.end())
            specialty->second = national->second;
    return query;
}

ContextualCall readContextualCall(std::string_view rawQuery, const ContextualCallReferences& references,
                                  const std::vector<core::LrmDialect>& dialects)
{
    LenientQuery query = decodeLenientQuery(rawQuery);
    if (const LrmInstallation* installation = references.origins.findActive(query.get("origin")))
    {
        auto dialect = std::find_if(dialects.begin(), dialects.end(),
                                    [&](const core::LrmDialect& d) { return d.id == installation->dialect; });
        if (dialect != dialects.end())
        {
            // The origin was read with the default decoding; ASCII origins read the same in every dialect.
            if (dialect->encoding != core::LrmDialect::Encoding::Detect)
                query = decodeLenientQuery(rawQuery, dialect->encoding);
            query = translateDialect(std::move(query), *dialect);
        }
    }
    return parseContextualCall(query, references);
}

} // namespace sas::adapters::lrm
