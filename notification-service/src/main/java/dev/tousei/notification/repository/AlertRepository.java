package dev.tousei.notification.repository;

import static dev.tousei.notification.repository.Sql.ts;

import dev.tousei.events.notification.AlertStateChanged;
import dev.tousei.notification.alert.Alert;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Alerts as people see and handle them: queries, and state changes made by analysts (one statement each). */
@ApplicationScoped
public class AlertRepository {

    public record Activity(long id, Instant at, String actor, String kind, String text) {
    }

    /** The outcome of a state change: the alert before (empty: no such alert) and after (null: not allowed). */
    public record Transition(Optional<String> previousState, Alert alert) {
    }

    public record Filter(String state, String severity, String accountId, String controlId, String kind,
                         Boolean suppressed, String assignee, Instant raisedFrom, Instant raisedTo, int limit,
                         int offset) {
    }

    /** acknowledge: OPEN → ACKNOWLEDGED; resolve: OPEN or ACKNOWLEDGED → RESOLVED (also counts as acknowledged). */
    private static final String TRANSITION = """
            WITH cur AS (SELECT id, state FROM alert WHERE id = $1::uuid FOR UPDATE),
            up AS (
              UPDATE alert a SET state = $5::text, %s
              FROM cur WHERE a.id = cur.id AND cur.state = ANY($6::text[])
              RETURNING a.*
            ),
            ep AS (UPDATE alert_episode e SET %s FROM up WHERE e.id = up.episode_id),
            act AS (
              INSERT INTO alert_activity (alert_id, at, actor, kind, text)
              SELECT id, $2::timestamptz, $3::text, $5::text, $4::text FROM up
            ),
            esc AS (DELETE FROM escalation e USING up WHERE e.alert_id = up.id),
            ob AS (
              INSERT INTO outbox_event (event_id, type, event_key, payload, occurred_at)
              SELECT gen_random_uuid(), '%s', up.fingerprint, jsonb_build_object(
                  'alertId', up.id, 'fingerprint', up.fingerprint, 'accountId', up.account_id,
                  'controlId', up.control_id, 'severity', up.severity, 'previousState', cur.state,
                  'state', up.state, 'changedBy', $3::text, 'reason', $4::text, 'changedAt', iso_utc($2::timestamptz)),
                  $2::timestamptz
              FROM up JOIN cur ON cur.id = up.id WHERE up.suppressed_reason IS NULL
            )
            SELECT cur.state AS previous_state, %s
            FROM (SELECT 1) AS one LEFT JOIN cur ON true LEFT JOIN up a ON true
            """;

    private static final String ACKNOWLEDGE = TRANSITION.formatted(
            "acknowledged_at = $2::timestamptz, acknowledged_by = $3::text",
            "acknowledged_at = coalesce(e.acknowledged_at, $2::timestamptz)",
            AlertStateChanged.TYPE, Rows.ALERT_COLUMNS);

    private static final String RESOLVE = TRANSITION.formatted(
            "resolved_at = $2::timestamptz, resolved_by = $3::text, "
                    + "acknowledged_at = coalesce(a.acknowledged_at, $2::timestamptz), "
                    + "acknowledged_by = coalesce(a.acknowledged_by, $3::text)",
            "resolved_at = $2::timestamptz, acknowledged_at = coalesce(e.acknowledged_at, $2::timestamptz)",
            AlertStateChanged.TYPE, Rows.ALERT_COLUMNS);

    private final Pool pool;

    AlertRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Transition> acknowledge(UUID id, String actor, String comment, Instant now) {
        return transition(ACKNOWLEDGE, id, actor, comment, now, "ACKNOWLEDGED", new String[] {"OPEN"});
    }

    public Uni<Transition> resolve(UUID id, String actor, String comment, Instant now) {
        return transition(RESOLVE, id, actor, comment, now, "RESOLVED", new String[] {"OPEN", "ACKNOWLEDGED"});
    }

    private Uni<Transition> transition(String sql, UUID id, String actor, String comment, Instant now, String target,
                                       String[] from) {
        return pool.preparedQuery(sql).execute(Tuple.tuple().addValue(id).addValue(ts(now)).addValue(actor)
                        .addValue(comment).addValue(target).addValue(from))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    String previous = row.getString("previous_state");
                    Alert alert = row.getUUID("id") == null ? null : Rows.alert(row);
                    return new Transition(Optional.ofNullable(previous), alert);
                });
    }

    /** @return false when there is no such alert */
    public Uni<Boolean> comment(UUID id, String actor, String text, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO alert_activity (alert_id, at, actor, kind, text)
                        SELECT id, $2, $3, 'COMMENT', $4 FROM alert WHERE id = $1""")
                .execute(Tuple.of(id, ts(now), actor, text)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Optional<Alert>> assign(UUID id, String actor, String assignee, Instant now) {
        return pool.preparedQuery("""
                        WITH a AS (UPDATE alert SET assignee = $3::text WHERE id = $1::uuid RETURNING *),
                        act AS (
                          INSERT INTO alert_activity (alert_id, at, actor, kind, text)
                          SELECT id, $2::timestamptz, $4::text, 'ASSIGNED', coalesce($3::text, 'nobody') FROM a
                        )
                        SELECT %s FROM a""".formatted(Rows.ALERT_COLUMNS))
                .execute(Tuple.of(id, ts(now), assignee, actor)).map(AlertRepository::first);
    }

    public Uni<Optional<Alert>> find(UUID id) {
        return pool.preparedQuery("SELECT " + Rows.ALERT_COLUMNS + " FROM alert a WHERE a.id = $1")
                .execute(Tuple.of(id)).map(AlertRepository::first);
    }

    public Uni<List<Activity>> activity(UUID id) {
        return pool.preparedQuery("SELECT * FROM alert_activity WHERE alert_id = $1 ORDER BY id")
                .execute(Tuple.of(id)).map(rows -> {
                    List<Activity> result = new ArrayList<>();
                    rows.forEach(row -> result.add(new Activity(row.getLong("id"), Rows.instant(row, "at"),
                            row.getString("actor"), row.getString("kind"), row.getString("text"))));
                    return result;
                });
    }

    public Uni<List<Alert>> list(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.ALERT_COLUMNS + " FROM alert a WHERE true");
        Tuple params = Tuple.tuple();
        condition(sql, params, " AND a.state = $%d", filter.state());
        condition(sql, params, " AND a.severity = $%d", filter.severity());
        condition(sql, params, " AND a.account_id = $%d", filter.accountId());
        condition(sql, params, " AND (a.control_id = $%1$d OR a.display_id = $%1$d)", filter.controlId());
        condition(sql, params, " AND a.kind = $%d", filter.kind());
        condition(sql, params, " AND a.assignee = $%d", filter.assignee());
        condition(sql, params, " AND a.raised_at >= $%d", ts(filter.raisedFrom()));
        condition(sql, params, " AND a.raised_at < $%d", ts(filter.raisedTo()));
        if (filter.suppressed() != null) {
            sql.append(filter.suppressed() ? " AND a.suppressed_reason IS NOT NULL" : " AND a.suppressed_reason IS NULL");
        }
        params.addValue(filter.limit()).addValue(filter.offset());
        sql.append(" ORDER BY a.raised_at DESC, a.id LIMIT $").append(params.size() - 1)
                .append(" OFFSET $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(params).map(rows -> {
            List<Alert> result = new ArrayList<>();
            rows.forEach(row -> result.add(Rows.alert(row)));
            return result;
        });
    }

    private static void condition(StringBuilder sql, Tuple params, String template, Object value) {
        if (value != null) {
            params.addValue(value);
            sql.append(template.formatted(params.size()));
        }
    }

    private static Optional<Alert> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Rows.alert(rows.iterator().next()));
    }
}
