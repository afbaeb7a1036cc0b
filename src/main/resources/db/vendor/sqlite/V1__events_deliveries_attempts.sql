-- The embedded store (SQLite) differs from PostgreSQL's V1 only in column types: BLOB for the body and
-- the rowid as the attempts' key. Times are epoch milliseconds.

CREATE TABLE events (
    id              VARCHAR(40)  PRIMARY KEY,        -- evt_ + time-ordered, so ids sort by arrival
    source          VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    event_type      VARCHAR(200) NOT NULL,
    environment     VARCHAR(10)  NOT NULL,
    status          VARCHAR(20)  NOT NULL,           -- received | routed | route_failed
    received_at     BIGINT       NOT NULL,
    content_type    VARCHAR(200),
    headers         TEXT         NOT NULL,           -- JSON object, secrets masked
    labels          TEXT         NOT NULL,           -- JSON object
    body            BLOB         NOT NULL,           -- the exact bytes that were verified
    routed_at       BIGINT,
    route_error     TEXT,
    CONSTRAINT events_idempotency UNIQUE (source, idempotency_key)
);
CREATE INDEX events_by_status ON events (status, received_at);
CREATE INDEX events_by_source ON events (source, id);

CREATE TABLE deliveries (
    id               VARCHAR(40)  PRIMARY KEY,
    event_id         VARCHAR(40)  NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    destination      VARCHAR(100) NOT NULL,
    status           VARCHAR(20)  NOT NULL,          -- pending | retrying | delivered | dead
    attempts         INT          NOT NULL,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    next_attempt_at  BIGINT,                         -- null once delivered or dead
    lease_owner      VARCHAR(64),
    lease_until      BIGINT,
    last_status_code INT,
    last_error       TEXT,
    CONSTRAINT deliveries_once UNIQUE (event_id, destination)
);
CREATE INDEX deliveries_due ON deliveries (destination, next_attempt_at);

CREATE TABLE attempts (
    id               INTEGER      PRIMARY KEY,      -- the rowid: one more than the largest
    delivery_id      VARCHAR(40) NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt_no       INT         NOT NULL,
    started_at       BIGINT      NOT NULL,
    duration_ms      BIGINT      NOT NULL,
    succeeded        BOOLEAN     NOT NULL,
    status_code      INT,
    response_excerpt TEXT,
    error            TEXT
);
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, attempt_no);
