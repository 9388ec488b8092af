#include "adapters/postgres/fillSlotAvailability.h"

namespace sas::adapters::postgres
{

core::Status fillSlotAvailability(PgConnection& connection)
{
    return connection.execScript(
        "TRUNCATE slot_availability;"
        "INSERT INTO slot_availability "
        "SELECT r.id, ref.target_type, ref.target_id, st.system, st.code, d.low, d.high, r.version, r.last_updated, "
        "r.body FROM resource r "
        "LEFT JOIN (SELECT DISTINCT ON (id) id, target_type, target_id FROM search_reference "
        "           WHERE type = 'Slot' AND param = 'schedule' AND target_type <> '' "
        "           ORDER BY id, target_type, target_id) ref ON ref.id = r.id "
        "LEFT JOIN (SELECT DISTINCT ON (id) id, system, code FROM search_token "
        "           WHERE type = 'Slot' AND param = 'status' ORDER BY id, system, code) st ON st.id = r.id "
        "LEFT JOIN (SELECT DISTINCT ON (id) id, low, high FROM search_date "
        "           WHERE type = 'Slot' AND param = 'start' ORDER BY id, low, high) d ON d.id = r.id "
        "WHERE r.type = 'Slot' AND NOT r.deleted "
        "ORDER BY ref.target_id, d.low");
}

} // namespace sas::adapters::postgres
