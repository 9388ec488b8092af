#include "app/loadRegulatorAccounts.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace sas::app
{

core::Result<int> loadRegulatorAccounts(const std::string& file, adapters::postgres::PgConnection& connection)
{
    std::ifstream in(file);
    if (!in)
        return core::fail(core::ErrorCode::Invalid, "cannot read regulator accounts from '" + file + "'");
    std::string line;
    int lineNumber = 0;
    int loaded = 0;
    while (std::getline(in, line))
    {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (lineNumber == 1 || line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> fields;
        std::stringstream stream(line);
        std::string field;
        while (std::getline(stream, field, ';'))
            fields.push_back(field);
        if (fields.size() == 6)
            fields.emplace_back();
        if (fields.size() != 7 || fields[0].empty() || fields[3].empty() || fields[4].empty() ||
            (fields[1].empty() && fields[2].empty()))
            return core::fail(core::ErrorCode::Invalid, file + " line " + std::to_string(lineNumber) +
                                                            ": expected account_id;national_id;technical_id;last_name;"
                                                            "first_name;email;territory with a name and an id");
        auto upserted = connection.exec(
            "INSERT INTO regulator_account (account_id, national_id, technical_id, last_name, first_name, email, territory) "
            "VALUES ($1, NULLIF($2, ''), NULLIF($3, ''), $4, $5, $6, $7) ON CONFLICT (account_id) DO UPDATE SET "
            "national_id = EXCLUDED.national_id, technical_id = EXCLUDED.technical_id, last_name = EXCLUDED.last_name, "
            "first_name = EXCLUDED.first_name, email = EXCLUDED.email, territory = EXCLUDED.territory",
            {fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]});
        if (!upserted)
            return core::fail(upserted.error());
        ++loaded;
    }
    return loaded;
}

} // namespace sas::app
