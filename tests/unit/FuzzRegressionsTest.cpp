// Inputs the fuzz targets (fuzz/) found crashing or hanging, replayed through the same calls as their targets
// (tests/fixtures/fuzz-regressions/TARGET/, also seeds of the target). Each must now give an ordinary answer.
#include "adapters/lrm/parseContextualCall.h"
#include "adapters/lrm/readContextualCall.h"
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/parseSearch.h"
#include "tests/unit/LrmReferenceData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace
{

const std::string REGRESSIONS = SAS_SOURCE_DIR "/tests/fixtures/fuzz-regressions/";

std::vector<std::string> inputsOf(const std::string& target)
{
    std::vector<std::string> inputs;
    for (const auto& entry : std::filesystem::directory_iterator(REGRESSIONS + target))
    {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream content;
        content << in.rdbuf();
        inputs.push_back(content.str());
    }
    return inputs;
}

} // namespace

TEST(FuzzRegressions, SearchParameters)
{
    using namespace sas::fhir::search;
    const auto inputs = inputsOf("fuzz_search_parameters");
    ASSERT_FALSE(inputs.empty());
    for (const std::string& input : inputs)
    {
        const auto question = input.find('?');
        const std::string type = question == std::string::npos ? "Slot" : input.substr(0, question);
        const auto parameters = decodeQueryString(question == std::string::npos ? input : input.substr(question + 1));
        // A chain whose tail a possible target lacks was dereferenced as a null definition: now a 400-kind error.
        const auto strict = parseSearch(type, parameters, Handling::Strict);
        EXPECT_FALSE(strict);
        (void)parseSearch(type, parameters, Handling::Lenient);
    }
}

TEST(FuzzRegressions, ContextualCallSpecialtyIsReadInOnePass)
{
    using namespace sas::adapters::lrm;
    const auto& data = sas::test::LrmReferenceData::shared();
    const OriginRegistry origins{{{"SAMU-exos", "exos", "fr.health.samu330", true}}};
    const ContextualCallReferences references{origins, data.communes, data.specialties};
    // A long digit run in specialty=urn:oid:… made std::regex backtrack for minutes.
    for (const std::string& input : inputsOf("fuzz_contextual_call"))
        (void)readContextualCall(input, references, {});
    const auto specialty = [&](const std::string& value) {
        return parseContextualCall(decodeLenientQuery("origin=SAMU-exos&specialty=" + value), references).specialty;
    };
    using Kind = ContextualCall::Specialty::Kind;
    const auto longRun = specialty("urn:oid:" + std::string(5000, '3') + "x|");
    EXPECT_EQ(longRun.kind, Kind::FullText);
    // The platform's pattern as before: its unescaped dot is any character, a code follows the last '|'.
    const auto normed = specialty("urn:oid:1.2.250.1.213.2.28%7CSM54");
    EXPECT_EQ(normed.kind, Kind::Normed);
    EXPECT_EQ(normed.oid, "1.2.250.1.213.2.28");
    EXPECT_EQ(normed.code, "SM54");
    EXPECT_EQ(specialty("urn:oid:1x2%7C3%7CAB").kind, Kind::Normed);
    EXPECT_EQ(specialty("urn:oid:1x2%7C3%7CAB").oid, "1x2|3");
    EXPECT_EQ(specialty("urn:oid:123%7CA").kind, Kind::Normed);
    EXPECT_EQ(specialty("urn:oid:12%7CA").kind, Kind::FullText);
    EXPECT_EQ(specialty("urn:oid:1..2%7CA").kind, Kind::FullText);
    EXPECT_EQ(specialty("urn:oid:1.2%7CSM-54").kind, Kind::FullText);
    EXPECT_EQ(specialty("urn:oid:.12%7CA").kind, Kind::FullText);
}
