-- Events injected with "send test event" are kept apart from real ones.
ALTER TABLE events ADD COLUMN test BOOLEAN DEFAULT FALSE NOT NULL;

-- The events log pages deliveries by id and filters them by destination and status;
-- retention deletes by age.
CREATE INDEX deliveries_by_destination ON deliveries (destination, status, id);
CREATE INDEX events_by_received ON events (received_at);
CREATE INDEX attempts_by_started ON attempts (started_at);
