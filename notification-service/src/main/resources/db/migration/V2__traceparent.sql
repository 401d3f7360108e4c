-- The W3C trace context (traceparent) an alert change was made in (the consumer span of the status or evidence event
-- that raised or cleared it), kept with what is sent later: the outbox row (its Kafka record continues the trace) and
-- the delivery (its webhook request carries it). Null when written without a trace (escalations, people's actions,
-- rows from before tracing was carried).
alter table outbox_event add column traceparent text;
alter table delivery add column traceparent text;
