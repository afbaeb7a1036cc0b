-- Routing is claimed with a lease, like deliveries: the instance that stored an event routes it,
-- and another one takes over only when that lease has run out.
ALTER TABLE events ADD COLUMN route_owner VARCHAR(64);
ALTER TABLE events ADD COLUMN route_lease_until BIGINT;
