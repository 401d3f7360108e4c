package dev.tousei.notification.repository;

import static dev.tousei.notification.repository.Sql.ts;

import dev.tousei.events.notification.AlertRaised;
import dev.tousei.events.notification.AlertStateChanged;
import dev.tousei.notification.alert.AlertSignal;
import dev.tousei.notification.alert.ClearSignal;
import dev.tousei.notification.alert.Fingerprints;
import dev.tousei.notification.routing.RoutingTable.Decision;
import dev.tousei.notification.routing.RoutingTable.EscalationPlan;
import dev.tousei.notification.routing.RoutingTable.Target;
import dev.tousei.notification.alert.Alert;
import dev.tousei.notification.repository.DeliveryRepository.DueDelivery;
import dev.tousei.notification.routing.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies alert signals with one statement each: data-modifying CTEs insert or update the alert, open an episode,
 * write the timeline, queue the deliveries, plan the escalations and write the outbox events in the same statement,
 * so one status change costs one round trip. The first statement of an event also records the event as processed
 * and does nothing if it was (idempotent consumption).
 */
@ApplicationScoped
public class AlertIntakeRepository {

    /**
     * What one raise did. {@code fresh} false: the event had been processed before and nothing changed;
     * {@code alertId} null with {@code fresh} true: the signal was late (observed before what resolved its alert).
     *
     * @param deliveries the messages queued, already leased to this instance for an immediate first attempt
     */
    public record RaiseResult(boolean fresh, UUID alertId, String change, boolean suppressed,
                              List<DueDelivery> deliveries) {
        public boolean notified() {
            return !deliveries.isEmpty() || fresh && alertId != null && !suppressed && !"REPEATED".equals(change);
        }
    }

    public record ClearResult(boolean fresh, int resolved) {
    }

    private static final String GATE = "fresh AS (INSERT INTO processed_event (event_id, processed_at) "
            + "VALUES ($1::text, $2::timestamptz) ON CONFLICT DO NOTHING RETURNING 1)";
    private static final String NO_GATE = "fresh AS (SELECT 1 WHERE $1::text IS NOT NULL AND $2::timestamptz IS NOT NULL)";

    private static final String RAISE = """
            WITH %s,
            up AS (
              INSERT INTO alert AS a (id, fingerprint, kind, account_id, control_id, display_id, framework_id,
                  resource_id, finding_type, severity, title, detail, state, suppressed_by, suppressed_reason,
                  last_change, occurrences, episode_id, first_seen_at, last_seen_at, raised_at, source_event_id)
              SELECT $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text,
                  $12::text, $13::text, $14::text, 'OPEN', $15::uuid, $16::text, 'RAISED', 1,
                  nextval('alert_episode_seq'), $18::timestamptz, $18::timestamptz, $2::timestamptz, $17::text
              FROM fresh
              ON CONFLICT (fingerprint) DO UPDATE SET
                occurrences = a.occurrences + 1,
                last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
                detail = coalesce(excluded.detail, a.detail),
                last_change = CASE WHEN a.state = 'RESOLVED' THEN 'REOPENED'
                                   WHEN a.suppressed_reason IS NOT NULL AND excluded.suppressed_reason IS NULL
                                       THEN 'UNSUPPRESSED'
                                   ELSE 'REPEATED' END,
                state = CASE WHEN a.state = 'RESOLVED' THEN 'OPEN' ELSE a.state END,
                reopen_count = a.reopen_count + CASE WHEN a.state = 'RESOLVED' THEN 1 ELSE 0 END,
                severity = CASE WHEN a.state = 'RESOLVED' THEN excluded.severity ELSE a.severity END,
                title = CASE WHEN a.state = 'RESOLVED' THEN excluded.title ELSE a.title END,
                suppressed_by = CASE WHEN a.state = 'RESOLVED' OR excluded.suppressed_reason IS NULL
                                     THEN excluded.suppressed_by ELSE a.suppressed_by END,
                suppressed_reason = CASE WHEN a.state = 'RESOLVED' OR excluded.suppressed_reason IS NULL
                                         THEN excluded.suppressed_reason ELSE a.suppressed_reason END,
                episode_id = CASE WHEN a.state = 'RESOLVED' THEN excluded.episode_id ELSE a.episode_id END,
                raised_at = CASE WHEN a.state = 'RESOLVED'
                                   OR a.suppressed_reason IS NOT NULL AND excluded.suppressed_reason IS NULL
                                 THEN excluded.raised_at ELSE a.raised_at END,
                acknowledged_at = CASE WHEN a.state = 'RESOLVED' THEN NULL ELSE a.acknowledged_at END,
                acknowledged_by = CASE WHEN a.state = 'RESOLVED' THEN NULL ELSE a.acknowledged_by END,
                resolved_at = CASE WHEN a.state = 'RESOLVED' THEN NULL ELSE a.resolved_at END,
                resolved_by = CASE WHEN a.state = 'RESOLVED' THEN NULL ELSE a.resolved_by END,
                source_event_id = CASE WHEN a.state = 'RESOLVED' THEN excluded.source_event_id
                                       ELSE a.source_event_id END,
                resolved_as_of = CASE WHEN a.state = 'RESOLVED' THEN NULL ELSE a.resolved_as_of END
              -- a signal observed no later than what resolved the alert (e.g. a StopLogging read from evidence
              -- after the PASSED of the StartLogging that followed it) is late, not a new failure: no change
              WHERE NOT (a.state = 'RESOLVED' AND a.resolved_as_of IS NOT NULL
                         AND excluded.last_seen_at <= a.resolved_as_of)
              RETURNING a.*
            ),
            notify AS (SELECT * FROM up WHERE last_change <> 'REPEATED' AND suppressed_reason IS NULL),
            ep AS (
              INSERT INTO alert_episode (id, alert_id, severity, suppressed, raised_at)
              SELECT episode_id, id, severity, suppressed_reason IS NOT NULL, raised_at FROM up
              WHERE last_change IN ('RAISED', 'REOPENED')
            ),
            ep_unsuppressed AS (
              UPDATE alert_episode e SET suppressed = false, raised_at = up.raised_at FROM up
              WHERE e.id = up.episode_id AND up.last_change = 'UNSUPPRESSED'
            ),
            act AS (
              INSERT INTO alert_activity (alert_id, at, actor, kind, text)
              SELECT id, $2, 'system', last_change, coalesce(suppressed_reason, 'from ' || $17) FROM up
              WHERE last_change <> 'REPEATED'
            ),
            dl AS (
              INSERT INTO delivery (alert_id, channel_id, recipient, reason, level, state, attempts, created_at,
                                    next_attempt_at, lease_until, traceparent)
              SELECT notify.id, t.channel_id, t.recipient, notify.last_change, t.level, 'PENDING', 1, $2, $2,
                     $2 + $24::bigint * interval '1 millisecond', $25::text
              FROM notify, unnest($19::uuid[], $20::text[], $21::int[]) AS t(channel_id, recipient, level)
              RETURNING id, channel_id, recipient, level
            ),
            esc AS (
              INSERT INTO escalation (alert_id, route_id, level, next_at)
              SELECT notify.id, e.route_id, 1, $2 + e.timeout_ms * interval '1 millisecond'
              FROM notify, unnest($22::uuid[], $23::bigint[]) AS e(route_id, timeout_ms)
              ON CONFLICT (alert_id, route_id) DO UPDATE SET level = 1, next_at = excluded.next_at
            ),
            ob AS (
              INSERT INTO outbox_event (event_id, type, event_key, payload, occurred_at, traceparent)
              SELECT gen_random_uuid(), '%s', fingerprint, jsonb_build_object(
                  'alertId', id, 'fingerprint', fingerprint, 'kind', kind, 'accountId', account_id,
                  'controlId', control_id, 'displayId', display_id, 'frameworkId', framework_id,
                  'resourceId', resource_id, 'findingType', finding_type, 'severity', severity, 'title', title,
                  'detail', detail, 'reopened', last_change = 'REOPENED', 'occurrences', occurrences,
                  'sourceEventId', source_event_id, 'raisedAt', iso_utc(raised_at)), $2, $25::text
              FROM notify
              UNION ALL
              SELECT gen_random_uuid(), '%s', fingerprint, jsonb_build_object(
                  'alertId', id, 'fingerprint', fingerprint, 'accountId', account_id, 'controlId', control_id,
                  'severity', severity, 'previousState', 'RESOLVED', 'state', 'OPEN', 'changedBy', 'system',
                  'reason', 'raised again by ' || source_event_id, 'changedAt', iso_utc($2)), $2, $25::text
              FROM notify WHERE last_change = 'REOPENED'
            )
            SELECT (SELECT count(*) FROM fresh) AS fresh, a.last_change, %s,
                   dl.id AS delivery_id, dl.channel_id AS delivery_channel, dl.recipient AS delivery_recipient,
                   dl.level AS delivery_level
            FROM (SELECT 1) AS one LEFT JOIN up a ON true LEFT JOIN dl ON true
            """;

    private static final String CLEAR = """
            WITH %s,
            target AS (
              SELECT id, state FROM alert
              WHERE account_id = $3::text AND control_id = $4::text AND left(fingerprint, length($5::text)) = $5::text
                AND state <> 'RESOLVED' AND last_seen_at <= $7::timestamptz AND EXISTS (SELECT 1 FROM fresh)
              FOR UPDATE
            ),
            cl AS (
              UPDATE alert a SET state = 'RESOLVED', resolved_at = $2, resolved_by = 'system', resolved_as_of = $7
              FROM target t WHERE a.id = t.id
              RETURNING a.id, a.fingerprint, a.account_id, a.control_id, a.severity, a.episode_id,
                        a.suppressed_reason, t.state AS previous_state
            ),
            ep AS (UPDATE alert_episode e SET resolved_at = $2, auto_resolved = true FROM cl WHERE e.id = cl.episode_id),
            act AS (
              INSERT INTO alert_activity (alert_id, at, actor, kind, text)
              SELECT id, $2, 'system', 'RESOLVED', $6::text FROM cl
            ),
            esc AS (DELETE FROM escalation e USING cl WHERE e.alert_id = cl.id),
            ob AS (
              INSERT INTO outbox_event (event_id, type, event_key, payload, occurred_at, traceparent)
              SELECT gen_random_uuid(), '%s', fingerprint, jsonb_build_object(
                  'alertId', id, 'fingerprint', fingerprint, 'accountId', account_id, 'controlId', control_id,
                  'severity', severity, 'previousState', previous_state, 'state', 'RESOLVED', 'changedBy', 'system',
                  'reason', $6::text, 'changedAt', iso_utc($2)), $2, $8::text
              FROM cl WHERE suppressed_reason IS NULL
            )
            SELECT (SELECT count(*) FROM fresh) AS fresh, (SELECT count(*) FROM cl) AS resolved
            """;

    private static final String RAISE_GATED = RAISE.formatted(GATE, AlertRaised.TYPE, AlertStateChanged.TYPE,
            Rows.ALERT_COLUMNS);
    private static final String RAISE_UNGATED = RAISE.formatted(NO_GATE, AlertRaised.TYPE, AlertStateChanged.TYPE,
            Rows.ALERT_COLUMNS);
    private static final String CLEAR_GATED = CLEAR.formatted(GATE, AlertStateChanged.TYPE);
    private static final String CLEAR_UNGATED = CLEAR.formatted(NO_GATE, AlertStateChanged.TYPE);

    /**
     * @param eventKey    the processed-event key; recorded when {@code gate} is true (the event's first statement)
     * @param traceparent the W3C trace context of the event (null if untraced), kept with the outbox events and
     *                    deliveries so that what is sent later continues its trace
     */
    public Uni<RaiseResult> raise(SqlClient client, String eventKey, boolean gate, AlertSignal signal,
                                  Decision decision, Map<UUID, Channel> channels, Duration lease, Instant now,
                                  String traceparent) {
        UUID[] channelIds = decision.targets().stream().map(Target::channelId).toArray(UUID[]::new);
        String[] recipients = decision.targets().stream().map(Target::recipient).toArray(String[]::new);
        Integer[] levels = decision.targets().stream().map(Target::level).toArray(Integer[]::new);
        UUID[] routes = decision.escalations().stream().map(EscalationPlan::routeId).toArray(UUID[]::new);
        Long[] timeouts = decision.escalations().stream().map(plan -> plan.ackTimeout().toMillis())
                .toArray(Long[]::new);
        Instant seen = signal.at() == null ? now : signal.at();
        Tuple params = Tuple.tuple()
                .addValue(eventKey).addValue(ts(now))
                .addValue(UUID.randomUUID()).addValue(signal.fingerprint()).addValue(signal.kind().name())
                .addValue(signal.accountId()).addValue(signal.controlId()).addValue(signal.displayId())
                .addValue(signal.frameworkId()).addValue(signal.resourceId()).addValue(signal.findingType())
                .addValue(signal.severity().name()).addValue(signal.title()).addValue(signal.detail())
                .addValue(decision.suppressedBy()).addValue(decision.suppressedReason())
                .addValue(signal.sourceEventId()).addValue(ts(seen))
                .addValue(channelIds).addValue(recipients).addValue(levels)
                .addValue(routes).addValue(timeouts).addValue(lease.toMillis()).addValue(traceparent);
        return client.preparedQuery(gate ? RAISE_GATED : RAISE_UNGATED).execute(params).map(rows -> {
            Row first = rows.iterator().next();
            if (first.getUUID("id") == null) {
                return new RaiseResult(first.getLong("fresh") > 0, null, null, false, List.of());
            }
            Alert alert = Rows.alert(first);
            String change = first.getString("last_change");
            List<DueDelivery> deliveries = new ArrayList<>();
            for (Row row : rows) {
                Long id = row.getLong("delivery_id");
                Channel channel = id == null ? null : channels.get(row.getUUID("delivery_channel"));
                if (channel != null) {
                    deliveries.add(new DueDelivery(id, 1, change, row.getInteger("delivery_level"),
                            row.getString("delivery_recipient"), now, alert, channel, traceparent));
                }
            }
            return new RaiseResult(first.getLong("fresh") > 0, alert.id(), change, alert.suppressed(),
                    List.copyOf(deliveries));
        });
    }

    public Uni<ClearResult> clear(SqlClient client, String eventKey, boolean gate, ClearSignal signal, Instant now,
                                  String traceparent) {
        Instant upTo = signal.at() == null ? now : signal.at();
        Tuple params = Tuple.tuple()
                .addValue(eventKey).addValue(ts(now))
                .addValue(signal.accountId()).addValue(signal.controlId())
                .addValue(Fingerprints.controlPrefix(signal.accountId(), signal.controlId()))
                .addValue(signal.reason()).addValue(ts(upTo)).addValue(traceparent);
        return client.preparedQuery(gate ? CLEAR_GATED : CLEAR_UNGATED).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            return new ClearResult(row.getLong("fresh") > 0, row.getLong("resolved").intValue());
        });
    }
}
