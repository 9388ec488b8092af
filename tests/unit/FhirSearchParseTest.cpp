#include "fhir/search/daysFromCivil.h"
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/handlingFromPrefer.h"
#include "fhir/search/parseSearch.h"

#include <algorithm>
#include <gtest/gtest.h>

using namespace sas::fhir::search;
using sas::core::ErrorCode;
using sas::core::Severity;

namespace
{

const std::string IDNPS = "urn:oid:1.2.250.1.71.4.2.1";
const std::string IDNST = "urn:oid:1.2.250.1.71.4.2.2";

/// sas-ig.md §1.2 (IG page example), §1.3 and §1.4 (example Bundle self link), verbatim.
const std::string INT_R01 =
    "_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2021-01-02T10:00:00&start=le2021-01-06T10:00:00"
    "&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810101288385,urn:oid:1.2.250.1.71.4.2.1|"
    "800001288385,urn:oid:1.2.250.1.71.4.2.1|810106738385&status=free";
const std::string INT_R01_AS_SENT =
    "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free&start=ge2021-11-04T14:19:35.760+00:00"
    "&start=le2021-11-06T23:59:59.999+00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C"
    "810002673899,urn:oid:1.2.250.1.71.4.2.1%7C810100050075&_count=1000";
const std::string INT_R04 =
    "_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference"
    "&_include:iterate=HealthcareService:organization&start=ge2024-06-12T16:20:00.000+02:00"
    "&start=le2024-06-15T16:20:00.000+02:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|"
    "810002909371,urn:oid:1.2.250.1.71.4.2.1|810001288385&status=free";
const std::string SOS =
    "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
    "&_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00+02:00"
    "&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C"
    "334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000";

Micros utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0)
{
    return daysFromCivil(year, month, day) * MICROS_PER_DAY +
           (hour * 3600LL + minute * 60LL + second) * MICROS_PER_SECOND;
}

SearchQuery parseOk(std::string_view type, const QueryParameters& parameters, Handling handling = Handling::Strict)
{
    auto result = parseSearch(type, parameters, handling);
    if (!result)
    {
        std::string text = result.error().message;
        for (const auto& issue : result.error().issues)
            text += "\n  " + issue.expression + ": " + issue.diagnostics;
        ADD_FAILURE() << text;
        return SearchQuery{};
    }
    return *result;
}

sas::core::Error parseError(std::string_view type, const QueryParameters& parameters,
                            Handling handling = Handling::Strict)
{
    auto result = parseSearch(type, parameters, handling);
    EXPECT_FALSE(result.has_value());
    return result ? sas::core::Error{} : result.error();
}

void expectIncludes(const SearchQuery& query, const std::vector<std::string>& expected)
{
    std::vector<std::string> actual;
    for (const Include& include : query.includes)
        actual.push_back(std::string(include.reverse ? "_revinclude" : "_include") +
                         (include.iterate ? ":iterate" : "") + "=" + include.sourceType + ":" + include.parameter +
                         (include.targetType.empty() ? "" : ":" + include.targetType));
    EXPECT_EQ(actual, expected);
}

void expectIdentifiers(const Criterion& criterion, const std::string& system, const std::vector<std::string>& codes)
{
    ASSERT_EQ(criterion.values.size(), codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i)
    {
        EXPECT_FALSE(criterion.values[i].anySystem);
        EXPECT_EQ(criterion.values[i].system, system);
        EXPECT_EQ(criterion.values[i].code, codes[i]);
    }
}

const Criterion* find(const SearchQuery& query, const std::string& name, std::size_t nth = 0)
{
    for (const Criterion& criterion : query.criteria)
    {
        if (criterion.name == name && nth-- == 0)
            return &criterion;
    }
    return nullptr;
}

} // namespace

TEST(FhirSearchParseTest, IntR01)
{
    const SearchQuery query = parseOk("Slot", decodeQueryString(INT_R01));
    EXPECT_EQ(query.resourceType, "Slot");
    expectIncludes(query, {"_include=Slot:schedule", "_include:iterate=Schedule:actor"});
    ASSERT_EQ(query.criteria.size(), 4u);

    const Criterion* from = find(query, "start", 0);
    const Criterion* to = find(query, "start", 1);
    ASSERT_TRUE(from && to);
    EXPECT_TRUE(from->chain.empty());
    EXPECT_EQ(from->type, ParamType::Date);
    ASSERT_EQ(from->values.size(), 1u);
    EXPECT_EQ(from->values[0].prefix, Prefix::Ge);
    EXPECT_EQ(from->values[0].range.low, utc(2021, 1, 2, 9)); // no offset: Paris winter time
    EXPECT_EQ(from->values[0].range.high, utc(2021, 1, 2, 9, 0, 1));
    EXPECT_EQ(to->values[0].prefix, Prefix::Le);
    EXPECT_EQ(to->values[0].range.low, utc(2021, 1, 6, 9));

    const Criterion* actor = find(query, "schedule.actor:Practitioner.identifier");
    ASSERT_TRUE(actor);
    ASSERT_EQ(actor->chain.size(), 2u);
    EXPECT_EQ(actor->chain[0].direction, ChainLink::Direction::Forward);
    EXPECT_EQ(actor->chain[0].sourceType, "Slot");
    EXPECT_EQ(actor->chain[0].parameter, "schedule");
    EXPECT_EQ(actor->chain[0].targetTypes, std::vector<std::string>{"Schedule"});
    EXPECT_EQ(actor->chain[1].sourceType, "Schedule");
    EXPECT_EQ(actor->chain[1].parameter, "actor");
    EXPECT_EQ(actor->chain[1].targetTypes, std::vector<std::string>{"Practitioner"});
    EXPECT_EQ(actor->resourceTypes, std::vector<std::string>{"Practitioner"});
    EXPECT_EQ(actor->parameter, "identifier");
    EXPECT_EQ(actor->type, ParamType::Token);
    ASSERT_NE(actor->definition, nullptr);
    EXPECT_EQ(actor->definition->definition, "http://hl7.org/fhir/SearchParameter/Practitioner-identifier");
    expectIdentifiers(*actor, IDNPS, {"810101288385", "800001288385", "810106738385"});

    const Criterion* status = find(query, "status");
    ASSERT_TRUE(status);
    ASSERT_EQ(status->values.size(), 1u);
    EXPECT_TRUE(status->values[0].anySystem);
    EXPECT_EQ(status->values[0].code, "free");
    EXPECT_EQ(query.count, DEFAULT_COUNT);
    EXPECT_TRUE(query.warnings.empty());
}

TEST(FhirSearchParseTest, IntR01AsReallySent)
{
    // The raw '+' of the offsets decodes to a space; the dates still read as +00:00.
    const QueryParameters parameters = decodeQueryString(INT_R01_AS_SENT);
    EXPECT_EQ(parameters[3].second, "ge2021-11-04T14:19:35.760 00:00");
    const SearchQuery query = parseOk("Slot", parameters);
    EXPECT_EQ(find(query, "start", 0)->values[0].range.low, utc(2021, 11, 4, 14, 19, 35) + 760'000);
    EXPECT_EQ(find(query, "start", 1)->values[0].range.high, utc(2021, 11, 7));
    expectIdentifiers(*find(query, "schedule.actor:Practitioner.identifier"), IDNPS, {"810002673899", "810100050075"});
    EXPECT_EQ(query.count, 1000u);
}

TEST(FhirSearchParseTest, IntR04)
{
    const SearchQuery query = parseOk("Slot", decodeQueryString(INT_R04));
    expectIncludes(query, {"_include=Slot:schedule", "_include:iterate=Schedule:actor",
                           "_include=Slot:service-type-reference", "_include:iterate=HealthcareService:organization"});
    ASSERT_EQ(query.criteria.size(), 4u);
    EXPECT_EQ(find(query, "start", 0)->values[0].range.low, utc(2024, 6, 12, 14, 20));
    EXPECT_EQ(find(query, "start", 0)->values[0].range.high, utc(2024, 6, 12, 14, 20) + 1000);
    EXPECT_EQ(find(query, "start", 1)->values[0].range.low, utc(2024, 6, 15, 14, 20));
    expectIdentifiers(*find(query, "schedule.actor:Practitioner.identifier"), IDNPS, {"810002909371", "810001288385"});
}

TEST(FhirSearchParseTest, SosMedecins)
{
    const SearchQuery query = parseOk("Schedule", decodeQueryString(SOS));
    expectIncludes(query, {"_revinclude=Slot:schedule", "_include=Schedule:actor:Location",
                           "_include:iterate=Location:organization"});
    ASSERT_EQ(query.criteria.size(), 4u);

    const Criterion* from = find(query, "_has:Slot:schedule:start", 0);
    const Criterion* to = find(query, "_has:Slot:schedule:start", 1);
    ASSERT_TRUE(from && to);
    ASSERT_EQ(from->chain.size(), 1u);
    EXPECT_EQ(from->chain[0].direction, ChainLink::Direction::Reverse);
    EXPECT_EQ(from->chain[0].sourceType, "Slot");
    EXPECT_EQ(from->chain[0].parameter, "schedule");
    EXPECT_EQ(from->chain[0].targetTypes, std::vector<std::string>{"Schedule"});
    EXPECT_EQ(from->resourceTypes, std::vector<std::string>{"Slot"});
    EXPECT_EQ(from->parameter, "start");
    EXPECT_EQ(from->values[0].prefix, Prefix::Ge);
    EXPECT_EQ(from->values[0].range.low, utc(2023, 8, 18, 7)); // " 02:00" from the raw '+'
    EXPECT_EQ(to->values[0].prefix, Prefix::Le);
    EXPECT_EQ(to->values[0].range.low, utc(2023, 8, 20, 6));

    const Criterion* status = find(query, "_has:Slot:schedule:status");
    ASSERT_TRUE(status);
    EXPECT_EQ(status->chain[0].direction, ChainLink::Direction::Reverse);
    EXPECT_EQ(status->values[0].code, "free");

    const Criterion* siret = find(query, "actor:Location.organization.identifier");
    ASSERT_TRUE(siret);
    ASSERT_EQ(siret->chain.size(), 2u);
    EXPECT_EQ(siret->chain[0].sourceType, "Schedule");
    EXPECT_EQ(siret->chain[0].parameter, "actor");
    EXPECT_EQ(siret->chain[0].targetTypes, std::vector<std::string>{"Location"});
    EXPECT_EQ(siret->chain[1].sourceType, "Location");
    EXPECT_EQ(siret->chain[1].parameter, "organization");
    EXPECT_EQ(siret->chain[1].targetTypes, std::vector<std::string>{"Organization"});
    EXPECT_EQ(siret->resourceTypes, std::vector<std::string>{"Organization"});
    expectIdentifiers(*siret, IDNST, {"334173748400020", "392080466300010"});
    EXPECT_EQ(query.count, 1000u);
}

TEST(FhirSearchParseTest, CommaOrAndEscapes)
{
    const SearchQuery query =
        parseOk("Practitioner", {{"identifier", R"(sys\|tem|a\,b,c\$d, |e\\)"}, {"name", R"(Dupont\, Jean,Martin)"}});
    const Criterion& identifier = query.criteria.at(0);
    ASSERT_EQ(identifier.values.size(), 3u);
    EXPECT_EQ(identifier.values[0].system, "sys|tem");
    EXPECT_EQ(identifier.values[0].code, "a,b");
    EXPECT_TRUE(identifier.values[1].anySystem);
    EXPECT_EQ(identifier.values[1].code, "c$d");
    EXPECT_FALSE(identifier.values[2].anySystem);
    EXPECT_EQ(identifier.values[2].system, "");
    EXPECT_EQ(identifier.values[2].code, "e\\");
    const Criterion& name = query.criteria.at(1);
    ASSERT_EQ(name.values.size(), 2u);
    EXPECT_EQ(name.values[0].text, "Dupont, Jean");
    EXPECT_EQ(name.values[0].code, "dupont, jean");
    EXPECT_EQ(name.values[1].code, "martin");
}

TEST(FhirSearchParseTest, TokenForms)
{
    const SearchQuery query =
        parseOk("Slot", {{"status", "free"}, {"service-type", "|AMB"}, {"specialty", "http://s|"}});
    EXPECT_TRUE(query.criteria[0].values[0].anySystem);
    EXPECT_FALSE(query.criteria[1].values[0].anySystem);
    EXPECT_EQ(query.criteria[1].values[0].system, "");
    EXPECT_EQ(query.criteria[1].values[0].code, "AMB");
    EXPECT_EQ(query.criteria[2].values[0].system, "http://s");
    EXPECT_EQ(query.criteria[2].values[0].code, "");
    EXPECT_EQ(parseError("Slot", {{"status", "|"}}).issues.at(0).expression, "status");
}

TEST(FhirSearchParseTest, EveryDatePrefix)
{
    const std::pair<const char*, Prefix> prefixes[] = {
        {"eq", Prefix::Eq}, {"ne", Prefix::Ne}, {"gt", Prefix::Gt}, {"lt", Prefix::Lt}, {"ge", Prefix::Ge},
        {"le", Prefix::Le}, {"sa", Prefix::Sa}, {"eb", Prefix::Eb}, {"ap", Prefix::Ap},
    };
    for (const auto& [text, prefix] : prefixes)
    {
        const SearchQuery query = parseOk("Slot", {{"start", std::string(text) + "2026-10-25"}});
        ASSERT_EQ(query.criteria.size(), 1u);
        EXPECT_EQ(query.criteria[0].values[0].prefix, prefix) << text;
        EXPECT_EQ(query.criteria[0].values[0].range.high - query.criteria[0].values[0].range.low,
                  25 * 3600 * MICROS_PER_SECOND);
    }
    const SearchQuery plain = parseOk("Slot", {{"start", "2026-03"}, {"_lastUpdated", "gt2026"}});
    EXPECT_EQ(plain.criteria[0].values[0].prefix, Prefix::Eq);
    EXPECT_EQ(plain.criteria[0].values[0].range.low, utc(2026, 2, 28, 23));
    EXPECT_EQ(plain.criteria[1].values[0].range.high, utc(2026, 12, 31, 23));
    const SearchQuery spring = parseOk("Appointment", {{"date", "2026-03-29"}});
    EXPECT_EQ(spring.criteria[0].values[0].range.high - spring.criteria[0].values[0].range.low,
              23 * 3600 * MICROS_PER_SECOND);
}

TEST(FhirSearchParseTest, InvalidValuesNameTheParameter)
{
    const sas::core::Error error = parseError("Slot", {{"start", "ge2026-02-30"},
                                                       {"start", "xx2026-01-01"},
                                                       {"_count", "-5"},
                                                       {"_count", "10"},
                                                       {"_summary", "maybe"},
                                                       {"_total", "all"},
                                                       {"schedule", "Practitioner/1"},
                                                       {"_id", "bad id!"},
                                                       {"status", "free,"},
                                                       {"status:exact", "free"},
                                                       {"schedule.actor:Slot.identifier", "x"},
                                                       {"status.identifier", "x"},
                                                       {"_has:Slot:status:start", "2026"},
                                                       {"_has:Slot", "2026"},
                                                       {"_include", "Slot"},
                                                       {"_include", "Slot:status"},
                                                       {"_include:deep", "Slot:schedule"},
                                                       {"_sort", "status"},
                                                       {"start:missing", "maybe"}});
    EXPECT_EQ(error.code, ErrorCode::Invalid);
    std::vector<std::string> expressions;
    for (const auto& issue : error.issues)
    {
        EXPECT_EQ(issue.severity, Severity::Error);
        EXPECT_TRUE(issue.code == "invalid" || issue.code == "not-supported") << issue.code;
        EXPECT_FALSE(issue.diagnostics.empty());
        expressions.push_back(issue.expression);
    }
    const std::vector<std::string> expected = {
        "start",
        "start",
        "_count",
        "_count",
        "_summary",
        "_total",
        "schedule",
        "_id",
        "status",
        "status:exact",
        "schedule.actor:Slot.identifier",
        "status.identifier",
        "_has:Slot:status:start",
        "_has:Slot",
        "_include",
        "_include",
        "_include:deep",
        "_sort",
        "start:missing",
    };
    EXPECT_EQ(expressions, expected);
}

TEST(FhirSearchParseTest, UnknownParameterStrictVersusLenient)
{
    const QueryParameters parameters = {{"status", "free"}, {"colour", "blue"}, {"_has:Patient:x:y", "1"}};
    const sas::core::Error error = parseError("Slot", parameters, Handling::Strict);
    EXPECT_EQ(error.code, ErrorCode::Unsupported);
    ASSERT_EQ(error.issues.size(), 2u);
    EXPECT_EQ(error.issues[0].expression, "colour");
    EXPECT_EQ(error.issues[0].code, "not-supported");
    EXPECT_EQ(error.issues[0].severity, Severity::Error);
    EXPECT_EQ(error.issues[1].expression, "_has:Patient:x:y");

    const SearchQuery lenient = parseOk("Slot", parameters, Handling::Lenient);
    ASSERT_EQ(lenient.criteria.size(), 1u);
    EXPECT_EQ(lenient.criteria[0].parameter, "status");
    ASSERT_EQ(lenient.warnings.size(), 2u);
    EXPECT_EQ(lenient.warnings[0].severity, Severity::Warning);
    EXPECT_EQ(lenient.warnings[0].expression, "colour");
    EXPECT_EQ(lenient.warnings[0].code, "not-supported");

    // Invalid values stay errors under lenient handling, and warnings ride along.
    const sas::core::Error mixed = parseError("Slot", {{"colour", "blue"}, {"start", "tomorrow"}}, Handling::Lenient);
    EXPECT_EQ(mixed.code, ErrorCode::Invalid);
    ASSERT_EQ(mixed.issues.size(), 2u);
    EXPECT_EQ(mixed.issues[0].expression, "start");
    EXPECT_EQ(mixed.issues[1].severity, Severity::Warning);
}

TEST(FhirSearchParseTest, UnsupportedModifiersAndParametersAreErrorsEvenWhenLenient)
{
    const sas::core::Error error =
        parseError("Slot", {{"status:text", "x"}, {"_filter", "x"}, {"_include", "*"}}, Handling::Lenient);
    EXPECT_EQ(error.code, ErrorCode::Unsupported);
    ASSERT_EQ(error.issues.size(), 3u);
    EXPECT_EQ(error.issues[0].expression, "status:text");
    EXPECT_EQ(error.issues[1].expression, "_filter");
    EXPECT_EQ(error.issues[2].expression, "_include");
    EXPECT_EQ(parseSearch("Patient", {}, Handling::Strict).error().code, ErrorCode::Unsupported);
}

TEST(FhirSearchParseTest, Modifiers)
{
    const SearchQuery query = parseOk("Slot", {{"schedule:Schedule", "s1"},
                                               {"status:not", "busy"},
                                               {"specialty:missing", "true"},
                                               {"schedule:missing", "false"}});
    EXPECT_EQ(query.criteria[0].modifier, Modifier::Type);
    EXPECT_EQ(query.criteria[0].modifierType, "Schedule");
    EXPECT_EQ(query.criteria[0].values[0].targetType, "Schedule");
    EXPECT_EQ(query.criteria[0].values[0].targetId, "s1");
    EXPECT_EQ(query.criteria[1].modifier, Modifier::Not);
    EXPECT_EQ(query.criteria[2].modifier, Modifier::Missing);
    EXPECT_TRUE(query.criteria[2].missing);
    EXPECT_TRUE(query.criteria[2].values.empty());
    EXPECT_FALSE(query.criteria[3].missing);

    const SearchQuery strings = parseOk("Location", {{"name:exact", "Centre"}, {"address-city:contains", "enn"}});
    EXPECT_EQ(strings.criteria[0].modifier, Modifier::Exact);
    EXPECT_EQ(strings.criteria[1].modifier, Modifier::Contains);
}

TEST(FhirSearchParseTest, ReferenceValues)
{
    const SearchQuery query =
        parseOk("Schedule",
                {{"actor", "Practitioner/p1,PractitionerRole/r1/_history/3,x1,https://other.example/fhir/Location/9"}});
    const auto& values = query.criteria[0].values;
    ASSERT_EQ(values.size(), 4u);
    EXPECT_EQ(values[0].targetType, "Practitioner");
    EXPECT_EQ(values[0].targetId, "p1");
    EXPECT_EQ(values[1].targetType, "PractitionerRole");
    EXPECT_EQ(values[1].targetId, "r1");
    EXPECT_EQ(values[2].targetType, ""); // a bare id: any of the targets
    EXPECT_EQ(values[2].targetId, "x1");
    EXPECT_EQ(values[3].code, "https://other.example/fhir/Location/9");
    const SearchQuery single = parseOk("Slot", {{"schedule", "s1"}});
    EXPECT_EQ(single.criteria[0].values[0].targetType, "Schedule");
}

TEST(FhirSearchParseTest, ChainsWithoutTypeAndNestedHas)
{
    // Location is the only Schedule.actor target with an "address-city" parameter.
    const SearchQuery query = parseOk("Schedule", {{"actor.address-city", "Rennes"}});
    EXPECT_EQ(query.criteria[0].chain[0].targetTypes, std::vector<std::string>{"Location"});
    // identifier exists on several targets, with one type: allowed, evaluated on all of them.
    const SearchQuery many = parseOk("Schedule", {{"actor.identifier", IDNPS + "|810002909371"}});
    EXPECT_GT(many.criteria[0].resourceTypes.size(), 1u);
    EXPECT_EQ(many.criteria[0].resourceTypes, many.criteria[0].chain[0].targetTypes);
    // A deeper chain through several targets needs :Type.
    EXPECT_EQ(parseError("Schedule", {{"actor.organization.name", "x"}}).issues.at(0).expression,
              "actor.organization.name");
    // Reverse chain nested in a reverse chain, and a forward chain inside _has.
    const SearchQuery nested =
        parseOk("Practitioner", {{"_has:PractitionerRole:practitioner:_has:Schedule:actor:active", "true"},
                                 {"_has:Schedule:actor:_has:Slot:schedule:schedule.identifier", "x"}});
    ASSERT_EQ(nested.criteria[0].chain.size(), 2u);
    EXPECT_EQ(nested.criteria[0].chain[1].sourceType, "Schedule");
    EXPECT_EQ(nested.criteria[0].resourceTypes, std::vector<std::string>{"Schedule"});
    EXPECT_EQ(nested.criteria[1].chain.size(), 3u);
    EXPECT_EQ(nested.criteria[1].chain[2].direction, ChainLink::Direction::Forward);
}

TEST(FhirSearchParseTest, ResultParameters)
{
    const SearchQuery query = parseOk("Slot", {{"_count", "50"},
                                               {"_offset", "100"},
                                               {"_sort", "start,-_lastUpdated"},
                                               {"_summary", "count"},
                                               {"_total", "accurate"},
                                               {"_elements", "start,status,schedule"},
                                               {"_format", "json"},
                                               {"_pretty", "true"},
                                               {"_revinclude:iterate", "Appointment:slot"}});
    EXPECT_EQ(query.count, 50u);
    EXPECT_EQ(query.offset, 100u);
    ASSERT_EQ(query.sort.size(), 2u);
    EXPECT_EQ(query.sort[0].parameter, "start");
    EXPECT_FALSE(query.sort[0].descending);
    EXPECT_EQ(query.sort[1].parameter, "_lastUpdated");
    EXPECT_TRUE(query.sort[1].descending);
    EXPECT_EQ(query.summary, Summary::Count);
    EXPECT_EQ(query.total, Total::Accurate);
    EXPECT_EQ(query.elements, (std::vector<std::string>{"start", "status", "schedule"}));
    EXPECT_TRUE(query.criteria.empty());
    ASSERT_EQ(query.includes.size(), 1u);
    EXPECT_TRUE(query.includes[0].reverse);
    EXPECT_TRUE(query.includes[0].iterate);

    const SearchQuery capped = parseOk("Slot", {{"_count", "5000"}});
    EXPECT_EQ(capped.count, MAX_COUNT);
    ASSERT_EQ(capped.warnings.size(), 1u);
    EXPECT_EQ(capped.warnings[0].expression, "_count");
    EXPECT_EQ(parseOk("Slot", {{"_count", "0"}}).count, 0u);
    EXPECT_EQ(parseOk("Slot", {{"_include:recurse", "Slot:schedule"}}).includes.at(0).iterate, true);

    EXPECT_EQ(parseError("Slot", {{"_elements", "colour"}}).issues.at(0).expression, "_elements");
    const SearchQuery lenient = parseOk("Slot", {{"_elements", "colour,start"}}, Handling::Lenient);
    EXPECT_EQ(lenient.elements, std::vector<std::string>{"start"});
    EXPECT_EQ(lenient.warnings.size(), 1u);
    EXPECT_EQ(parseOk("Appointment", {{"_sort", "-date,_id"}}).sort.size(), 2u);
}

TEST(FhirSearchParseTest, HandlingFromPrefer)
{
    EXPECT_EQ(handlingFromPrefer(""), Handling::Strict);
    EXPECT_EQ(handlingFromPrefer("handling=strict"), Handling::Strict);
    EXPECT_EQ(handlingFromPrefer("handling=lenient"), Handling::Lenient);
    EXPECT_EQ(handlingFromPrefer("return=minimal, Handling = Lenient"), Handling::Lenient);
    EXPECT_EQ(handlingFromPrefer("return=minimal; handling=lenient"), Handling::Lenient);
    EXPECT_EQ(handlingFromPrefer("handling=lenientish"), Handling::Strict);
}

TEST(FhirSearchParse, MoreThanTheDocumentedMaximumOfParametersIsInvalidBeforeParsing)
{
    QueryParameters parameters(sas::fhir::search::MAX_SEARCH_PARAMETERS, {"_id", "a"});
    EXPECT_TRUE(parseSearch("Slot", parameters, Handling::Strict));
    parameters.resize(10'000, {"_id", "a"});
    const sas::core::Error error = parseError("Slot", parameters, Handling::Strict);
    EXPECT_EQ(error.code, sas::core::ErrorCode::Invalid);
    EXPECT_NE(error.message.find("at most 100"), std::string::npos) << error.message;
}
