#pragma once

#include <string>
#include <string_view>

namespace sas::web
{

struct StaticAsset
{
    std::string_view contentType;
    std::string_view body;
};

/// The stylesheet and script of web/static, compiled into the binary (no build step, no file read at run time):
/// "sas.css", "sas.js". Null for any other name.
const StaticAsset* staticAsset(std::string_view name);

} // namespace sas::web
