-- One typed row per live Slot: what the IG's Slot searches test (its Schedule, start, status) next to its current
-- body, so an INT_R01/INT_R04 search reads each Schedule's Slots in the window with one index range scan and their
-- bodies from the same heap pages, instead of half a dozen btree probes per Slot into the generic index tables and
-- `resource` (~4,000 page visits per search on the national data set, docs/benchmarks.md).
-- Maintained by PgResourceStore in the transaction of every Slot write and delete (from the same SearchIndex as the
-- search_* rows); PgSearch answers every Slot search from it. It depends on the Slot alone: the Schedule's actors
-- and the Practitioners' identifiers are still read from the generic tables (a few dozen rows per search), so a
-- Schedule or Practitioner write never has to touch the Slots.
-- Slot.schedule, Slot.status and Slot.start are 1..1 in R4 and the strict reader refuses repetitions; should several
-- values ever come through, the smallest is kept (here and in PgResourceStore).
-- Migrations run in one transaction: no request statement timeout for the rest of it (minutes on millions of rows).
SET LOCAL statement_timeout = 0;
CREATE TABLE slot_availability (
    id            text        PRIMARY KEY,
    schedule_type text,                  -- Slot.schedule's target (search_reference.target_type/target_id);
    schedule_id   text,                  -- NULL when the reference names no resource type (absolute URL)
    status_system text,                  -- Slot.status as its search_token row
    status_code   text,
    start_low     bigint,                -- Slot.start as its search_date row: microseconds, UTC, [low, high)
    start_high    bigint,
    version       integer     NOT NULL,
    last_updated  timestamptz NOT NULL,
    body          text        NOT NULL
);
-- Filled in (Schedule, start) order so a Schedule's Slots share a few heap pages (a search reads them together).
INSERT INTO slot_availability
SELECT r.id, ref.target_type, ref.target_id, st.system, st.code, d.low, d.high, r.version, r.last_updated, r.body
FROM resource r
LEFT JOIN (SELECT DISTINCT ON (id) id, target_type, target_id FROM search_reference
           WHERE type = 'Slot' AND param = 'schedule' AND target_type <> ''
           ORDER BY id, target_type, target_id) ref ON ref.id = r.id
LEFT JOIN (SELECT DISTINCT ON (id) id, system, code FROM search_token
           WHERE type = 'Slot' AND param = 'status' ORDER BY id, system, code) st ON st.id = r.id
LEFT JOIN (SELECT DISTINCT ON (id) id, low, high FROM search_date
           WHERE type = 'Slot' AND param = 'start' ORDER BY id, low, high) d ON d.id = r.id
WHERE r.type = 'Slot' AND NOT r.deleted
ORDER BY ref.target_id, d.low;
CREATE INDEX slot_availability_schedule ON slot_availability (schedule_id, start_low)
    INCLUDE (schedule_type, start_high, status_code, status_system);
ANALYZE slot_availability;
