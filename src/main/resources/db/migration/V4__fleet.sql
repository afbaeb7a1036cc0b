-- Instances sharing one store register here and beat every few seconds: an instance whose last beat
-- is older than kurir.instance.timeout is down, and its events and deliveries are taken over at once.
-- `boot` tells two processes that were given the same id apart (the newer one wins).
CREATE TABLE instances (
    id         VARCHAR(64)  PRIMARY KEY,
    host       VARCHAR(200) NOT NULL,
    version    VARCHAR(40)  NOT NULL,
    boot       VARCHAR(40)  NOT NULL,
    started_at BIGINT       NOT NULL,
    last_beat  BIGINT       NOT NULL
);

-- Who did what: the instance that stored an event (route_owner is the one that holds or held its
-- routing), and the one that made an attempt.
ALTER TABLE events ADD COLUMN stored_by VARCHAR(64);
ALTER TABLE attempts ADD COLUMN instance VARCHAR(64);

-- Unrouted events by owner, oldest first: what an instance takes back after a restart or takes over
-- from one that is down. Partial, so routed events (nearly all) cost it nothing.
CREATE INDEX events_unrouted ON events (route_owner, received_at) WHERE status <> 'routed';

-- What each instance holds right now (GET /api/instances); partial, so only leased rows are in it.
CREATE INDEX deliveries_leased ON deliveries (lease_owner) WHERE lease_owner IS NOT NULL;

-- Webhooks refused per source and day, a row per instance (so instances never write the same row):
-- /api/sources adds them up, so the figures hold across restarts and instances.
CREATE TABLE refusals (
    day           BIGINT       NOT NULL,             -- start of the UTC day, epoch ms
    source        VARCHAR(100) NOT NULL,
    instance      VARCHAR(64)  NOT NULL,
    refused       BIGINT       NOT NULL,
    last_error    TEXT,
    last_error_at BIGINT,
    PRIMARY KEY (day, source, instance)
);
