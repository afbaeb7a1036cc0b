-- Ordered delivery per key (kurir.destination.<name>.order-key): the key the destination's expression
-- found in the event when the delivery was created, and when that event was received (its events.received_at,
-- copied here so the claim reads one index). Null on deliveries of destinations without a key, and on every
-- delivery made before this migration: those are never held back. Both columns are nullable, so the previous
-- release keeps inserting deliveries against this schema (unordered ones).
ALTER TABLE deliveries ADD COLUMN order_key VARCHAR(200);
ALTER TABLE deliveries ADD COLUMN order_at BIGINT;

-- What a claim asks of each candidate: is an earlier delivery of the same destination and key still
-- pending, retrying (or dead)? Partial, so delivered rows (nearly all) and unordered ones cost it nothing.
-- The claim repeats the status list word for word: the embedded store (SQLite) uses a partial index only
-- when the query carries its terms.
CREATE INDEX deliveries_ordered ON deliveries (destination, order_key, order_at, event_id)
    WHERE order_key IS NOT NULL AND status IN ('pending', 'retrying', 'dead');
