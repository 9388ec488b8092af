#include "adapters/postgres/PgTransaction.h"

namespace sas::adapters::postgres
{

PgTransaction::PgTransaction(PgConnection& connection) : _connection(connection)
{
    auto begun = _connection.execScript("BEGIN");
    _begun = begun.has_value();
    if (!_begun)
        _beginError = begun.error();
}

PgTransaction::~PgTransaction()
{
    if (_begun && !_done)
        (void)_connection.execScript("ROLLBACK");
}

core::Status PgTransaction::commit()
{
    _done = true;
    return _connection.execScript("COMMIT");
}

} // namespace sas::adapters::postgres
