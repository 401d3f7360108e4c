-- The W3C trace context (traceparent) current when the status change was written (the evidence-recorded record's
-- consumer span, or the HTTP request of an attestation), so that the relayed CloudEvent continues that trace.
-- Null for rows written before tracing was carried, and when the service runs without tracing.
alter table outbox_event add column traceparent text;
