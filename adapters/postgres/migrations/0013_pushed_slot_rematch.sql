-- Pushed vendor slots follow the directory (issue 4): a Slot is attributed to a place when it is written (0012), but
-- the directory changes after that — a practitioner's place is created by the directory API or a daily RPPS import,
-- another one takes precedence (a smaller id, the postcode of the Schedule's Location), or one is deactivated. After
-- every statement that inserts or updates places, the pushed Slots of the practitioners those places belong to are
-- attributed again by the same rule (pushed_slot_place), in the same transaction, and every place that gained or
-- lost a Slot is NOTIFYed on sas_agenda, so every node's availability index follows.
--
-- Statement-level with transition tables: the RPPS import writes ~12,000 places per statement, and pushed_slot is
-- read from its own side (a few Schedules per practitioner), so the cost is one pass over the changed rows.
CREATE FUNCTION pushed_slot_rematch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    practitioners text[];
    touched text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pushed_slot) THEN
        RETURN NULL; -- no vendor pushes slots here: nothing to follow
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- A place moved to another practitioner leaves the former one's Slots to be attributed again too.
        SELECT array_agg(DISTINCT practitioner_id) INTO practitioners FROM (
            SELECT practitioner_id FROM changed_places UNION SELECT practitioner_id FROM previous_places) p;
    ELSE
        SELECT array_agg(DISTINCT practitioner_id) INTO practitioners FROM changed_places;
    END IF;
    FOR touched IN
        WITH affected AS (
            -- Schedules with pushed Slots whose actors name one of those practitioners by national identifier,
            -- directly or through a PractitionerRole (the rule of pushed_slot_place).
            SELECT DISTINCT ps.schedule_id FROM pushed_slot ps
            JOIN search_reference a ON a.type = 'Schedule' AND a.id = ps.schedule_id AND a.param = 'actor'
            LEFT JOIN search_reference r ON a.target_type = 'PractitionerRole' AND r.type = 'PractitionerRole'
                 AND r.id = a.target_id AND r.param = 'practitioner' AND r.target_type = 'Practitioner'
            JOIN search_token t ON t.type = 'Practitioner' AND t.param = 'identifier'
                 AND t.system = 'urn:oid:1.2.250.1.71.4.2.1'
                 AND t.id = CASE WHEN a.target_type = 'Practitioner' THEN a.target_id ELSE r.target_id END
            WHERE ps.schedule_id <> '' AND t.code = ANY (practitioners)
        ), old AS (
            SELECT slot_id, place_id FROM pushed_slot WHERE schedule_id IN (SELECT schedule_id FROM affected)
        ), moved AS (
            UPDATE pushed_slot s SET place_id = pushed_slot_place(s.schedule_id)
            WHERE s.schedule_id IN (SELECT schedule_id FROM affected)
              AND s.place_id IS DISTINCT FROM pushed_slot_place(s.schedule_id)
            RETURNING s.slot_id, s.place_id
        )
        SELECT DISTINCT place FROM (
            SELECT o.place_id AS place FROM old o JOIN moved m USING (slot_id)
            UNION ALL
            SELECT place_id FROM moved
        ) p WHERE place IS NOT NULL
    LOOP
        PERFORM pg_notify('sas_agenda', touched);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER sas_place_inserted_rematch AFTER INSERT ON sas_place
    REFERENCING NEW TABLE AS changed_places FOR EACH STATEMENT EXECUTE FUNCTION pushed_slot_rematch();
CREATE TRIGGER sas_place_updated_rematch AFTER UPDATE ON sas_place
    REFERENCING OLD TABLE AS previous_places NEW TABLE AS changed_places FOR EACH STATEMENT EXECUTE FUNCTION pushed_slot_rematch();
