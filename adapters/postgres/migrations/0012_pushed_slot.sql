-- Slots booking vendors push through the FHIR façade (POST/PUT/DELETE Slot, transaction Bundles), attributed to one
-- place of the directory so the regulator search offers them (source vendor) next to the agenda SAS. One row per
-- stored Slot, written by PushedSlotWriteHook in the transaction of the Slot's write (and re-attributed in the
-- transaction of a write of its Schedule); every change NOTIFYs sas_agenda with the place(s) it touched, so every
-- node's availability index converges. Only `free` rows are searched.
CREATE TABLE pushed_slot (
    slot_id      text        PRIMARY KEY,
    owner        text        NOT NULL,             -- the client identity that wrote the Slot
    schedule_id  text        NOT NULL DEFAULT '',  -- Slot.schedule when it names a Schedule of the store
    place_id     text,                             -- NULL while no place of the directory matches
    free         boolean     NOT NULL,
    start_at     timestamptz NOT NULL,
    end_at       timestamptz NOT NULL,
    modalities   smallint    NOT NULL,             -- core::Modalities bits (AMB 1, VR 2, HH 4)
    booking_link text        NOT NULL DEFAULT ''   -- INT_SSO: Slot.comment + origin=sas
);
CREATE INDEX pushed_slot_place ON pushed_slot (place_id, start_at) WHERE free;
CREATE INDEX pushed_slot_schedule ON pushed_slot (schedule_id);

-- The matching rule (docs/search-engine.md, "Pushed vendor slots"): the Schedule's actors name the practitioner —
-- a Practitioner, or a PractitionerRole's practitioner — whose national identifier (urn:oid:1.2.250.1.71.4.2.1, the
-- prefixed RPPS/ADELI) is a directory practitioner's id; among that practitioner's active places, the one whose
-- postcode is a Location actor's (the Schedule's, or the PractitionerRole's) wins, else the smallest place id.
CREATE FUNCTION pushed_slot_place(p_schedule text) RETURNS text LANGUAGE sql STABLE AS $$
    WITH actor AS (
        SELECT target_type, target_id FROM search_reference
        WHERE type = 'Schedule' AND id = p_schedule AND param = 'actor'
    ), practitioner AS (
        SELECT target_id AS id FROM actor WHERE target_type = 'Practitioner'
        UNION
        SELECT r.target_id FROM actor a JOIN search_reference r
            ON r.type = 'PractitionerRole' AND r.id = a.target_id AND r.param = 'practitioner'
           AND r.target_type = 'Practitioner'
        WHERE a.target_type = 'PractitionerRole'
    ), location AS (
        SELECT target_id AS id FROM actor WHERE target_type = 'Location'
        UNION
        SELECT r.target_id FROM actor a JOIN search_reference r
            ON r.type = 'PractitionerRole' AND r.id = a.target_id AND r.param = 'location' AND r.target_type = 'Location'
        WHERE a.target_type = 'PractitionerRole'
    )
    SELECT p.id FROM sas_place p
    WHERE p.active AND p.practitioner_id IN (
        SELECT t.code FROM practitioner pr JOIN search_token t
            ON t.type = 'Practitioner' AND t.id = pr.id AND t.param = 'identifier'
           AND t.system = 'urn:oid:1.2.250.1.71.4.2.1')
    ORDER BY p.postcode IN (
        SELECT s.value FROM location l JOIN search_string s
            ON s.type = 'Location' AND s.id = l.id AND s.param = 'address-postalcode') DESC, p.id
    LIMIT 1
$$;
