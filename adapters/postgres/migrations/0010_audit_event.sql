-- The audit trail (issue 8): one row per write (FHIR create/update/delete, transaction entries) and per regulator
-- search, inserted in the same transaction as the write it records. Codes only: who (identity kind + name, or the
-- regulator's OpenID subject), what (resource type/id/version, or search kind + territory code), when, outcome —
-- never an address, a name or a query value. Append-only: the triggers refuse UPDATE, DELETE and TRUNCATE to
-- every role, the table owner included.
CREATE TABLE audit_event (
    seq            bigserial PRIMARY KEY,
    id             uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    recorded       timestamptz NOT NULL DEFAULT clock_timestamp(),
    agent_kind     text NOT NULL,
    agent_id       text NOT NULL,
    request_id     text NOT NULL DEFAULT '',
    action         text NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
    subtype        text NOT NULL,
    entity_type    text NOT NULL,
    entity_id      text NOT NULL DEFAULT '',
    entity_version integer,
    detail         text NOT NULL DEFAULT '',
    outcome        text NOT NULL DEFAULT '0' CHECK (outcome IN ('0', '4', '8', '12'))
);
CREATE INDEX audit_event_recorded ON audit_event (recorded);
CREATE INDEX audit_event_agent ON audit_event (agent_id, recorded);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
