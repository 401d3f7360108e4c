package dev.tousei.notification.service;

import static io.vertx.mutiny.sqlclient.Tuple.of;

import dev.tousei.notification.routing.Contact;
import dev.tousei.notification.routing.Route;
import dev.tousei.notification.routing.RoutingTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Escalates alerts nobody acknowledged. Each alert routed to a route with an acknowledgement time and contacts above
 * level 1 has a row (alert, route, level, next_at) in the database, written when the alert was raised; this scheduler
 * takes the rows that fell due, tells the next level's contacts and plans the level after, so an escalation survives
 * restarts and several instances share the work (rows are locked with SKIP LOCKED). Acknowledging or resolving
 * deletes the rows.
 */
@ApplicationScoped
public class EscalationScheduler {

    private static final int BATCH = 100;

    private final Pool pool;
    private final RoutingCache routing;
    private final DeliveryWorker deliveries;
    private final Clock clock;
    private final MeterRegistry metrics;

    EscalationScheduler(Pool pool, RoutingCache routing, DeliveryWorker deliveries, Clock clock,
                        MeterRegistry metrics) {
        this.pool = pool;
        this.routing = routing;
        this.deliveries = deliveries;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Scheduled(every = "${notification.escalation.check-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        return escalateDue().invoke(count -> {
            if (count > 0) {
                deliveries.wake();
            }
        }).onFailure().invoke(e -> Log.warnf("escalation pass failed, the next one retries: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private record Due(UUID alertId, UUID routeId, int level, boolean open) {
    }

    /** @return the number of escalations that notified someone */
    Uni<Integer> escalateDue() {
        Instant now = clock.instant();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return routing.current().chain(table -> pool.withTransaction(connection -> connection.preparedQuery("""
                        SELECT e.alert_id, e.route_id, e.level,
                               a.state = 'OPEN' AND a.suppressed_reason IS NULL AS open
                        FROM escalation e JOIN alert a ON a.id = e.alert_id
                        WHERE e.next_at <= $1 ORDER BY e.next_at LIMIT $2 FOR UPDATE OF e SKIP LOCKED""")
                .execute(of(at, BATCH))
                .chain(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new Due(row.getUUID("alert_id"), row.getUUID("route_id"), row.getInteger("level"),
                                row.getBoolean("open")));
                    }
                    return apply(connection, table, due, now);
                })));
    }

    private Uni<Integer> apply(SqlConnection connection, RoutingTable table, List<Due> due, Instant now) {
        if (due.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        List<UUID> doneAlerts = new ArrayList<>();
        List<UUID> doneRoutes = new ArrayList<>();
        List<Tuple> moved = new ArrayList<>();
        List<Tuple> messages = new ArrayList<>();
        List<Tuple> activities = new ArrayList<>();
        int escalated = 0;
        for (Due item : due) {
            Route route = table.route(item.routeId());
            if (!item.open() || route == null || !route.escalates()) {
                doneAlerts.add(item.alertId());
                doneRoutes.add(item.routeId());
                continue;
            }
            int next = item.level() + 1;
            List<Contact> contacts = route.contactsAt(next).stream()
                    .filter(contact -> table.channels().containsKey(contact.channelId())
                            && table.channels().get(contact.channelId()).enabled())
                    .toList();
            for (Contact contact : contacts) {
                messages.add(Tuple.tuple().addValue(item.alertId()).addValue(contact.channelId())
                        .addValue(contact.address()).addValue(next).addValue(at));
            }
            if (!contacts.isEmpty()) {
                escalated++;
                activities.add(Tuple.of(item.alertId(), at, "ESCALATED", "not acknowledged within "
                        + route.ackTimeout() + " (route " + route.name() + "): level " + next + " "
                        + contacts.stream().map(Contact::name).collect(Collectors.joining(", "))));
                metrics.counter("tousei_escalations_total", "level", String.valueOf(next)).increment();
            }
            if (route.maxLevel() > next) {
                moved.add(Tuple.of(item.alertId(), item.routeId(), next,
                        now.plus(route.ackTimeout()).atOffset(ZoneOffset.UTC)));
            } else {
                doneAlerts.add(item.alertId());
                doneRoutes.add(item.routeId());
            }
        }
        Uni<Void> work = Uni.createFrom().voidItem();
        if (!doneAlerts.isEmpty()) {
            work = work.chain(() -> connection.preparedQuery("""
                            DELETE FROM escalation e USING unnest($1::uuid[], $2::uuid[]) AS d(alert_id, route_id)
                            WHERE e.alert_id = d.alert_id AND e.route_id = d.route_id""")
                    .execute(of(doneAlerts.toArray(UUID[]::new), doneRoutes.toArray(UUID[]::new))).replaceWithVoid());
        }
        if (!moved.isEmpty()) {
            work = work.chain(() -> connection.preparedQuery(
                            "UPDATE escalation SET level = $3, next_at = $4 WHERE alert_id = $1 AND route_id = $2")
                    .executeBatch(moved).replaceWithVoid());
        }
        if (!messages.isEmpty()) {
            work = work.chain(() -> connection.preparedQuery("""
                            INSERT INTO delivery (alert_id, channel_id, recipient, reason, level, state, created_at,
                                                  next_attempt_at)
                            VALUES ($1, $2, $3, 'ESCALATED', $4, 'PENDING', $5, $5)""")
                    .executeBatch(messages).replaceWithVoid());
        }
        if (!activities.isEmpty()) {
            work = work.chain(() -> connection.preparedQuery(
                            "INSERT INTO alert_activity (alert_id, at, actor, kind, text) VALUES ($1, $2, 'system', $3, $4)")
                    .executeBatch(activities).replaceWithVoid());
        }
        int count = escalated;
        return work.replaceWith(count);
    }
}
