#pragma once

// One SQL query on a gateway's database, for e2e tests that check what a request left behind.
#include "adapters/postgres/PgConnection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace sas::test
{

/// The rows of `sql` on `dsn`, each as its columns joined by `|` (NULL as "NULL"); a failure fails the test.
inline std::vector<std::string> queryLines(const std::string& dsn, const std::string& sql,
                                           const std::vector<std::string>& params = {})
{
    auto connection = adapters::postgres::PgConnection::open(dsn, std::chrono::seconds(10));
    EXPECT_TRUE(connection) << connection.error().message;
    if (!connection)
        return {};
    std::vector<adapters::postgres::PgParam> pgParams(params.begin(), params.end());
    auto rows = (*connection)->exec(sql, pgParams);
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::string> lines;
    for (int row = 0; rows && row < rows->rows(); ++row)
    {
        std::string line;
        for (int column = 0; column < rows->columns(); ++column)
            line += (column ? "|" : "") + std::string(rows->isNull(row, column) ? "NULL" : rows->value(row, column));
        lines.push_back(line);
    }
    return lines;
}

} // namespace sas::test
