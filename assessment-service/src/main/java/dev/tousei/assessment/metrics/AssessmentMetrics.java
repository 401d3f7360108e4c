package dev.tousei.assessment.metrics;

import dev.tousei.assessment.repository.ControlStatusRepository;
import dev.tousei.events.assessment.ControlStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The assessment's Prometheus metrics: evidence applied (and whether it changed a status), the time to apply it, and
 * how many account × control statuses are in each status. The counts come from the database every
 * {@code assessment.metrics-refresh}, so every replica reports the same figures.
 */
@ApplicationScoped
public class AssessmentMetrics {

    private final ControlStatusRepository statuses;
    private final Map<ControlStatus, AtomicLong> statusCounts = new EnumMap<>(ControlStatus.class);
    private final Counter evidenceChangingStatus;
    private final Counter evidenceNotChangingStatus;
    private final Timer evidenceProcessing;

    AssessmentMetrics(MeterRegistry registry, ControlStatusRepository statuses) {
        this.statuses = statuses;
        for (ControlStatus status : ControlStatus.values()) {
            AtomicLong count = new AtomicLong();
            statusCounts.put(status, count);
            Gauge.builder("assessment.control.statuses", count, AtomicLong::get)
                    .description("Account × control statuses currently in this status")
                    .tag("status", status.name())
                    .register(registry);
        }
        evidenceChangingStatus = applied(registry, "true");
        evidenceNotChangingStatus = applied(registry, "false");
        evidenceProcessing = Timer.builder("assessment.evidence.processing")
                .description("Time to apply one evidence-recorded event, from consumption to commit")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter applied(MeterRegistry registry, String changed) {
        return Counter.builder("assessment.evidence.applied")
                .description("Evidence-recorded events applied (redeliveries included)")
                .tag("status_changed", changed)
                .register(registry);
    }

    /**
     * A batch was applied: each of its evidence waited the batch's time; those named by a status change count as
     * changing a status.
     */
    public void evidenceApplied(long startedNanos, int evidence, int changingStatus) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        for (int i = 0; i < evidence; i++) {
            evidenceProcessing.record(took);
        }
        evidenceChangingStatus.increment(changingStatus);
        evidenceNotChangingStatus.increment(evidence - changingStatus);
    }

    @Scheduled(every = "${assessment.metrics-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshStatusCounts() {
        return Panache.withSession(statuses::countByStatus).invoke(rows -> {
            statusCounts.values().forEach(count -> count.set(0));
            for (Object[] row : rows) {
                statusCounts.get(ControlStatus.valueOf((String) row[0])).set(((Number) row[1]).longValue());
            }
        }).replaceWithVoid();
    }
}
