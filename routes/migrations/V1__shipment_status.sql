-- The shop's own table, fed by routes/destinations.yaml (route shipment-db).
CREATE TABLE shipment_status (
    order_id   VARCHAR(100) PRIMARY KEY,
    status     VARCHAR(50)  NOT NULL,
    courier    VARCHAR(100),
    waybill_id VARCHAR(100),
    event_id   VARCHAR(40)  NOT NULL
);
