#include "adapters/vendors/bookingLink.h"

#include <algorithm>
#include <cctype>

namespace sas::adapters::vendors
{
namespace
{

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(),
                      [](char expected, char actual) { return std::tolower(static_cast<unsigned char>(actual)) == expected; });
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool hasOriginSas(std::string_view query)
{
    std::size_t begin = 0;
    while (begin <= query.size())
    {
        const auto end = std::min(query.find('&', begin), query.size());
        if (query.substr(begin, end - begin) == "origin=sas")
            return true;
        begin = end + 1;
    }
    return false;
}

} // namespace

std::string bookingLink(std::string_view comment)
{
    const std::string_view url = trim(comment);
    if (!startsWithNoCase(url, "https://") && !startsWithNoCase(url, "http://"))
        return {};
    if (std::any_of(url.begin(), url.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }))
        return {};

    const auto hash = url.find('#');
    const std::string_view beforeFragment = url.substr(0, hash);
    const std::string_view fragment = hash == std::string_view::npos ? std::string_view() : url.substr(hash);
    const auto question = beforeFragment.find('?');

    std::string link(beforeFragment);
    if (question == std::string_view::npos)
        link += "?origin=sas";
    else
    {
        const std::string_view query = beforeFragment.substr(question + 1);
        if (hasOriginSas(query))
            return std::string(url);
        if (!query.empty() && query.back() != '&')
            link += '&';
        link += "origin=sas";
    }
    link += fragment;
    return link;
}

} // namespace sas::adapters::vendors
