#include "core/Error.h"
#include "core/Result.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using sas::core::Error;
using sas::core::ErrorCode;
using sas::core::Issue;
using sas::core::Severity;

TEST(Error, MakeErrorCarriesOneIssueWithMessageAndExpression)
{
    const Error error = sas::core::makeError(ErrorCode::Invalid, "start is required", "Slot.start");

    EXPECT_EQ(error.code, ErrorCode::Invalid);
    EXPECT_EQ(error.message, "start is required");
    ASSERT_EQ(error.issues.size(), 1u);
    EXPECT_EQ(error.issues[0].severity, Severity::Error);
    EXPECT_TRUE(error.issues[0].code.empty()) << "an empty issue code means: derive it from the category";
    EXPECT_EQ(error.issues[0].diagnostics, "start is required");
    EXPECT_EQ(error.issues[0].expression, "Slot.start");
}

TEST(Error, WithAppendsIssuesInOrderAndChains)
{
    Error error{ErrorCode::Unprocessable, "2 problems", {}};
    error.with(Issue{Severity::Error, {}, "first", "A.a"}).with(Issue{Severity::Warning, "value", "second", "A.b"});

    ASSERT_EQ(error.issues.size(), 2u);
    EXPECT_EQ(error.issues[0].expression, "A.a");
    EXPECT_EQ(error.issues[1].expression, "A.b");
    EXPECT_EQ(error.issues[1].severity, Severity::Warning);
    EXPECT_EQ(error.issues[1].code, "value");
}

TEST(Error, EveryCategoryHasADistinctName)
{
    std::set<std::string> names;
    for (int i = 0; i <= static_cast<int>(ErrorCode::Internal); ++i)
    {
        const std::string name = sas::core::toString(static_cast<ErrorCode>(i));
        EXPECT_FALSE(name.empty());
        EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
    }
    EXPECT_STREQ(sas::core::toString(ErrorCode::NotFound), "not-found");
}

TEST(Error, SeverityNamesAreTheFhirCodes)
{
    EXPECT_STREQ(sas::core::toString(Severity::Fatal), "fatal");
    EXPECT_STREQ(sas::core::toString(Severity::Error), "error");
    EXPECT_STREQ(sas::core::toString(Severity::Warning), "warning");
    EXPECT_STREQ(sas::core::toString(Severity::Information), "information");
}

TEST(Error, FailBuildsAnUnexpectedResult)
{
    const auto produce = []() -> sas::core::Result<int> {
        return sas::core::fail(ErrorCode::NotFound, "Slot/1 not found", "Slot/1");
    };
    const auto result = produce();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    ASSERT_EQ(result.error().issues.size(), 1u);
    EXPECT_EQ(result.error().issues[0].expression, "Slot/1");

    const sas::core::Status ok{};
    EXPECT_TRUE(ok);
}
