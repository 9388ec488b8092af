-- Multi-column statistics on the index tables. Every row carries its resource type and parameter code, and the two
-- are strongly dependent (only Practitioners have an `identifier` token among 12 M Slot tokens): estimated as
-- independent, "Practitioner identifier" looked like one row, and the planner scanned all 120,000 of them instead of
-- looking up the 25 RPPS of an INT_R01 search (docs/benchmarks.md). MCV lists of the (type, param) pairs fix that.
-- Migrations run in one transaction: no request statement timeout for the rest of it (minutes on millions of rows).
SET LOCAL statement_timeout = 0;
CREATE STATISTICS search_token_type_param (mcv) ON type, param FROM search_token;
CREATE STATISTICS search_date_type_param (mcv) ON type, param FROM search_date;
CREATE STATISTICS search_reference_type_param (mcv) ON type, param, target_type FROM search_reference;
CREATE STATISTICS search_string_type_param (mcv) ON type, param FROM search_string;
ANALYZE search_token, search_date, search_reference, search_string;
