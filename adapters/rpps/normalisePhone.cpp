#include "adapters/rpps/normalisePhone.h"

#include <array>
#include <utility>

namespace sas::adapters::rpps
{

std::optional<std::string> normalisePhone(std::string_view text)
{
    std::string digits;
    bool plus = false;
    for (char c : text)
    {
        if (c >= '0' && c <= '9')
            digits += c;
        else if (c == '+' && digits.empty() && !plus)
            plus = true;
        else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/')
            return std::nullopt;
    }
    if (digits.empty())
        return std::nullopt;
    if (plus || digits.rfind("00", 0) == 0)
    {
        if (!plus)
            digits.erase(0, 2);
        // Already international: French (+33) or overseas (+262, +508, +590, +594, +596) numbers only.
        for (std::string_view code : {"33", "262", "508", "590", "594", "596"})
            if (digits.rfind(code, 0) == 0)
            {
                const std::size_t national = digits.size() - code.size();
                if (national != (code == "508" ? 6u : 9u))
                    return std::nullopt;
                return "+" + digits;
            }
        return std::nullopt;
    }
    if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0')
        return std::nullopt;
    static const std::array<std::pair<std::string_view, std::string_view>, 11> overseas{{
        {"0590", "590"}, {"0690", "590"}, {"0596", "596"}, {"0696", "596"}, {"0594", "594"}, {"0694", "594"},
        {"0262", "262"}, {"0692", "262"}, {"0693", "262"}, {"0269", "262"}, {"0639", "262"},
    }};
    for (const auto& [prefix, code] : overseas)
        if (digits.rfind(prefix, 0) == 0)
            return "+" + std::string(code) + digits.substr(1);
    if (digits.rfind("0508", 0) == 0)
        return "+508" + digits.substr(4);
    return "+33" + digits.substr(1);
}

} // namespace sas::adapters::rpps
