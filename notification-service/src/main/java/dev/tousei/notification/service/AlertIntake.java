package dev.tousei.notification.service;

import dev.tousei.notification.alert.AlertSignal;
import dev.tousei.notification.alert.ClearSignal;
import dev.tousei.notification.alert.Signals.Outcome;
import dev.tousei.notification.messaging.TraceParent;
import dev.tousei.notification.repository.AlertIntakeRepository;
import dev.tousei.notification.repository.AlertIntakeRepository.ClearResult;
import dev.tousei.notification.repository.AlertIntakeRepository.RaiseResult;
import dev.tousei.notification.routing.RoutingTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies what one input event asks for, idempotently on the event's key. An event asking for one change (the usual
 * case) is one statement in auto-commit; more are one transaction. After the commit, the new deliveries get their first
 * attempt at once and the outbox relay is woken.
 */
@ApplicationScoped
public class AlertIntake {

    /** What an event did, for the caller and the tests. */
    public record Applied(boolean fresh, List<RaiseResult> raised, List<ClearResult> cleared) {
        boolean notifies() {
            return raised.stream().anyMatch(r -> !r.deliveries().isEmpty());
        }

        boolean publishes() {
            return raised.stream().anyMatch(RaiseResult::notified) || cleared.stream().anyMatch(c -> c.resolved() > 0);
        }
    }

    private final Pool pool;
    private final AlertIntakeRepository repository;
    private final RoutingCache routing;
    private final DeliveryWorker deliveries;
    private final OutboxRelay outbox;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final java.time.Duration lease;

    AlertIntake(Pool pool, AlertIntakeRepository repository, RoutingCache routing, DeliveryWorker deliveries,
                OutboxRelay outbox, Clock clock, MeterRegistry metrics,
                dev.tousei.notification.config.NotificationConfig config) {
        this.lease = config.delivery().lease();
        this.pool = pool;
        this.repository = repository;
        this.routing = routing;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Uni<Applied> apply(String eventKey, Outcome outcome) {
        Instant now = clock.instant();
        if (outcome.isEmpty()) {
            // most evidence and status events ask for nothing: no database work at all
            return Uni.createFrom().item(new Applied(true, List.of(), List.of()));
        }
        long started = System.nanoTime();
        // the consumer span of the event: the alert events and deliveries written here continue it when sent
        String traceparent = TraceParent.current();
        return routing.current().chain(table -> {
            int statements = outcome.raise().size() + outcome.clear().size();
            Uni<Applied> applied = statements == 1
                    ? run(pool, eventKey, outcome, table, now, traceparent)
                    : pool.withTransaction(connection -> run(connection, eventKey, outcome, table, now, traceparent));
            return applied.invoke(result -> {
                metrics.timer("tousei_alert_intake_seconds").record(System.nanoTime() - started,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
                afterCommit(result);
            });
        });
    }

    private Uni<Applied> run(SqlClient client, String eventKey, Outcome outcome, RoutingTable table, Instant now,
                             String traceparent) {
        List<RaiseResult> raised = new ArrayList<>();
        List<ClearResult> cleared = new ArrayList<>();
        Uni<Boolean> chain = null;
        // clears first: an event that both resolves and raises (none today) should end with the raise
        for (ClearSignal clear : outcome.clear()) {
            chain = step(chain, client, eventKey, (c, gate) -> repository.clear(c, eventKey, gate, clear, now,
                            traceparent)
                    .invoke(cleared::add).map(ClearResult::fresh));
        }
        for (AlertSignal signal : outcome.raise()) {
            RoutingTable.Decision decision = table.decide(signal, now);
            chain = step(chain, client, eventKey, (c, gate) -> repository.raise(c, eventKey, gate, signal, decision,
                            table.channels(), lease, now, traceparent)
                    .invoke(raised::add).map(RaiseResult::fresh));
        }
        return chain.map(fresh -> new Applied(fresh, raised, cleared));
    }

    private interface Statement {
        Uni<Boolean> run(SqlClient client, boolean gate);
    }

    /** The first statement records the event; the others run only if it was new. */
    private static Uni<Boolean> step(Uni<Boolean> previous, SqlClient client, String eventKey, Statement statement) {
        if (previous == null) {
            return statement.run(client, true);
        }
        return previous.chain(fresh -> fresh ? statement.run(client, false).replaceWith(true)
                : Uni.createFrom().item(false));
    }

    private void afterCommit(Applied applied) {
        if (!applied.fresh()) {
            metrics.counter("tousei_notification_events_total", "outcome", "duplicate").increment();
            return;
        }
        metrics.counter("tousei_notification_events_total", "outcome", "applied").increment();
        applied.raised().forEach(r -> metrics.counter("tousei_alert_signals_total", "change",
                r.alertId() == null ? "LATE" : r.suppressed() ? "SUPPRESSED" : String.valueOf(r.change())).increment());
        // first attempts at once, from here: the rows were written leased to this instance (a crash before the
        // attempt is recorded leaves them to the worker after the lease)
        applied.raised().forEach(r -> r.deliveries().forEach(deliveries::sendNow));
        if (applied.publishes()) {
            outbox.wake();
        }
    }
}
