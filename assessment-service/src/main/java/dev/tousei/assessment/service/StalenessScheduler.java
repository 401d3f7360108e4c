package dev.tousei.assessment.service;

import dev.tousei.assessment.messaging.StatusEventRelay;
import dev.tousei.assessment.repository.ControlStatusRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns statuses STALE (or attestations expired) on time, without an incoming event: each status stores when it
 * would next change by itself; this re-assesses only those that are due.
 */
@ApplicationScoped
public class StalenessScheduler {

    private static final int BATCH = 500;
    /** Up to 500 controls, one after the other: much longer than an evidence batch, still bounded. */
    private static final Duration PASS_TIMEOUT = Duration.ofSeconds(120);

    private final ControlStatusRepository statuses;
    private final StatusService statusService;
    private final StatusEventRelay relay;
    private final Clock clock;

    StalenessScheduler(ControlStatusRepository statuses, StatusService statusService, StatusEventRelay relay,
                       Clock clock) {
        this.statuses = statuses;
        this.statusService = statusService;
        this.relay = relay;
        this.clock = clock;
    }

    @Scheduled(every = "${assessment.staleness-check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> checkDue() {
        return reassessDue().invoke(changed -> {
            if (changed > 0) {
                relay.publishSoon();
            }
        }).replaceWithVoid();
    }

    /** @return how many statuses changed */
    public Uni<Integer> reassessDue() {
        var now = clock.instant();
        return Panache.withTransaction(() -> statuses.dueBy(now, BATCH)
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(key -> statusService.recompute(key.accountId(),
                                key.controlId(), UnaryOperator.identity(), now))
                        .filter(Objects::nonNull)
                        .collect().asList()
                        .map(java.util.List::size)))
                .ifNoItem().after(PASS_TIMEOUT).fail();
    }
}
