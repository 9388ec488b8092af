-- Every node keeps what the IG's INT_R01 search reads in memory (PgCachedSlotSearch, SlotSearchCache): the Slots of
-- a Schedule, the Schedule, its actors, and which Schedules a chained identifier resolves to. A change committed by
-- any node must reach every node's copy, whatever wrote it (the FHIR façade, the agenda SAS publisher, a script):
-- these triggers NOTIFY sas_resource at commit with what changed.
--   "slots:<schedule id>"  a Slot naming that Schedule was written or deleted (slot_availability, one row per Slot)
--   "<type>/<id>"          any other resource a chain or an include can read (not Slots, not Appointments)
-- PostgreSQL folds identical payloads of one transaction, so a Bundle of 1,000 Slots on one Schedule sends one.
CREATE FUNCTION sas_slot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.schedule_id IS NOT NULL THEN
        PERFORM pg_notify('sas_resource', 'slots:' || OLD.schedule_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.schedule_id IS NOT NULL THEN
        PERFORM pg_notify('sas_resource', 'slots:' || NEW.schedule_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER slot_availability_changed AFTER INSERT OR UPDATE OR DELETE ON slot_availability
    FOR EACH ROW EXECUTE FUNCTION sas_slot_changed();

CREATE FUNCTION sas_resource_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('sas_resource', OLD.type || '/' || OLD.id);
    ELSE
        PERFORM pg_notify('sas_resource', NEW.type || '/' || NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER resource_inserted AFTER INSERT ON resource
    FOR EACH ROW WHEN (NEW.type NOT IN ('Slot', 'Appointment')) EXECUTE FUNCTION sas_resource_changed();
CREATE TRIGGER resource_updated AFTER UPDATE ON resource
    FOR EACH ROW WHEN (NEW.type NOT IN ('Slot', 'Appointment')) EXECUTE FUNCTION sas_resource_changed();
CREATE TRIGGER resource_deleted AFTER DELETE ON resource
    FOR EACH ROW WHEN (OLD.type NOT IN ('Slot', 'Appointment')) EXECUTE FUNCTION sas_resource_changed();
