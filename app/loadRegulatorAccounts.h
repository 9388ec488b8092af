#pragma once

#include "adapters/postgres/PgConnection.h"
#include "core/Result.h"

#include <string>

namespace sas::app
{

/// Upserts the regulator accounts of a CSV file into regulator_account, until the platform's own account management
/// writes that table: one account a line, `;`-separated, header line first:
/// `account_id;national_id;technical_id;last_name;first_name;email;territory` (national or technical id may be empty).
/// Returns how many lines were loaded; Invalid naming the line when one is malformed.
core::Result<int> loadRegulatorAccounts(const std::string& file, adapters::postgres::PgConnection& connection);

} // namespace sas::app
