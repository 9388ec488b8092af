-- Covering versions of the index tables' per-resource and match indexes, so the probes a search makes per candidate
-- (is this Slot's start in the window? its status free? which Schedule does it reference?) are index-only scans,
-- without a heap visit each: an INT_R01 search makes several per matched Slot, ~700 Slots per search
-- (docs/benchmarks.md). The parameter joins the key because every probe names it. Long values stay out of the new
-- keys (search_reference.url is not included), so no write can hit the btree entry size limit it could not hit
-- before.
-- Migrations run in one transaction: no request statement timeout for the rest of it (minutes on millions of rows).
SET LOCAL statement_timeout = 0;
DROP INDEX search_token_resource;
CREATE INDEX search_token_resource ON search_token (type, id, param) INCLUDE (system, code);
DROP INDEX search_date_resource;
CREATE INDEX search_date_resource ON search_date (type, id, param) INCLUDE (low, high);
DROP INDEX search_reference_resource;
CREATE INDEX search_reference_resource ON search_reference (type, id, param) INCLUDE (target_type, target_id);
DROP INDEX search_reference_match;
CREATE INDEX search_reference_match ON search_reference (type, param, target_type, target_id) INCLUDE (id);
DROP INDEX search_token_match;
CREATE INDEX search_token_match ON search_token (type, param, code, system) INCLUDE (id);
