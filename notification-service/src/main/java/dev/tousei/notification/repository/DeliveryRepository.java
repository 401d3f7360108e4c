package dev.tousei.notification.repository;

import static dev.tousei.notification.repository.Sql.ts;

import dev.tousei.notification.alert.Alert;
import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.ChannelType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Queued messages: claimed with a lease (several instances share the queue), attempted, logged. */
@ApplicationScoped
public class DeliveryRepository {

    /**
     * A delivery due now, with the alert as it stands and the channel it goes to.
     *
     * @param traceparent the W3C trace context the alert was raised in, which the attempt continues; null if none
     */
    public record DueDelivery(long id, int attempt, String reason, int level, String recipient, Instant createdAt,
                              Alert alert, Channel channel, String traceparent) {
    }

    public record Attempt(int attempt, Instant at, int durationMs, boolean success, Integer statusCode, String error) {
    }

    public record DeliveryView(long id, UUID channelId, String channelName, String channelType, String recipient,
                               String reason, int level, String state, int attempts, Instant createdAt,
                               Instant nextAttemptAt, Instant deliveredAt, String lastError, List<Attempt> log) {
    }

    private static final String CLAIM = """
            UPDATE delivery d SET attempts = d.attempts + 1, lease_until = $2
            FROM (SELECT d2.id FROM delivery d2 JOIN channel c2 ON c2.id = d2.channel_id AND c2.enabled
                  WHERE d2.state = 'PENDING' AND d2.next_attempt_at <= $1
                    AND (d2.lease_until IS NULL OR d2.lease_until < $1)
                  ORDER BY d2.next_attempt_at LIMIT $3 FOR UPDATE OF d2 SKIP LOCKED) due, alert a, channel c
            WHERE d.id = due.id AND a.id = d.alert_id AND c.id = d.channel_id
            RETURNING d.id AS delivery_id, d.attempts AS delivery_attempt, d.reason AS delivery_reason,
                      d.level AS delivery_level, d.recipient AS delivery_recipient,
                      d.created_at AS delivery_created_at, d.traceparent AS delivery_traceparent, %s,
                      c.id AS c_id, c.name AS c_name, c.type AS c_type, c.url AS c_url, c.secret AS c_secret,
                      c.recipients AS c_recipients, c.enabled AS c_enabled, c.created_at AS c_created_at,
                      c.updated_at AS c_updated_at
            """.formatted(Rows.ALERT_COLUMNS);

    private static final String RESULT = """
            WITH d AS (
              UPDATE delivery SET state = $3::text, lease_until = NULL,
                next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
                delivered_at = CASE WHEN $3::text = 'DELIVERED' THEN $5::timestamptz END,
                last_error = $6::text
              WHERE id = $1::bigint RETURNING id)
            INSERT INTO delivery_attempt (delivery_id, attempt, at, duration_ms, success, status_code, error)
            SELECT id, $2::int, $5::timestamptz, $7::int, $3::text = 'DELIVERED', $8::int, $6::text FROM d
            """;

    private final Pool pool;

    DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<DueDelivery>> claimDue(Instant now, Instant leaseUntil, int limit) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(ts(now), ts(leaseUntil), limit)).map(rows -> {
            List<DueDelivery> due = new ArrayList<>();
            for (Row row : rows) {
                Channel channel = new Channel(row.getUUID("c_id"), row.getString("c_name"),
                        ChannelType.valueOf(row.getString("c_type")), row.getString("c_url"),
                        row.getString("c_secret"), List.of(row.getArrayOfStrings("c_recipients")),
                        row.getBoolean("c_enabled"), Rows.instant(row, "c_created_at"),
                        Rows.instant(row, "c_updated_at"));
                due.add(new DueDelivery(row.getLong("delivery_id"), row.getInteger("delivery_attempt"),
                        row.getString("delivery_reason"), row.getInteger("delivery_level"),
                        row.getString("delivery_recipient"), Rows.instant(row, "delivery_created_at"),
                        Rows.alert(row), channel, row.getString("delivery_traceparent")));
            }
            return due;
        });
    }

    /**
     * @param state DELIVERED, PENDING (retry at {@code nextAttemptAt}) or GAVE_UP
     */
    public Uni<Void> recordAttempt(long deliveryId, int attempt, String state, Instant nextAttemptAt, Instant at,
                                   String error, int durationMs, Integer statusCode) {
        return pool.preparedQuery(RESULT).execute(Tuple.tuple().addValue(deliveryId).addValue(attempt)
                        .addValue(state).addValue(ts(nextAttemptAt)).addValue(ts(at)).addValue(error)
                        .addValue(durationMs).addValue(statusCode))
                .replaceWithVoid();
    }

    public Uni<List<DeliveryView>> ofAlert(UUID alertId) {
        return pool.preparedQuery("""
                        SELECT d.*, c.name AS channel_name, c.type AS channel_type,
                               t.attempt AS t_attempt, t.at AS t_at, t.duration_ms AS t_duration, t.success AS t_success,
                               t.status_code AS t_status, t.error AS t_error
                        FROM delivery d JOIN channel c ON c.id = d.channel_id
                        LEFT JOIN delivery_attempt t ON t.delivery_id = d.id
                        WHERE d.alert_id = $1 ORDER BY d.id, t.attempt""")
                .execute(Tuple.of(alertId)).map(rows -> {
                    Map<Long, DeliveryView> byId = new LinkedHashMap<>();
                    for (Row row : rows) {
                        DeliveryView view = byId.computeIfAbsent(row.getLong("id"), id -> new DeliveryView(id,
                                row.getUUID("channel_id"), row.getString("channel_name"),
                                row.getString("channel_type"), row.getString("recipient"), row.getString("reason"),
                                row.getInteger("level"), row.getString("state"), row.getInteger("attempts"),
                                Rows.instant(row, "created_at"), Rows.instant(row, "next_attempt_at"),
                                Rows.instant(row, "delivered_at"), row.getString("last_error"), new ArrayList<>()));
                        if (row.getInteger("t_attempt") != null) {
                            view.log().add(new Attempt(row.getInteger("t_attempt"), Rows.instant(row, "t_at"),
                                    row.getInteger("t_duration"), row.getBoolean("t_success"),
                                    row.getInteger("t_status"), row.getString("t_error")));
                        }
                    }
                    return List.copyOf(byId.values());
                });
    }

    /** Pending and given-up deliveries, for the gauges. */
    public Uni<Map<String, Long>> countsByState() {
        return pool.query("SELECT state, count(*) AS n FROM delivery WHERE state <> 'DELIVERED' GROUP BY state")
                .execute().map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.put(row.getString("state"), row.getLong("n")));
                    return counts;
                });
    }
}
