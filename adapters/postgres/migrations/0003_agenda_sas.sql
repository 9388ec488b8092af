-- Directory, agenda SAS and its bookings (issue 4). Wall-clock times are stored as such
-- (date + minutes, timestamp without time zone) with the place's IANA zone, so a 09:00 slot stays
-- 09:00 across daylight-saving changes; instants are timestamptz.

CREATE TABLE sas_structure (
    id                 text PRIMARY KEY,            -- FINESS (CPTS, MSP, CDS) or SIRET (SOS Médecins)
    kind               text NOT NULL CHECK (kind IN ('cpts', 'msp', 'cds', 'sos')),
    finess             text NOT NULL DEFAULT '',
    siret              text NOT NULL DEFAULT '',
    name               text NOT NULL,
    intervention_zone  text[] NOT NULL DEFAULT '{}', -- INSEE codes (CPTS)
    managers           text[] NOT NULL DEFAULT '{}', -- client identity names of managers and delegates
    participates       boolean NOT NULL DEFAULT false,
    practitioner_count integer NOT NULL DEFAULT 0,
    hours_declared     boolean NOT NULL DEFAULT false,
    accepts_en_sus     boolean NOT NULL DEFAULT false
);

CREATE TABLE sas_practitioner (
    id               text PRIMARY KEY,              -- prefixed national id: 8<RPPS> or 0<ADELI>
    id_kind          text NOT NULL CHECK (id_kind IN ('rpps', 'adeli')),
    national_id      text NOT NULL,
    family_name      text NOT NULL,
    given_name       text NOT NULL,
    profession       text NOT NULL DEFAULT '',
    specialties      text[] NOT NULL DEFAULT '{}',  -- JDV_J239 codes
    identity         text NOT NULL DEFAULT '',      -- client identity acting as this practitioner
    participates     boolean NOT NULL DEFAULT false,
    via              integer CHECK (via BETWEEN 1 AND 4),
    has_software     boolean,
    editor_disabled  boolean NOT NULL DEFAULT false,
    hours_declared   boolean NOT NULL DEFAULT false,
    forfait_reo      boolean NOT NULL DEFAULT false,
    structure_finess text NOT NULL DEFAULT '',
    sos_siret        text NOT NULL DEFAULT '',
    cpts_place_ids   text[] NOT NULL DEFAULT '{}',
    interfaced       boolean NOT NULL DEFAULT false
);

CREATE TABLE sas_place (
    id                       text PRIMARY KEY,
    practitioner_id          text NOT NULL REFERENCES sas_practitioner (id),
    structure_id             text NOT NULL DEFAULT '',
    address                  text NOT NULL DEFAULT '',
    postcode                 text NOT NULL DEFAULT '',
    insee_code               text NOT NULL DEFAULT '',
    departement              text NOT NULL,
    latitude                 double precision NOT NULL,
    longitude                double precision NOT NULL,
    time_zone                text NOT NULL,
    phone                    text NOT NULL DEFAULT '',
    additional_info          text NOT NULL DEFAULT '' CHECK (char_length(additional_info) <= 1000),
    unavailable_indefinitely boolean NOT NULL DEFAULT false
);
CREATE INDEX sas_place_practitioner ON sas_place (practitioner_id);

-- Up to three wall-clock periods [start_local, end_local) per place.
CREATE TABLE sas_unavailability_period (
    place_id    text NOT NULL REFERENCES sas_place (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position BETWEEN 0 AND 2),
    start_local timestamp NOT NULL,
    end_local   timestamp NOT NULL CHECK (end_local > start_local),
    PRIMARY KEY (place_id, position)
);

CREATE TABLE sas_agenda_rule (
    id           bigserial PRIMARY KEY,
    place_id     text NOT NULL REFERENCES sas_place (id) ON DELETE CASCADE,
    first_date   date NOT NULL,
    weekly       boolean NOT NULL,
    until        date,
    exceptions   date[] NOT NULL DEFAULT '{}',
    start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   integer NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
    plage        boolean NOT NULL,
    capacity     integer NOT NULL CHECK (capacity >= 1),
    modalities   smallint NOT NULL CHECK (modalities BETWEEN 1 AND 7)
);
CREATE INDEX sas_agenda_rule_place ON sas_agenda_rule (place_id);

-- Patients booked per occurrence: the one row a booking's conditional upsert serialises on.
CREATE TABLE sas_occurrence_load (
    rule_id         bigint NOT NULL,
    occurrence_date date NOT NULL,
    booked          integer NOT NULL CHECK (booked >= 0),
    PRIMARY KEY (rule_id, occurrence_date)
);

-- Orientations made on the agenda SAS (on a slot, or "en sus").
CREATE TABLE sas_booking (
    id              bigserial PRIMARY KEY,
    place_id        text NOT NULL,
    practitioner_id text NOT NULL,
    rule_id         bigint,
    occurrence_date date,
    slot_start      timestamptz NOT NULL,
    en_sus          boolean NOT NULL,
    regulator       text NOT NULL,
    territory       text NOT NULL,
    status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'honoured', 'not-honoured')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sas_booking_regulator ON sas_booking (regulator, created_at);
CREATE INDEX sas_booking_practitioner ON sas_booking (practitioner_id, created_at);
