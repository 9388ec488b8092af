#pragma once

#include "adapters/postgres/PgConnection.h"
#include "core/Result.h"

namespace sas::adapters::postgres
{

/// Rebuilds slot_availability (migration 0007) from `resource` and the search_* tables in one set-based statement,
/// for a bulk load that wrote those tables directly (bench/int-r01's COPY loader) instead of through
/// PgResourceStore. Same statement as the migration's backfill: one row per live Slot, in (Schedule, start) order.
core::Status fillSlotAvailability(PgConnection& connection);

} // namespace sas::adapters::postgres
