package dev.tousei.catalog.messaging;

import dev.tousei.catalog.OutboxEvent;
import dev.tousei.catalog.config.CatalogConfig;
import dev.tousei.catalog.repository.OutboxRepository;
import dev.tousei.events.catalog.ControlChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Relays outbox events to {@value ControlChanged#TYPE} in outbox order, keyed by control id, and marks them
 * published once Kafka has acknowledged them. Runs right after each change and every second as a safety net, so an
 * event written while Kafka was down goes out when it is back.
 */
@ApplicationScoped
public class ControlChangedRelay {

    private final MutinyEmitter<String> emitter;
    private final OutboxRepository outbox;
    private final CatalogConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();

    ControlChangedRelay(@Channel("control-changed") MutinyEmitter<String> emitter, OutboxRepository outbox,
                        CatalogConfig config, Clock clock, Vertx vertx) {
        this.emitter = emitter;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    // Not before start-up has finished: the Kafka emitter is connected only then.
    @Scheduled(every = "${catalog.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> relayOnSchedule() {
        return relayPending();
    }

    /** Starts a relay pass in the background on a fresh Vert.x context; the scheduled pass retries failures. */
    public void publishSoon() {
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> relayPending().subscribe().with(
                done -> { },
                failure -> Log.warnf("relaying %s failed, the next scheduled pass retries: %s",
                        ControlChanged.TYPE, failure.getMessage())));
    }

    /** Publishes pending events until none are left. One pass at a time: events stay in order. */
    Uni<Void> relayPending() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return relayOneBatch()
                .repeat().until(sent -> sent < config.outbox().batchSize())
                .collect().last()
                .replaceWithVoid()
                .eventually(() -> running.set(false));
    }

    private Uni<Integer> relayOneBatch() {
        return Panache.withTransaction(() -> outbox.lockPending(config.outbox().batchSize())
                .call(this::sendInOrder)
                .invoke(this::markPublished)
                .map(List::size));
    }

    private Uni<Void> sendInOrder(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Subscribed in list order, so the producer enqueues them in order; idempotence keeps that order per key.
        List<Uni<Void>> sends = events.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(OutboxEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-type", event.type.getBytes(StandardCharsets.UTF_8));
        headers.add("event-id", event.eventId.toString().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.aggregateId)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(event.payload).addMetadata(metadata));
    }

    private void markPublished(List<OutboxEvent> events) {
        var now = clock.instant();
        events.forEach(event -> event.publishedAt = now);
    }
}
