#pragma once

#include "adapters/postgres/PgConnection.h"

namespace sas::adapters::postgres
{

/// BEGIN on construction, ROLLBACK on destruction unless commit() succeeded, so an early return
/// or an exception never leaves a transaction open on a pooled connection.
class PgTransaction
{
public:
    explicit PgTransaction(PgConnection& connection);
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;

    /// False when BEGIN failed; the error is in beginError().
    bool begun() const { return _begun; }
    const core::Error& beginError() const { return _beginError; }

    core::Status commit();

private:
    PgConnection& _connection;
    bool _begun = false;
    bool _done = false;
    core::Error _beginError;
};

} // namespace sas::adapters::postgres
