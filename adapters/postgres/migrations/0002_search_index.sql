-- Typed search index of the current version of every resource, one row per indexed value
-- (fhir/search/SearchIndexEntry.h), replaced whenever the resource is written, removed on delete.
CREATE TABLE search_token (
    type   text NOT NULL,
    id     text NOT NULL,
    param  text NOT NULL,
    system text NOT NULL DEFAULT '',
    code   text NOT NULL
);
CREATE INDEX search_token_match ON search_token (type, param, code, system);
CREATE INDEX search_token_resource ON search_token (type, id);

CREATE TABLE search_date (
    type  text   NOT NULL,
    id    text   NOT NULL,
    param text   NOT NULL,
    low   bigint NOT NULL,   -- microseconds since the epoch, UTC, inclusive
    high  bigint NOT NULL    -- exclusive
);
CREATE INDEX search_date_match ON search_date (type, param, low);
CREATE INDEX search_date_resource ON search_date (type, id);

CREATE TABLE search_reference (
    type        text NOT NULL,
    id          text NOT NULL,
    param       text NOT NULL,
    target_type text NOT NULL DEFAULT '',
    target_id   text NOT NULL DEFAULT '',
    url         text NOT NULL DEFAULT ''  -- absolute or contained references
);
CREATE INDEX search_reference_match ON search_reference (type, param, target_type, target_id);
CREATE INDEX search_reference_target ON search_reference (target_type, target_id);
CREATE INDEX search_reference_resource ON search_reference (type, id);

CREATE TABLE search_string (
    type  text NOT NULL,
    id    text NOT NULL,
    param text NOT NULL,
    value text NOT NULL      -- normalised: case and accents folded
);
CREATE INDEX search_string_match ON search_string (type, param, value text_pattern_ops);
CREATE INDEX search_string_resource ON search_string (type, id);
