-- Directory import from the RPPS public extraction (issue 9, docs/directory-import.md). The import owns only the
-- columns it fills from the file (names, profession, specialties, address, coordinates, phone, structure ids,
-- active); participation settings, identity, agenda, unavailability and additional info stay the gateway's.
-- Rows are deactivated, never deleted, so orientations and bookings keep pointing at them.
ALTER TABLE sas_practitioner
    ADD COLUMN civility text NOT NULL DEFAULT '',                -- code civilité d'exercice, else code civilité
    ADD COLUMN source   text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'rpps')),
    ADD COLUMN active   boolean NOT NULL DEFAULT true;

ALTER TABLE sas_place
    ADD COLUMN siret         text NOT NULL DEFAULT '',
    ADD COLUMN finess        text NOT NULL DEFAULT '',           -- FINESS site
    ADD COLUMN structure_ref text NOT NULL DEFAULT '',           -- Identifiant technique de la structure
    ADD COLUMN geo_precision text NOT NULL DEFAULT 'given' CHECK (geo_precision IN ('given', 'commune', 'postcode')),
    ADD COLUMN source        text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'rpps')),
    ADD COLUMN active        boolean NOT NULL DEFAULT true;
CREATE INDEX sas_place_imported ON sas_place (departement) WHERE source = 'rpps' AND active;

-- One row per run; an interrupted run stays 'staging' or 'applying' and its staged rows are dropped by the next run.
CREATE TABLE directory_import_run (
    id          bigserial PRIMARY KEY,
    file        text NOT NULL,
    scope       text[] NOT NULL DEFAULT '{}',                    -- départements; empty: the whole file
    state       text NOT NULL CHECK (state IN ('staging', 'applying', 'completed', 'failed')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    summary     text NOT NULL DEFAULT ''
);

-- The SAS activities of a run, copied in as the file is read; nothing reaches the directory before the whole file
-- is staged. Unlogged: a crash loses only a run that must be redone anyway.
CREATE UNLOGGED TABLE directory_import_activity (
    run_id          bigint NOT NULL,
    line            integer NOT NULL,
    practitioner_id text NOT NULL,
    id_kind         text NOT NULL,
    national_id     text NOT NULL,
    civility        text NOT NULL,
    family_name     text NOT NULL,
    given_name      text NOT NULL,
    profession      text NOT NULL,
    specialty       text NOT NULL,
    place_id        text NOT NULL,                               -- '' when the activity has no locatable address
    address         text NOT NULL,
    postcode        text NOT NULL,
    insee_code      text NOT NULL,
    departement     text NOT NULL,
    latitude        double precision,
    longitude       double precision,
    geo_precision   text NOT NULL,
    time_zone       text NOT NULL,
    phone           text NOT NULL,
    siret           text NOT NULL,
    finess          text NOT NULL,
    structure_ref   text NOT NULL
);
