-- FleetIT: one row per run of the biteship source route (routes/biteship.yaml of the fleet scenarios),
-- written by the route itself. No unique key: a second run of the route for one event is what the
-- scenarios count. Version 900, so that it comes after whatever routes/migrations/ of the project holds.
CREATE TABLE route_runs (
    event_id VARCHAR(40) NOT NULL,
    instance VARCHAR(64) NOT NULL,
    at       BIGINT      NOT NULL   -- epoch ms, PostgreSQL's clock at the insert
);
CREATE INDEX route_runs_by_event ON route_runs (event_id);
