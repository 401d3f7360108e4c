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
import java.time.Clock;
import java.time.Duration;
import io.smallrye.mutiny.Multi;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of AWS events from Kafka to evidence: validate, normalise, link to controls, append to the hash chains,
 * dead-letter what cannot be evidence, then announce what was stored. Every record ends up stored, recognised as
 * already stored, or dead-lettered: none is dropped.
 */
@ApplicationScoped
public class EvidencePipeline {

    public static final String PROCESSING_ERROR = "PROCESSING_ERROR";
    /** PostgreSQL refused the evidence itself (e.g. a NUL character jsonb cannot hold): retrying cannot help. */
    public static final String STORAGE_REJECTED = "STORAGE_REJECTED";

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
        Map<PreparedEvidence, InboundRecord> accepted = new IdentityHashMap<>(records.size());
        List<PreparedEvidence> inOrder = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        ControlRuleEngine engine = catalog.engine();
        for (InboundRecord record : records) {
            PreparedEvidence prepared = prepare(record, engine, rejected);
            if (prepared != null) {
                accepted.put(prepared, record);
                inOrder.add(prepared);
            }
        }
        return writer.append(inOrder, clock.instant())
                // a row PostgreSQL refuses would fail the whole batch forever: find it, dead-letter it, store the rest
                .onFailure(EvidencePipeline::isDataError).recoverWithUni(e -> appendOneByOne(inOrder, accepted, rejected))
                // a database outage is transient: retry the same batch until it is stored (offsets stay put)
                .onFailure().invoke(e -> Log.warnf("storing %d evidence failed, retrying: %s", inOrder.size(),
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
                    int storedOrRejected = fresh.size() + (int) rejected.stream()
                            .filter(letter -> STORAGE_REJECTED.equals(letter.reason())).count();
                    stored.increment(fresh.size());
                    duplicates.increment(inOrder.size() - storedOrRejected);
                    rejected.forEach(letter -> metrics.counter("evidence.events.dead.lettered",
                            "reason", letter.reason()).increment());
                    batchTime.record(Duration.ofNanos(System.nanoTime() - started));
                    return new Outcome(fresh.size(), inOrder.size() - storedOrRejected, rejected.size());
                });
    }

    private Uni<List<StoredEvidence>> appendOneByOne(List<PreparedEvidence> inOrder,
                                                     Map<PreparedEvidence, InboundRecord> sources,
                                                     List<DeadLetter> rejected) {
        List<StoredEvidence> stored = new ArrayList<>();
        rejected.removeIf(letter -> STORAGE_REJECTED.equals(letter.reason())); // from an earlier, retried attempt
        return Multi.createFrom().iterable(inOrder)
                .onItem().transformToUniAndConcatenate(evidence -> writer.append(List.of(evidence), clock.instant())
                        .onFailure(EvidencePipeline::isDataError).recoverWithItem(failure -> {
                            rejected.add(deadLetter(sources.get(evidence), STORAGE_REJECTED, failure.getMessage()));
                            return List.of();
                        })
                        .invoke(stored::addAll))
                .collect().last()
                .replaceWith(stored);
    }

    /** SQLSTATE classes 22 (data exception) and 23 (integrity violation): the data, not the database, is wrong. */
    static boolean isDataError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** @return the evidence, or null when the record was dead-lettered */
    private PreparedEvidence prepare(InboundRecord record, ControlRuleEngine engine, List<DeadLetter> rejected) {
        try {
            ValidationResult result = validator.validate(record.value());
            if (result instanceof Rejection rejection) {
                rejected.add(deadLetter(record, rejection.reason().name(), rejection.detail()));
                return null;
            }
            Envelope envelope = (Envelope) result;
            String raw = envelope.text(); // the record value, decoded once by the validator
            NormalizedEvent normalized = normalizer.normalize(envelope);
            List<ControlEffect> effects = engine.evaluate(envelope, normalized.summary());
            return new PreparedEvidence(envelope.account(), normalized.dedupKey(), sourceEventId(normalized,
                    envelope), envelope.detailType(), envelope.source(), envelope.region(), envelope.time(), raw,
                    normalized.summary(), effects, record.traceparent());
        } catch (RuntimeException e) {
            // a record our code cannot handle is a poison message, not a reason to stop consuming
            Log.warnf(e, "record %s-%d@%d could not be processed", record.topic(), record.partition(), record.offset());
            rejected.add(deadLetter(record, PROCESSING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
            return null;
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
