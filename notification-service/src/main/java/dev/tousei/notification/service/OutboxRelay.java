package dev.tousei.notification.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.events.notification.AlertRaised;
import dev.tousei.events.notification.AlertStateChanged;
import dev.tousei.notification.messaging.AlertEventPublisher;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays alert events from the outbox to Kafka in order, right after a change and every second as a safety net.
 * Rows are locked while being sent (several instances never send one twice at the same time) and marked published
 * once Kafka acknowledged them.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final int BATCH = 200;

    private final Pool pool;
    private final AlertEventPublisher publisher;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    OutboxRelay(Pool pool, AlertEventPublisher publisher, ObjectMapper objectMapper, Clock clock, Vertx vertx) {
        this.pool = pool;
        this.publisher = publisher;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relayOnSchedule() {
        wake();
    }

    public void wake() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> pass());
    }

    private void pass() {
        requested.set(false);
        relayBatch().subscribe().with(count -> {
            if (count == BATCH || requested.get()) {
                pass();
            } else {
                running.set(false);
            }
        }, failure -> {
            running.set(false);
            Log.warnf("relaying alert events failed, the next pass retries: %s", failure.getMessage());
        });
    }

    Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(
                        "SELECT seq, event_id, type, payload::text AS payload, traceparent FROM outbox_event "
                                + "WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(BATCH))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> seqs = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        seqs.add(row.getLong("seq"));
                        sends.add(send(row));
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> connection.preparedQuery(
                                            "UPDATE outbox_event SET published_at = $1 WHERE seq = ANY($2)")
                                    .execute(Tuple.of(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                                            seqs.toArray(Long[]::new))))
                            .replaceWith(seqs.size());
                }));
    }

    private Uni<Void> send(Row row) {
        try {
            ObjectNode payload = (ObjectNode) objectMapper.readTree(row.getString("payload"));
            payload.put("eventId", row.getUUID("event_id").toString());
            String type = row.getString("type");
            String traceparent = row.getString("traceparent");
            if (AlertRaised.TYPE.equals(type)) {
                return publisher.publish(objectMapper.treeToValue(payload, AlertRaised.class), traceparent);
            }
            return publisher.publish(objectMapper.treeToValue(payload, AlertStateChanged.class), traceparent);
        } catch (Exception e) {
            return Uni.createFrom().failure(new IllegalStateException("outbox event " + row.getLong("seq")
                    + " is unreadable", e));
        }
    }
}
