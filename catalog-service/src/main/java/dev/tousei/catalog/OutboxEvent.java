package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event written in the same transaction as the change it reports, relayed to Kafka afterwards. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_event_seq")
    @SequenceGenerator(name = "outbox_event_seq", sequenceName = "outbox_event_seq", allocationSize = 50)
    public Long seq;

    @Column(name = "event_id")
    public UUID eventId;

    /** The Kafka key: the control id. */
    @Column(name = "aggregate_id")
    public String aggregateId;

    public String type;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** The event's JSON, kept as text: it is relayed byte for byte, never queried. */
    public String payload;

    @Column(name = "published_at")
    public Instant publishedAt;
}
