package dev.tousei.notification.service;

import dev.tousei.notification.alert.Severity;
import dev.tousei.notification.config.NotificationConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Incident KPIs (SEC10-2) over the alert episodes raised in a period (each raise or reopen is one episode; suppressed
 * ones are counted apart and left out of the times): mean time to acknowledge, mean time to resolve, the share resolved
 * within the agreed time of their severity, and counts and shares by severity. Also as Prometheus gauges over a rolling
 * window, recomputed every {@code notification.kpi.metrics-refresh}.
 */
@ApplicationScoped
public class KpiService {

    /** Figures of one severity, or of all. Times in seconds; null when nothing was acknowledged or resolved. */
    public record Figures(long alerts, double share, long suppressed, long acknowledged, long resolved,
                          Double mttaSeconds, Double mttrSeconds, long resolvedWithinTarget,
                          Double resolvedWithinTargetShare, Long targetSeconds) {
    }

    public record Report(Instant from, Instant to, Figures overall, Map<Severity, Figures> bySeverity) {
    }

    private static final String QUERY = """
            SELECT e.severity, count(*) AS total,
              count(*) FILTER (WHERE e.suppressed) AS suppressed,
              count(*) FILTER (WHERE NOT e.suppressed AND e.acknowledged_at IS NOT NULL) AS acknowledged,
              coalesce(sum(extract(epoch FROM e.acknowledged_at - e.raised_at))
                  FILTER (WHERE NOT e.suppressed AND e.acknowledged_at IS NOT NULL), 0) AS ack_seconds,
              count(*) FILTER (WHERE NOT e.suppressed AND e.resolved_at IS NOT NULL) AS resolved,
              coalesce(sum(extract(epoch FROM e.resolved_at - e.raised_at))
                  FILTER (WHERE NOT e.suppressed AND e.resolved_at IS NOT NULL), 0) AS resolve_seconds,
              count(*) FILTER (WHERE NOT e.suppressed AND e.resolved_at IS NOT NULL
                  AND e.resolved_at - e.raised_at <= t.target * interval '1 second') AS within_target
            FROM alert_episode e
            LEFT JOIN unnest($3::text[], $4::bigint[]) AS t(severity, target) ON t.severity = e.severity
            WHERE e.raised_at >= $1 AND e.raised_at < $2
            GROUP BY e.severity
            """;

    private final Pool pool;
    private final Clock clock;
    private final NotificationConfig.Kpi config;
    private final Map<Severity, Duration> targets = new EnumMap<>(Severity.class);
    private final AtomicReference<Report> windowReport = new AtomicReference<>();
    private final AtomicReference<Map<String, Long>> open = new AtomicReference<>(Map.of());

    KpiService(Pool pool, Clock clock, NotificationConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.clock = clock;
        this.config = config.kpi();
        targets.put(Severity.CRITICAL, this.config.resolveTargetCritical());
        targets.put(Severity.HIGH, this.config.resolveTargetHigh());
        targets.put(Severity.MEDIUM, this.config.resolveTargetMedium());
        targets.put(Severity.LOW, this.config.resolveTargetLow());
        targets.put(Severity.INFORMATIONAL, this.config.resolveTargetInformational());
        registerGauges(metrics);
    }

    public Uni<Report> report(Instant from, Instant to) {
        Severity[] severities = Severity.values();
        Tuple params = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                Arrays.stream(severities).map(Severity::name).toArray(String[]::new),
                Arrays.stream(severities).map(s -> targets.get(s).toSeconds()).toArray(Long[]::new));
        return pool.preparedQuery(QUERY).execute(params).map(rows -> {
            Map<Severity, long[]> counts = new EnumMap<>(Severity.class);
            Map<Severity, double[]> sums = new EnumMap<>(Severity.class);
            for (Row row : rows) {
                Severity severity = Severity.of(row.getString("severity"));
                counts.put(severity, new long[] {row.getLong("total"), row.getLong("suppressed"),
                        row.getLong("acknowledged"), row.getLong("resolved"), row.getLong("within_target")});
                sums.put(severity, new double[] {number(row, "ack_seconds"), number(row, "resolve_seconds")});
            }
            long all = counts.values().stream().mapToLong(c -> c[0]).sum();
            long[] totalCounts = new long[5];
            double[] totalSums = new double[2];
            Map<Severity, Figures> bySeverity = new LinkedHashMap<>();
            for (Severity severity : severities) {
                long[] c = counts.getOrDefault(severity, new long[5]);
                double[] s = sums.getOrDefault(severity, new double[2]);
                for (int i = 0; i < 5; i++) {
                    totalCounts[i] += c[i];
                }
                totalSums[0] += s[0];
                totalSums[1] += s[1];
                bySeverity.put(severity, figures(c, s, all, targets.get(severity).toSeconds()));
            }
            return new Report(from, to, figures(totalCounts, totalSums, all, null), bySeverity);
        });
    }

    private static Figures figures(long[] c, double[] s, long all, Long target) {
        long sent = c[0] - c[1];
        return new Figures(c[0], all == 0 ? 0.0 : round((double) c[0] / all), c[1], c[2], c[3],
                c[2] == 0 ? null : round(s[0] / c[2]), c[3] == 0 ? null : round(s[1] / c[3]), c[4],
                sent == 0 ? null : round((double) c[4] / sent), target);
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static double number(Row row, String column) {
        Object value = row.getValue(column);
        return value == null ? 0.0 : ((Number) value).doubleValue();
    }

    // -------------------------------------------------------------------------------------------- Prometheus

    @Scheduled(every = "${notification.kpi.metrics-refresh}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauges() {
        Instant now = clock.instant();
        return report(now.minus(config.metricsWindow()), now).invoke(windowReport::set)
                .chain(() -> pool.query("SELECT severity, state, count(*) AS n FROM alert WHERE state <> 'RESOLVED' "
                        + "AND suppressed_reason IS NULL GROUP BY severity, state").execute())
                .invoke(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.put(row.getString("severity") + "/" + row.getString("state"),
                            row.getLong("n")));
                    open.set(counts);
                })
                .onFailure().invoke(e -> Log.warnf("KPI gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void registerGauges(MeterRegistry metrics) {
        String window = config.metricsWindow().toString();
        Gauge.builder("tousei_alerts_mtta_seconds", this, k -> value(k.windowReport.get(), null, Figures::mttaSeconds))
                .description("mean time to acknowledge over the window").tag("window", window).register(metrics);
        Gauge.builder("tousei_alerts_mttr_seconds", this, k -> value(k.windowReport.get(), null, Figures::mttrSeconds))
                .description("mean time to resolve over the window").tag("window", window).register(metrics);
        Gauge.builder("tousei_alerts_resolved_within_target_ratio", this,
                        k -> value(k.windowReport.get(), null, Figures::resolvedWithinTargetShare))
                .description("share of the window's alerts resolved within the agreed time").tag("window", window)
                .register(metrics);
        for (Severity severity : Severity.values()) {
            Gauge.builder("tousei_alerts_raised", this,
                            k -> value(k.windowReport.get(), severity, f -> (double) f.alerts()))
                    .description("alerts raised (episodes) in the window").tag("window", window)
                    .tag("severity", severity.name()).register(metrics);
            for (String state : new String[] {"OPEN", "ACKNOWLEDGED"}) {
                Gauge.builder("tousei_alerts_current", this,
                                k -> k.open.get().getOrDefault(severity.name() + "/" + state, 0L).doubleValue())
                        .description("alerts not resolved yet").tag("severity", severity.name()).tag("state", state)
                        .register(metrics);
            }
        }
    }

    private static double value(Report report, Severity severity, java.util.function.Function<Figures, Double> field) {
        if (report == null) {
            return Double.NaN;
        }
        Figures figures = severity == null ? report.overall() : report.bySeverity().get(severity);
        Double value = figures == null ? null : field.apply(figures);
        return value == null ? Double.NaN : value;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
