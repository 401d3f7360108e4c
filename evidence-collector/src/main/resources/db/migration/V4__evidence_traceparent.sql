-- The W3C trace context (traceparent) of the Kafka record each evidence came from, so that evidence-recorded, even
-- when the relay publishes it later, continues the same trace. Not part of the hash chain: it describes the delivery,
-- not the evidence. Null for rows stored before tracing was carried, and when the collector runs without tracing.
alter table evidence add column traceparent text;
