package dev.tousei.assessment.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.assessment.OutboxEvent;
import dev.tousei.assessment.publish.EventBridgePublisher;
import dev.tousei.assessment.publish.StatusEventKafkaPublisher;
import dev.tousei.assessment.repository.IdleTransactionLimit;
import dev.tousei.assessment.repository.OutboxRepository;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays status events from the outbox, in order: to Kafka as CloudEvents (must succeed, else retried) and to
 * Amazon EventBridge (bounded retries inside the publisher; never blocks the Kafka side), then, once committed, to
 * the SOC dashboard's live feed. Runs right after a change (again at once when changes arrived during a pass) and
 * every second as a safety net.
 */
@ApplicationScoped
public class StatusEventRelay {

    private static final int BATCH = 200;
    /**
     * A pass waits for Kafka's acknowledgements inside its transaction (the producer gives up after its 120 s delivery
     * timeout), so PostgreSQL may end it only after longer idleness than that; the pass itself is abandoned a little
     * later, so that a stalled one (see EvidenceRecordedConsumer.ATTEMPT_TIMEOUT) never stops the relay for good.
     */
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(150);
    private static final Duration PASS_TIMEOUT = Duration.ofSeconds(180);

    private final OutboxRepository outbox;
    private final StatusEventKafkaPublisher kafka;
    private final EventBridgePublisher eventBridge;
    private final StatusFeed feed;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set when a change arrives while a pass runs: that pass may have missed it, so another follows at once. */
    private final AtomicBoolean requested = new AtomicBoolean();

    StatusEventRelay(OutboxRepository outbox, StatusEventKafkaPublisher kafka, EventBridgePublisher eventBridge,
                     StatusFeed feed, ObjectMapper objectMapper, Clock clock, Vertx vertx) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.eventBridge = eventBridge;
        this.feed = feed;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> relayOnSchedule() {
        return relayPending();
    }

    public void publishSoon() {
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> relayPending().subscribe().with(done -> { },
                failure -> Log.warnf("relaying %s failed, the next pass retries: %s", ControlStatusChanged.TYPE,
                        failure.getMessage())));
    }

    Uni<Void> relayPending() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        requested.set(false);
        return Panache.withTransaction(() -> IdleTransactionLimit.set(IDLE_LIMIT)
                        .chain(() -> outbox.lockPending(BATCH)).chain(this::publish))
                .ifNoItem().after(PASS_TIMEOUT).fail()
                .invoke(events -> {
                    feed.publish(events);
                    if (events.size() == BATCH) {
                        requested.set(true); // a full batch: more may be waiting
                    }
                })
                .replaceWithVoid()
                .eventually(() -> {
                    running.set(false);
                    if (requested.get()) {
                        publishSoon();
                    }
                });
    }

    private Uni<List<ControlStatusChanged>> publish(List<OutboxEvent> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<ControlStatusChanged> events = pending.stream().map(this::read).toList();
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            sends.add(kafka.publish(events.get(i), pending.get(i).traceparent));
        }
        return Uni.join().all(sends).andFailFast()
                .call(() -> eventBridge.publish(events))
                .invoke(() -> {
                    var now = clock.instant();
                    pending.forEach(event -> event.publishedAt = now);
                })
                .replaceWith(events);
    }

    private ControlStatusChanged read(OutboxEvent event) {
        try {
            return objectMapper.readValue(event.payload, ControlStatusChanged.class);
        } catch (Exception e) {
            throw new IllegalStateException("outbox event " + event.eventId + " is unreadable", e);
        }
    }
}
