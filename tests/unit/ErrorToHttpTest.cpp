#include "fhir/rest/errorToHttp.h"

#include "fhir/json/JsonWriter.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <set>
#include <string>

using sas::core::Error;
using sas::core::ErrorCode;
using sas::core::Issue;
using sas::core::Severity;
using sas::fhir::Node;
using sas::fhir::rest::errorToHttp;
using sas::fhir::rest::errorToOperationOutcome;

namespace
{

struct ExpectedMapping
{
    int status;
    std::string issueCode;
};

/// DESIGN.md §6 and the comments of core/Error.h.
const std::map<ErrorCode, ExpectedMapping>& expectedMappings()
{
    static const std::map<ErrorCode, ExpectedMapping> table{
        {ErrorCode::Invalid, {400, "invalid"}},
        {ErrorCode::Unprocessable, {422, "business-rule"}},
        {ErrorCode::Unauthenticated, {401, "login"}},
        {ErrorCode::Forbidden, {403, "forbidden"}},
        {ErrorCode::NotFound, {404, "not-found"}},
        {ErrorCode::MethodNotAllowed, {405, "not-supported"}},
        {ErrorCode::NotAcceptable, {406, "not-supported"}},
        {ErrorCode::Conflict, {409, "conflict"}},
        {ErrorCode::Gone, {410, "deleted"}},
        {ErrorCode::PreconditionFailed, {412, "conflict"}},
        {ErrorCode::PayloadTooLarge, {413, "too-costly"}},
        {ErrorCode::UnsupportedMediaType, {415, "not-supported"}},
        {ErrorCode::Unsupported, {400, "not-supported"}},
        {ErrorCode::TooManyRequests, {429, "throttled"}},
        {ErrorCode::Unavailable, {503, "transient"}},
        {ErrorCode::UpstreamUnavailable, {503, "transient"}},
        {ErrorCode::UpstreamTimeout, {504, "timeout"}},
        {ErrorCode::Internal, {500, "exception"}},
    };
    return table;
}

/// http://hl7.org/fhir/R4/valueset-issue-type.html
const std::set<std::string> ISSUE_TYPES{
    "invalid",    "structure",     "required",     "value",        "invariant",  "security",  "login",
    "unknown",    "expired",       "forbidden",    "suppressed",   "processing", "not-supported",
    "duplicate",  "multiple-matches", "not-found", "deleted",      "too-long",   "code-invalid",
    "extension",  "too-costly",    "business-rule", "conflict",    "transient",  "lock-error",
    "no-store",   "exception",     "timeout",      "incomplete",   "throttled",  "informational"};

std::vector<const Node*> issuesOf(const Node& outcome)
{
    std::vector<const Node*> issues;
    if (const Node::Member* member = outcome.find("issue"))
        for (const auto& value : member->values)
            issues.push_back(&value);
    return issues;
}

std::string stringMember(const Node& node, std::string_view name)
{
    const Node* value = node.first(name);
    return value ? value->value() : std::string("<absent>");
}

} // namespace

TEST(ErrorToHttp, EveryCategoryMapsToItsStatusAndIssueCode)
{
    const auto& table = expectedMappings();
    for (int i = 0; i <= static_cast<int>(ErrorCode::Internal); ++i)
    {
        const auto code = static_cast<ErrorCode>(i);
        SCOPED_TRACE(sas::core::toString(code));
        const auto expected = table.find(code);
        ASSERT_NE(expected, table.end()) << "a new ErrorCode needs a row here and in errorToHttp";
        const auto mapping = errorToHttp(code);
        EXPECT_EQ(mapping.status, expected->second.status);
        EXPECT_EQ(std::string(mapping.issueCode), expected->second.issueCode);
    }
}

TEST(ErrorToHttp, EveryIssueCodeIsAnR4IssueType)
{
    for (int i = 0; i <= static_cast<int>(ErrorCode::Internal); ++i)
    {
        const auto mapping = errorToHttp(static_cast<ErrorCode>(i));
        EXPECT_TRUE(ISSUE_TYPES.contains(mapping.issueCode)) << mapping.issueCode;
        EXPECT_GE(mapping.status, 400);
        EXPECT_LE(mapping.status, 599);
    }
}

TEST(ErrorToHttp, OutcomeHasOneIssuePerErrorIssueInOrder)
{
    Error error{ErrorCode::Unprocessable, "2 problems", {}};
    error.with(Issue{Severity::Error, {}, "start after end", "Slot.start"})
        .with(Issue{Severity::Warning, "value", "comment too long", "Slot.comment"});

    const Node outcome = errorToOperationOutcome(error);

    EXPECT_EQ(outcome.resourceType(), "OperationOutcome");
    const auto issues = issuesOf(outcome);
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(stringMember(*issues[0], "severity"), "error");
    EXPECT_EQ(stringMember(*issues[0], "code"), "business-rule") << "empty code defaults to the category's";
    EXPECT_EQ(stringMember(*issues[0], "diagnostics"), "start after end");
    EXPECT_EQ(stringMember(*issues[0], "expression"), "Slot.start");
    EXPECT_EQ(stringMember(*issues[1], "severity"), "warning");
    EXPECT_EQ(stringMember(*issues[1], "code"), "value") << "an explicit issue code is kept";
    EXPECT_EQ(stringMember(*issues[1], "expression"), "Slot.comment");
}

TEST(ErrorToHttp, ExpressionIsAnArrayAsInFhir)
{
    const Node outcome = errorToOperationOutcome(sas::core::makeError(ErrorCode::Invalid, "bad", "Slot.start"));
    const auto issues = issuesOf(outcome);
    ASSERT_EQ(issues.size(), 1u);
    const Node::Member* expression = issues[0]->find("expression");
    ASSERT_NE(expression, nullptr);
    EXPECT_TRUE(expression->array) << "OperationOutcome.issue.expression is 0..*";

    rapidjson::Document json;
    json.Parse(sas::fhir::writeJson(outcome).c_str());
    ASSERT_FALSE(json.HasParseError());
    ASSERT_TRUE(json["issue"].IsArray());
    ASSERT_TRUE(json["issue"][0]["expression"].IsArray());
    EXPECT_STREQ(json["issue"][0]["expression"][0].GetString(), "Slot.start");
}

TEST(ErrorToHttp, OutcomeOmitsEmptyExpressionAndDiagnostics)
{
    Error error{ErrorCode::Conflict, "x", {}};
    error.with(Issue{Severity::Error, {}, {}, {}});
    const Node outcome = errorToOperationOutcome(error);
    const auto issues = issuesOf(outcome);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0]->find("expression"), nullptr);
    EXPECT_EQ(issues[0]->find("diagnostics"), nullptr);
    EXPECT_EQ(stringMember(*issues[0], "code"), "conflict");
}

TEST(ErrorToHttp, SeverityStringsAreWritten)
{
    Error error{ErrorCode::Internal, "x", {}};
    error.with(Issue{Severity::Fatal, {}, "a", {}})
        .with(Issue{Severity::Error, {}, "b", {}})
        .with(Issue{Severity::Warning, {}, "c", {}})
        .with(Issue{Severity::Information, "informational", "d", {}});
    const Node outcome = errorToOperationOutcome(error);
    const auto issues = issuesOf(outcome);
    ASSERT_EQ(issues.size(), 4u);
    EXPECT_EQ(stringMember(*issues[0], "severity"), "fatal");
    EXPECT_EQ(stringMember(*issues[1], "severity"), "error");
    EXPECT_EQ(stringMember(*issues[2], "severity"), "warning");
    EXPECT_EQ(stringMember(*issues[3], "severity"), "information");
}

TEST(ErrorToHttp, ErrorWithoutIssuesGetsOneIssueFromItsMessage)
{
    const Error error{ErrorCode::UpstreamTimeout, "the vendor did not answer", {}};
    const Node outcome = errorToOperationOutcome(error);
    const auto issues = issuesOf(outcome);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(stringMember(*issues[0], "severity"), "error");
    EXPECT_EQ(stringMember(*issues[0], "code"), "timeout");
    EXPECT_EQ(stringMember(*issues[0], "diagnostics"), "the vendor did not answer");
    EXPECT_EQ(issues[0]->find("expression"), nullptr);
}

TEST(ErrorToHttp, IssueMembersFollowFhirElementOrder)
{
    // FHIR XML requires definition order: severity, code, details, diagnostics, location, expression.
    const Node outcome = errorToOperationOutcome(sas::core::makeError(ErrorCode::Invalid, "bad", "Slot.start"));
    const auto issues = issuesOf(outcome);
    ASSERT_EQ(issues.size(), 1u);
    std::vector<std::string> names;
    for (const auto& member : issues[0]->members())
        names.push_back(member.name);
    EXPECT_EQ(names, (std::vector<std::string>{"severity", "code", "diagnostics", "expression"}));
}
