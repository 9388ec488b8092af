// core/ holds the domain: std and tl::expected only (DESIGN.md §3, core/CMakeLists.txt). These tests
// read every source file of core/ and fail on an include of a library or of another module.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace
{

/// `text` without its comments; string and character literals are kept, so a "/*" inside a literal
/// does not hide the code after it. Newlines are kept so line structure survives.
std::string withoutComments(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    const auto at = [&](size_t k) { return k < text.size() ? text[k] : '\0'; };
    while (i < text.size())
    {
        const char c = text[i];
        if (c == '/' && at(i + 1) == '/')
        {
            while (i < text.size() && text[i] != '\n')
                ++i;
        }
        else if (c == '/' && at(i + 1) == '*')
        {
            i += 2;
            while (i < text.size() && !(text[i] == '*' && at(i + 1) == '/'))
            {
                if (text[i] == '\n')
                    out += '\n';
                ++i;
            }
            i += 2;
            out += ' ';
        }
        else if (c == 'R' && at(i + 1) == '"')
        {
            // Raw string literal R"delim( ... )delim"
            const size_t open = text.find('(', i + 2);
            if (open == std::string_view::npos)
            {
                out += text.substr(i);
                break;
            }
            const std::string closing = ")" + std::string(text.substr(i + 2, open - i - 2)) + "\"";
            const size_t close = text.find(closing, open);
            const size_t end = close == std::string_view::npos ? text.size() : close + closing.size();
            out += text.substr(i, end - i);
            i = end;
        }
        else if (c == '"' || c == '\'')
        {
            out += c;
            ++i;
            while (i < text.size() && text[i] != c && text[i] != '\n')
            {
                if (text[i] == '\\' && i + 1 < text.size())
                    out += text[i++];
                out += text[i++];
            }
            if (i < text.size())
                out += text[i++];
        }
        else
        {
            out += c;
            ++i;
        }
    }
    return out;
}

/// Why an included path is not allowed in core/, or empty when it is.
std::string forbiddenReason(std::string header)
{
    while (header.rfind("../", 0) == 0)
        header.erase(0, 3);
    while (header.rfind("./", 0) == 0)
        header.erase(0, 2);
    if (header.rfind("Poco/", 0) == 0)
        return "POCO";
    if (header.find("rapidjson") != std::string::npos)
        return "RapidJSON";
    if (header.find("xercesc") != std::string::npos)
        return "Xerces-C++";
    if (header.find("libpq") != std::string::npos)
        return "libpq";
    for (const char* module : {"fhir/", "adapters/", "app/", "mapping/"})
        if (header.rfind(module, 0) == 0)
            return std::string("module ") + module;
    return {};
}

/// Every `#include` of `source` that core/ may not have, as "line N: <header> (reason)".
/// Commented-out includes are ignored.
std::vector<std::string> findForbiddenIncludes(std::string_view source)
{
    std::vector<std::string> found;
    std::istringstream lines(withoutComments(source));
    std::string line;
    int number = 0;
    while (std::getline(lines, line))
    {
        ++number;
        size_t pos = line.find_first_not_of(" \t");
        if (pos == std::string::npos || line[pos] != '#')
            continue;
        pos = line.find_first_not_of(" \t", pos + 1);
        if (pos == std::string::npos || line.compare(pos, 7, "include") != 0)
            continue;
        pos = line.find_first_of("<\"", pos + 7);
        if (pos == std::string::npos)
            continue;
        const char closing = line[pos] == '<' ? '>' : '"';
        const size_t end = line.find(closing, pos + 1);
        if (end == std::string::npos)
            continue;
        const std::string header = line.substr(pos + 1, end - pos - 1);
        const std::string reason = forbiddenReason(header);
        if (!reason.empty())
            found.push_back("line " + std::to_string(number) + ": " + header + " (" + reason + ")");
    }
    return found;
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

bool isSourceFile(const std::filesystem::path& path)
{
    const std::string extension = path.extension().string();
    return extension == ".h" || extension == ".hpp" || extension == ".cpp" || extension == ".cc" ||
           extension == ".cxx" || extension == ".ipp" || extension == ".inl";
}

} // namespace

TEST(CoreIsolation, FlagsLibraryIncludes)
{
    EXPECT_EQ(findForbiddenIncludes("#include <Poco/Net/HTTPServer.h>\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include <rapidjson/document.h>\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include <xercesc/dom/DOM.hpp>\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include <libpq-fe.h>\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include <postgresql/libpq-fe.h>\n").size(), 1u);
}

TEST(CoreIsolation, FlagsIncludesOfOtherModules)
{
    EXPECT_EQ(findForbiddenIncludes("#include \"fhir/model/Node.h\"\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include \"adapters/postgres/PgPool.h\"\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include \"app/GatewayConfig.h\"\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include \"mapping/Territory.h\"\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#include \"../../fhir/model/Node.h\"\n").size(), 1u);
}

TEST(CoreIsolation, AcceptsStandardAndCoreIncludes)
{
    const char* source = "#pragma once\n"
                         "#include \"core/Error.h\"\n"
                         "#include \"core/model/ClientIdentity.h\"\n"
                         "#include <tl/expected.hpp>\n"
                         "#include <string>\n"
                         "#include <vector>\n";
    EXPECT_TRUE(findForbiddenIncludes(source).empty());
}

TEST(CoreIsolation, ToleratesSpacingInTheDirective)
{
    EXPECT_EQ(findForbiddenIncludes("  #  include   <Poco/Foundation.h>\n").size(), 1u);
    EXPECT_EQ(findForbiddenIncludes("#\tinclude\t\"fhir/rest/Router.h\"\n").size(), 1u);
}

TEST(CoreIsolation, IgnoresCommentedOutIncludes)
{
    EXPECT_TRUE(findForbiddenIncludes("// #include <Poco/X.h>\n").empty());
    EXPECT_TRUE(findForbiddenIncludes("/* #include <rapidjson/document.h> */\n").empty());
    EXPECT_TRUE(findForbiddenIncludes("/*\n#include <xercesc/util/XMLString.hpp>\n*/\n").empty());
}

TEST(CoreIsolation, CommentMarkersInsideStringLiteralsDoNotHideIncludes)
{
    const char* source = "const char* glob = \"logs/*\";\n"
                         "#include <Poco/Logger.h>\n"
                         "const char* end = \"*/\";\n";
    const auto found = findForbiddenIncludes(source);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].find("line 2"), std::string::npos) << found[0];
}

TEST(CoreIsolation, ReportsEveryOffendingLine)
{
    const char* source = "#include \"core/Error.h\"\n"
                         "#include <Poco/Net/HTTPServer.h>\n"
                         "#include <string>\n"
                         "#include \"fhir/model/Node.h\"\n";
    EXPECT_EQ(findForbiddenIncludes(source).size(), 2u);
}

TEST(CoreIsolation, CoreSourcesIncludeOnlyStandardLibraryExpectedAndCore)
{
    const std::filesystem::path coreDirectory = std::filesystem::path(SAS_SOURCE_DIR) / "core";
    ASSERT_TRUE(std::filesystem::is_directory(coreDirectory)) << coreDirectory;

    int scanned = 0;
    bool sawErrorHeader = false;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(coreDirectory))
    {
        if (!entry.is_regular_file() || !isSourceFile(entry.path()))
            continue;
        ++scanned;
        sawErrorHeader = sawErrorHeader || entry.path().filename() == "Error.h";
        for (const auto& problem : findForbiddenIncludes(readFile(entry.path())))
            ADD_FAILURE() << std::filesystem::relative(entry.path(), SAS_SOURCE_DIR).string() << ", " << problem;
    }
    // Guards against a vacuous pass when the tree moves.
    EXPECT_GE(scanned, 5);
    EXPECT_TRUE(sawErrorHeader);
}

TEST(CoreIsolation, CoreLibraryLinksNoThirdPartyOrProjectModule)
{
    const std::string cmake = readFile(std::filesystem::path(SAS_SOURCE_DIR) / "core/CMakeLists.txt");
    ASSERT_FALSE(cmake.empty());
    std::string code;
    std::istringstream lines(cmake);
    for (std::string line; std::getline(lines, line);)
        code += line.substr(0, line.find('#')) + '\n'; // CMake comments
    for (const char* dependency : {"Poco", "XercesC", "PostgreSQL", "RapidJSON", "rapidjson", "sas_fhir", "sas_app",
                                   "sas_adapters"})
        EXPECT_EQ(code.find(dependency), std::string::npos) << "core/CMakeLists.txt mentions " << dependency;
}
