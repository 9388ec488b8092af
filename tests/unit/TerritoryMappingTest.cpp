// Territory mapping files: the shipped set loads cleanly; every rule the schema and the loader enforce is reported
// with file, line and column, all problems of all files at once.
#include "mapping/loadTerritories.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using sas::mapping::loadMappingSet;
using sas::mapping::MappingProblem;

namespace
{

/// A copy of the shipped mapping directory to break.
class MappingCopy
{
public:
    explicit MappingCopy(const std::string& name) : _root(std::filesystem::temp_directory_path() / name)
    {
        std::filesystem::remove_all(_root);
        std::filesystem::copy(SAS_SOURCE_DIR "/mapping", _root, std::filesystem::copy_options::recursive);
    }
    ~MappingCopy() { std::filesystem::remove_all(_root); }
    void write(const std::string& relative, const std::string& text) const { std::ofstream(_root / relative) << text; }
    std::string root() const { return _root.string(); }

private:
    std::filesystem::path _root;
};

bool reported(const std::vector<MappingProblem>& problems, const std::string& file, int line, const std::string& words)
{
    return std::any_of(problems.begin(), problems.end(), [&](const MappingProblem& p) {
        return std::filesystem::path(p.file).filename() == file && p.line == line && p.column > 0 &&
               p.message.find(words) != std::string::npos;
    });
}

std::string all(const std::vector<MappingProblem>& problems)
{
    std::string text;
    for (const auto& problem : problems)
        text += problem.toString() + "\n";
    return text;
}

} // namespace

TEST(TerritoryMapping, TheShippedTerritoriesLoadCleanly)
{
    auto set = loadMappingSet(SAS_SOURCE_DIR "/mapping");
    EXPECT_TRUE(set.ok()) << all(set.problems);
    ASSERT_EQ(set.territories.size(), 3u);
    EXPECT_EQ(set.territories[0].id, "gironde");
    EXPECT_EQ(set.territories[0].departements, std::vector<std::string>{"33"});
    ASSERT_EQ(set.territories[0].installations.size(), 2u);
    EXPECT_EQ(set.territories[0].installations[0].hubRecipient, "fr.health.samu330");
    EXPECT_EQ(set.territories[0].installations[1].environment, "test");
    EXPECT_EQ(set.territories[1].id, "haute-garonne");
    EXPECT_EQ(set.territories[2].id, "paris");
    EXPECT_EQ(set.dialects.size(), 7u);
}

TEST(TerritoryMapping, EveryProblemOfEveryFileIsLocated)
{
    MappingCopy copy("sas-mapping-broken");
    copy.write("territories/lozere.xml",
               "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"lozere\" name=\"SAS Lozère\">\n"
               "  <departement code=\"48\"/>\n"
               "  <departement code=\"33\"/>\n"
               "  <radius departement=\"12\" cityKm=\"30\"/>\n"
               "  <lrm origin=\"SAMU33-LRM\" dialect=\"exos\" hubRecipient=\"fr.health.samu480\" environment=\"production\"/>\n"
               "  <lrm origin=\"SAMU48\" dialect=\"unknown\" hubRecipient=\"fr.health.samu480\" environment=\"test\"/>\n"
               "  <structure kind=\"CPTS\" name=\"CPTS sans FINESS\"/>\n"
               "</territory>\n");
    copy.write("territories/schema-errors.xml",
               "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"schema-errors\" name=\"X\">\n"
               "  <departement code=\"20\"/>\n"
               "  <radius departement=\"20\" cityKm=\"-5\"/>\n"
               "  <lrm origin=\"X\" dialect=\"exos\" hubRecipient=\"samu20\" environment=\"prod\"/>\n"
               "</territory>\n");
    copy.write("territories/misnamed.xml",
               "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"other\" name=\"X\">\n  <departement code=\"12\"/>\n</territory>\n");
    auto set = loadMappingSet(copy.root());
    const auto& p = set.problems;
    EXPECT_TRUE(reported(p, "lozere.xml", 3, "already belongs to territory 'gironde'")) << all(p);
    EXPECT_TRUE(reported(p, "lozere.xml", 4, "does not cover")) << all(p);
    EXPECT_TRUE(reported(p, "lozere.xml", 5, "origin 'SAMU33-LRM' is already declared")) << all(p);
    EXPECT_TRUE(reported(p, "lozere.xml", 6, "dialect 'unknown'")) << all(p);
    EXPECT_TRUE(reported(p, "lozere.xml", 6, "does not belong to the test environment")) << all(p);
    EXPECT_TRUE(reported(p, "lozere.xml", 7, "FINESS")) << all(p);
    EXPECT_TRUE(reported(p, "schema-errors.xml", 2, "")) << all(p); // "20" is no département
    EXPECT_TRUE(reported(p, "schema-errors.xml", 3, "")) << all(p); // negative radius
    EXPECT_TRUE(reported(p, "schema-errors.xml", 4, "")) << all(p); // recipient and environment
    EXPECT_TRUE(reported(p, "misnamed.xml", 1, "must be the file's name")) << all(p);
    // The valid files still loaded: an integrator sees everything wrong, and nothing half-read is used.
    EXPECT_FALSE(set.ok());
}
