#include "adapters/postgres/toPgArray.h"

namespace sas::adapters::postgres
{

std::string toPgArray(const std::vector<std::string>& values)
{
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i)
    {
        if (i)
            out += ',';
        out += '"';
        for (char c : values[i])
        {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + '}';
}

std::string toPgArray(const std::vector<std::int64_t>& values)
{
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i)
    {
        if (i)
            out += ',';
        out += std::to_string(values[i]);
    }
    return out + '}';
}

} // namespace sas::adapters::postgres
