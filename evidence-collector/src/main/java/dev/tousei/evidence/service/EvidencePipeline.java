package dev.tousei.evidence.service;

import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.evidence.messaging.DeadLetter;
import dev.tousei.evidence.messaging.DeadLetterPublisher;
import dev.tousei.evidence.messaging.EvidenceRecordedPublisher;
import dev.tousei.evidence.normalize.Envelope;
import dev.tousei.evidence.normalize.EnvelopeValidator;
import dev.tousei.evidence.normalize.EvidenceNormalizer;
import dev.tousei.evidence.normalize.NormalizedEvent;
import dev.tousei.evidence.normalize.Rejection;
import dev.tousei.evidence.normalize.ValidationResult;
import dev.tousei.evidence.repository.EvidenceWriter;
import dev.tousei.evidence.rules.CatalogReplica;
import dev.tousei.evidence.rules.ControlRuleEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of AWS events from Kafka to evidence: validate, normalise, link to controls, append to the hash chains,
 * dead-letter what cannot be evidence, then announce what was stored. Every record ends up stored, recognised as
 * already stored, or dead-lettered: none is dropped.
 */
@ApplicationScoped
public class EvidencePipeline {

    public static final String PROCESSING_ERROR = "PROCESSING_ERROR";

    private final EnvelopeValidator validator;
    private final EvidenceNormalizer normalizer;
    private final CatalogReplica catalog;
    private final EvidenceWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final EvidenceRecordedPublisher publisher;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Counter eventsIn;
    private final Counter stored;
    private final Counter duplicates;
    private final Timer batchTime;

    EvidencePipeline(EnvelopeValidator validator, EvidenceNormalizer normalizer, CatalogReplica catalog,
                     EvidenceWriter writer, DeadLetterPublisher deadLetters, EvidenceRecordedPublisher publisher,
                     Clock clock, MeterRegistry metrics) {
        this.validator = validator;
        this.normalizer = normalizer;
        this.catalog = catalog;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
        this.eventsIn = metrics.counter("evidence.events.in");
        this.stored = metrics.counter("evidence.events.stored");
        this.duplicates = metrics.counter("evidence.events.duplicate");
        this.batchTime = metrics.timer("evidence.batch.processing");
    }

    public record Outcome(int stored, int duplicates, int deadLettered) {
    }

    public Uni<Outcome> process(List<InboundRecord> records) {
        long started = System.nanoTime();
        eventsIn.increment(records.size());
        List<PreparedEvidence> accepted = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        ControlRuleEngine engine = catalog.engine();
        for (InboundRecord record : records) {
            prepare(record, engine, accepted, rejected);
        }
        return writer.append(accepted, clock.instant())
                // a database outage is transient: retry the same batch until it is stored (offsets stay put)
                .onFailure().invoke(e -> Log.warnf("storing %d evidence failed, retrying: %s", accepted.size(),
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .call(() -> deadLetters.send(rejected)
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely())
                .call(fresh -> publisher.publish(fresh)
                        // stored is what counts; the relay publishes whatever this attempt did not
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("publishing %d evidence-recorded events failed; the relay retries: %s",
                                    fresh.size(), failure.getMessage());
                            return null;
                        }))
                .map(fresh -> {
                    stored.increment(fresh.size());
                    duplicates.increment(accepted.size() - fresh.size());
                    rejected.forEach(letter -> metrics.counter("evidence.events.dead.lettered",
                            "reason", letter.reason()).increment());
                    batchTime.record(Duration.ofNanos(System.nanoTime() - started));
                    return new Outcome(fresh.size(), accepted.size() - fresh.size(), rejected.size());
                });
    }

    private void prepare(InboundRecord record, ControlRuleEngine engine,
                         List<PreparedEvidence> accepted, List<DeadLetter> rejected) {
        try {
            ValidationResult result = validator.validate(record.value());
            if (result instanceof Rejection rejection) {
                rejected.add(deadLetter(record, rejection.reason().name(), rejection.detail()));
                return;
            }
            Envelope envelope = (Envelope) result;
            String raw = new String(record.value(), StandardCharsets.UTF_8);
            NormalizedEvent normalized = normalizer.normalize(envelope);
            List<ControlEffect> effects = engine.evaluate(envelope, raw, normalized.summary());
            accepted.add(new PreparedEvidence(envelope.account(), normalized.dedupKey(), sourceEventId(normalized,
                    envelope), envelope.detailType(), envelope.source(), envelope.region(), envelope.time(), raw,
                    normalized.summary(), effects));
        } catch (RuntimeException e) {
            // a record our code cannot handle is a poison message, not a reason to stop consuming
            Log.warnf(e, "record %s-%d@%d could not be processed", record.topic(), record.partition(), record.offset());
            rejected.add(deadLetter(record, PROCESSING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static String sourceEventId(NormalizedEvent normalized, Envelope envelope) {
        String key = normalized.dedupKey();
        return key.startsWith("cloudtrail:") ? key.substring("cloudtrail:".length()) : envelope.id();
    }

    private static DeadLetter deadLetter(InboundRecord record, String reason, String detail) {
        return new DeadLetter(record.key(), record.value(), record.topic(), record.partition(), record.offset(),
                reason, detail);
    }
}
