-- FHIR resources: the current version of each resource, and every version ever written
-- (vread, _history, ETag). Bodies are canonical JSON; typed search columns come with the
-- search parameters that use them.
CREATE TABLE resource (
    type         text        NOT NULL,
    id           text        NOT NULL,
    version      integer     NOT NULL CHECK (version > 0),
    last_updated timestamptz NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    owner        text,                       -- identity that last wrote it (a vendor's rights)
    body         text,                       -- NULL once deleted
    PRIMARY KEY (type, id)
);

CREATE TABLE resource_version (
    type         text        NOT NULL,
    id           text        NOT NULL,
    version      integer     NOT NULL,
    last_updated timestamptz NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    method       text        NOT NULL,       -- POST, PUT or DELETE: what history shows
    body         text,
    PRIMARY KEY (type, id, version)
);

CREATE INDEX resource_version_type_updated ON resource_version (type, last_updated);
CREATE INDEX resource_version_updated ON resource_version (last_updated);
