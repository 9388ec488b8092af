-- Orientations (appointments booked by regulators, from any source), their status history, the local regulator
-- accounts they link to, and the transactional outbox of INT_L02 messages to the LRMs through the Hub Santé.
-- No patient data anywhere.
CREATE TABLE regulator_account (
    account_id   text PRIMARY KEY,
    national_id  text UNIQUE,                -- IDNPS (CPx id), sent to the LRM
    technical_id text UNIQUE,                -- SAS technical UUID, never sent
    last_name    text NOT NULL,
    first_name   text NOT NULL,
    email        text NOT NULL,
    territory    text NOT NULL DEFAULT ''    -- SAS territory: routes the LRM message
);

CREATE TABLE orientation (
    id                   uuid PRIMARY KEY,   -- the appointmentId the LRM sees
    source               text NOT NULL,      -- vendor:<identity>, agenda, en-sus
    source_key           text NOT NULL,      -- the booking's key in its source
    resource_id          text,               -- FHIR Appointment id (INT_R03)
    regulator_system     text NOT NULL,
    regulator_value      text NOT NULL,
    regulator_account_id text REFERENCES regulator_account ON DELETE SET NULL, -- NULL: unknown regulator, flagged
    practitioner_id      text,               -- IDNPS (8+RPPS / 0+ADELI)
    practitioner_last    text,
    practitioner_first   text,
    practitioner_specialty  text,
    practitioner_profession text,
    structure_id         text,               -- IDNST (1+FINESS / 3+SIRET)
    structure_name       text,
    category             text CHECK (category IN ('PS', 'SOS', 'PDM', 'CPTS', 'CDS', 'MSP')),
    status               text NOT NULL CHECK (status IN ('pending', 'booked', 'fulfilled', 'noshow', 'cancelled')),
    start_at             timestamptz NOT NULL,
    end_at               timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    revision             integer NOT NULL CHECK (revision > 0),
    UNIQUE (source, source_key)
);
CREATE INDEX orientation_regulator ON orientation (regulator_account_id, created_at);
CREATE INDEX orientation_resource ON orientation (resource_id);

CREATE TABLE orientation_status (
    orientation_id uuid NOT NULL REFERENCES orientation ON DELETE CASCADE,
    revision       integer NOT NULL,
    status         text NOT NULL,
    at             timestamptz NOT NULL,
    PRIMARY KEY (orientation_id, revision)
);

-- One row per message content. `body` is the exact bytes published: a resend after a broker loss publishes them
-- again under the same distributionID; new content gets a new row and a new distributionID.
CREATE TABLE hub_message (
    id              bigserial PRIMARY KEY,   -- order of creation = order of sending per orientation
    orientation_id  uuid NOT NULL REFERENCES orientation ON DELETE CASCADE,
    revision        integer NOT NULL,
    recipient       text,                    -- fr.health.samuXXX; NULL when the territory has no LRM
    method          text NOT NULL,           -- CreateAppointment | UpdateAppointment
    distribution_id text UNIQUE,
    body            text,
    state           text NOT NULL CHECK (state IN ('queued', 'sent', 'acknowledged', 'refused', 'delivered',
                                                   'retrying', 'failed', 'rejected', 'superseded')),
    attempts        integer NOT NULL DEFAULT 0,
    retry_of        bigint REFERENCES hub_message,
    not_before      timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at    timestamptz,
    outcome_at      timestamptz,
    error_code      integer,
    error_text      text
);
CREATE INDEX hub_message_queued ON hub_message (id) WHERE state = 'queued';
CREATE INDEX hub_message_orientation ON hub_message (orientation_id, id);

-- Every message sent or received and what became of it (DST traceability), acks and errors included, even those
-- matching nothing we sent. An inbound message is stored once (its own distributionID).
CREATE TABLE hub_event (
    id              bigserial PRIMARY KEY,
    message_id      bigint REFERENCES hub_message ON DELETE CASCADE,
    direction       text NOT NULL CHECK (direction IN ('out', 'in')),
    kind            text NOT NULL,
    distribution_id text,
    detail          text,
    at              timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX hub_event_inbound ON hub_event (distribution_id) WHERE direction = 'in';
CREATE INDEX hub_event_message ON hub_event (message_id, id);
