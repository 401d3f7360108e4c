package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A control-status-changed event written with the status change, relayed to Kafka and EventBridge. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_event_seq")
    @SequenceGenerator(name = "outbox_event_seq", sequenceName = "outbox_event_seq", allocationSize = 50)
    public Long seq;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "aggregate_id")
    public String aggregateId;

    /** The ControlStatusChanged JSON. */
    public String payload;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The W3C trace context the change was made in; the relayed event continues it. Null if untraced. */
    public String traceparent;
}
