// The seven LRM dialects of mapping/dialects, each with a contextual call written in its own style; an eighth LRM
// added as a file only; broken dialect files reported with file, line and column.
#include "adapters/lrm/readContextualCall.h"
#include "mapping/loadLrmDialects.h"
#include "tests/unit/LrmReferenceData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sas::adapters::lrm;
using Decision = ContextualCall::Decision;

namespace
{

const std::string XSD = SAS_SOURCE_DIR "/mapping/schema/lrm-dialect.xsd";

struct References
{
    OriginRegistry origins{{{"EXOS-33", "exos", "fr.health.samu330", true},
                            {"C15-31", "centaure15", "fr.health.samu310", true},
                            {"APPLIGOS-13", "appligos", "fr.health.samu130", true},
                            {"SCRIPTAL-69", "scriptal", "fr.health.samu690", true},
                            {"RRAMU-75", "rramu", "fr.health.samu750", true},
                            {"SISAMU-974", "sisamu", "fr.health.samu974", true},
                            {"BISOM-2A", "bisom", "fr.health.samu2a0", true},
                            {"NEWLRM-48", "newlrm", "fr.health.samu480", true}}};
    sas::mapping::Loaded<sas::core::LrmDialect> dialects =
        sas::mapping::loadLrmDialects(SAS_SOURCE_DIR "/mapping/dialects", XSD);
};

const References& references()
{
    static const References shared;
    return shared;
}

ContextualCall read(const std::string& query, const std::vector<sas::core::LrmDialect>& dialects)
{
    const References& r = references();
    const auto& data = sas::test::LrmReferenceData::shared();
    return readContextualCall(query, ContextualCallReferences{r.origins, data.communes, data.specialties}, dialects);
}

ContextualCall read(const std::string& query)
{
    return read(query, references().dialects.items);
}

} // namespace

TEST(LrmDialect, TheSevenShippedDialectsLoadCleanly)
{
    const auto& loaded = references().dialects;
    for (const auto& problem : loaded.problems)
        ADD_FAILURE() << problem.toString();
    std::vector<std::string> ids;
    for (const auto& dialect : loaded.items)
        ids.push_back(dialect.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"appligos", "bisom", "centaure15", "exos", "rramu", "scriptal", "sisamu"}));
}

TEST(LrmDialect, ExosSendsThePlatformsOwnParameters)
{
    auto c = read("origin=EXOS-33&streetnumber=5&streetname=cours%20de%20l%27intendance&inseecode=33063&city=Bordeaux"
                  "&specialty=urn%3Aoid%3A1.2.250.1.213.2.28%7CSM54&practitioner=urn%3Aoid%3A1.2.250.1.71.4.2.1%7C810002909371");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.addressString, "5 Cours De L'intendance, Bordeaux, Gironde");
    EXPECT_EQ(c.specialty.label, "Médecine générale");
    EXPECT_EQ(c.preferredDoctor.rpps, "10002909371");
}

TEST(LrmDialect, Centaure15WritesLatin1FrenchNamesAndShortCodes)
{
    // "Allée des Écoles" in ISO-8859-1; %C3%A9 is two Latin-1 characters for this LRM, not UTF-8 "é".
    auto c = read("origin=C15-31&numvoie=3&voie=all%E9e+des+%C9coles&codeinsee=31555&ville=TOULOUSE&specialty=PED");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.addressString, "3 Allée Des Écoles, Toulouse, Haute-Garonne");
    EXPECT_EQ(c.inseeCode, "31555");
    EXPECT_EQ(c.specialty.code, "SM40");
    EXPECT_EQ(c.specialty.label, "Pédiatrie");
    EXPECT_TRUE(c.notices.empty()); // the declared encoding is not a surprise
    EXPECT_EQ(read("origin=C15-31&voie=caf%C3%A9&codeinsee=31555").streetName, "Caf\xC3\x83\xC2\xA9");
}

TEST(LrmDialect, AppligosUsesInseeCommuneAndNumericCodes)
{
    auto c = read("origin=APPLIGOS-13&streetnumber=10&streetname=la%20canebi%C3%A8re&insee=13201&specialty=01");
    EXPECT_EQ(c.addressString, "10 La Canebière, Marseille, Bouches-du-Rhône");
    EXPECT_EQ(c.specialty.code, "SM54");
    auto byCity = read("origin=APPLIGOS-13&commune=aix%20en%20provence");
    EXPECT_EQ(byCity.addressString, "Aix En Provence");
}

TEST(LrmDialect, ScriptalSendsCapitalsAndFreeText)
{
    auto c = read("origin=SCRIPTAL-69&streetnumber=12&streetname=PLACE%20BELLECOUR&inseecode=69382"
                  "&specialty=M%C3%A9decine%20g%C3%A9n%C3%A9rale&practitioner=DUPONT%20Jean");
    EXPECT_EQ(c.addressString, "12 PLACE BELLECOUR, Lyon, Rhône");
    EXPECT_EQ(c.specialty.label, "Médecine générale");
    EXPECT_EQ(c.preferredDoctor.text, "DUPONT Jean");
}

TEST(LrmDialect, RramuCamelCaseIsTranslatedButTheRealNameWins)
{
    auto c = read("origin=RRAMU-75&streetNumber=8&streetName=rue%20de%20rivoli&inseeCode=75104"
                  "&preferredDoctor=urn:oid:1.2.250.1.71.4.2.1|810002909371");
    EXPECT_EQ(c.addressString, "8 Rue De Rivoli, Paris");
    EXPECT_EQ(c.preferredDoctor.rpps, "10002909371");
    EXPECT_TRUE(c.ignoredParameters.empty());
    auto both = read("origin=RRAMU-75&inseecode=75104&inseeCode=33063");
    EXPECT_EQ(both.inseeCode, "75104");
}

TEST(LrmDialect, SiSamuPrefixedLatin1Fields)
{
    auto c = read("origin=SISAMU-974&adr_num=14&adr_voie=rue%20de%20l%27%E9glise&adr_insee=97411&mt=Payet");
    EXPECT_EQ(c.addressString, "14 Rue De L'\xC3\xA9glise, St Denis, La Réunion");
    EXPECT_EQ(c.preferredDoctor.text, "Payet");
}

TEST(LrmDialect, BisomPlusSpacesAndRawPipes)
{
    auto c = read("origin=BISOM-2A&streetnumber=2&streetname=cours+napoleon&inseecode=2A004"
                  "&specialty=urn:oid:1.2.250.1.213.2.28|SM54&practitioner=urn:oid:1.2.250.1.71.4.2.1|810002909371");
    EXPECT_EQ(c.addressString, "2 Cours Napoleon, Ajaccio, Corse-du-Sud");
    EXPECT_EQ(c.specialty.code, "SM54");
    EXPECT_EQ(c.preferredDoctor.rpps, "10002909371");
}

TEST(LrmDialect, AnEighthLrmIsOneMoreFile)
{
    const auto directory = std::filesystem::temp_directory_path() / "sas-lrm-dialects-eighth";
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    std::filesystem::copy(SAS_SOURCE_DIR "/mapping/dialects", directory);
    std::ofstream(directory / "newlrm.xml")
        << R"(<dialect xmlns="urn:sas-gateway:mapping:1" id="newlrm" name="New LRM">)"
        << R"(<parameter name="inseecode"><alias>commune_insee</alias></parameter>)"
        << R"(<specialty code="GEN">urn:oid:1.2.250.1.213.2.28|SM54</specialty></dialect>)";
    auto loaded = sas::mapping::loadLrmDialects(directory.string(), XSD);
    ASSERT_TRUE(loaded.ok()) << loaded.problems.front().toString();
    EXPECT_EQ(loaded.items.size(), 8u);
    auto c = read("origin=NEWLRM-48&commune_insee=48095&specialty=GEN", loaded.items);
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.addressString, "Mende, Lozère");
    EXPECT_EQ(c.specialty.label, "Médecine générale");
    // Without its file, the same call is read with the common rules: the alias means nothing.
    EXPECT_EQ(read("origin=NEWLRM-48&commune_insee=48095&specialty=GEN").decision, Decision::RedirectHome);
    std::filesystem::remove_all(directory);
}

TEST(LrmDialect, BrokenFilesAreReportedWithLineAndColumn)
{
    const auto directory = std::filesystem::temp_directory_path() / "sas-lrm-dialects-broken";
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    std::ofstream(directory / "bad.xml") << "<dialect xmlns=\"urn:sas-gateway:mapping:1\" id=\"bad\" name=\"Bad\">\n"
                                         << "  <encoding>ebcdic</encoding>\n"
                                         << "  <parameter name=\"postcode\"><alias>cp</alias></parameter>\n"
                                         << "</dialect>\n";
    std::ofstream(directory / "dup.xml") << "<dialect xmlns=\"urn:sas-gateway:mapping:1\" id=\"other\" name=\"D\">\n"
                                         << "  <parameter name=\"city\"><alias>ville</alias></parameter>\n"
                                         << "  <parameter name=\"inseecode\"><alias>ville</alias></parameter>\n"
                                         << "</dialect>\n";
    std::ofstream(directory / "doctype.xml") << "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                                             << "<dialect xmlns=\"urn:sas-gateway:mapping:1\" id=\"doctype\" "
                                                "name=\"&x;\"/>\n";
    std::ofstream(directory / "truncated.xml") << "<dialect xmlns=\"urn:sas-gateway:mapping:1\" id=\"truncated\"";
    auto loaded = sas::mapping::loadLrmDialects(directory.string(), XSD);
    std::string all;
    for (const auto& problem : loaded.problems)
        all += problem.toString() + "\n";
    auto reported = [&](const std::string& file, int line) {
        return std::any_of(loaded.problems.begin(), loaded.problems.end(), [&](const auto& p) {
            return std::filesystem::path(p.file).filename() == file && p.line == line && p.column > 0;
        });
    };
    EXPECT_TRUE(reported("bad.xml", 2)) << all;      // encoding outside the enumeration
    EXPECT_TRUE(reported("bad.xml", 3)) << all;      // postcode is not a parameter of the call
    EXPECT_TRUE(reported("dup.xml", 1)) << all;      // id is not the file's name
    EXPECT_TRUE(reported("dup.xml", 3)) << all;      // alias given twice
    EXPECT_TRUE(reported("doctype.xml", 1)) << all;  // DOCTYPE refused
    EXPECT_TRUE(reported("truncated.xml", 1)) << all;
    EXPECT_EQ(all.find("root:"), std::string::npos) << "no entity was expanded";
    std::filesystem::remove_all(directory);
}

TEST(LrmDialect, ADoctypeIsRefusedWhateverTheFileEncoding)
{
    // UTF-16 hides "<!DOCTYPE" from any byte search; the parser itself must refuse it, before the billion laughs.
    const auto directory = std::filesystem::temp_directory_path() / "sas-lrm-dialects-utf16";
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE d [<!ENTITY a \"lol\">";
    for (char entity = 'b'; entity <= 'j'; ++entity)
    {
        text += std::string("<!ENTITY ") + entity + " \"";
        for (int i = 0; i < 10; ++i)
            text += std::string("&") + static_cast<char>(entity - 1) + ";";
        text += "\">";
    }
    text += "]><dialect xmlns=\"urn:sas-gateway:mapping:1\" id=\"utf16\" name=\"&j;\"/>";
    std::string utf16 = "\xFF\xFE";
    for (char c : text)
        utf16 += std::string{c, '\0'};
    std::ofstream(directory / "utf16.xml", std::ios::binary) << utf16;
    auto loaded = sas::mapping::loadLrmDialects(directory.string(), XSD);
    ASSERT_EQ(loaded.problems.size(), 1u);
    EXPECT_EQ(loaded.problems[0].message, "a DOCTYPE is not allowed in a mapping file");
    EXPECT_EQ(loaded.problems[0].line, 1);
    EXPECT_TRUE(loaded.items.empty());
    std::filesystem::remove_all(directory);
}
