#pragma once

// The IG's example resources copied into tests/fixtures/ig (source: ../shared/ig/examples), as text for tests that
// edit a field or two before sending them.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace sas::test
{

inline std::string igExample(const std::string& name)
{
    std::ifstream in(std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/ig" / name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// `text` with every occurrence of `from` replaced by `to`.
inline std::string replacedEverywhere(std::string text, const std::string& from, const std::string& to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

} // namespace sas::test
