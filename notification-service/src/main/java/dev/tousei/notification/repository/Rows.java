package dev.tousei.notification.repository;

import dev.tousei.events.notification.AlertState;
import dev.tousei.notification.alert.Alert;
import dev.tousei.notification.alert.AlertKind;
import dev.tousei.notification.alert.Severity;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column readers shared by the repositories. */
final class Rows {

    static final String ALERT_COLUMNS = "a.id, a.fingerprint, a.kind, a.account_id, a.control_id, a.display_id, "
            + "a.framework_id, a.resource_id, a.finding_type, a.severity, a.title, a.detail, a.state, "
            + "a.suppressed_reason, a.occurrences, a.reopen_count, a.first_seen_at, a.last_seen_at, a.raised_at, "
            + "a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolved_by, a.assignee";

    private Rows() {
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static Alert alert(Row row) {
        String suppressedReason = row.getString("suppressed_reason");
        return new Alert(row.getUUID("id"), row.getString("fingerprint"), AlertKind.valueOf(row.getString("kind")),
                row.getString("account_id"), row.getString("control_id"), row.getString("display_id"),
                row.getString("framework_id"), row.getString("resource_id"), row.getString("finding_type"),
                Severity.of(row.getString("severity")), row.getString("title"), row.getString("detail"),
                AlertState.valueOf(row.getString("state")), suppressedReason != null, suppressedReason,
                row.getInteger("occurrences"), row.getInteger("reopen_count"), instant(row, "first_seen_at"),
                instant(row, "last_seen_at"), instant(row, "raised_at"), instant(row, "acknowledged_at"),
                row.getString("acknowledged_by"), instant(row, "resolved_at"), row.getString("resolved_by"),
                row.getString("assignee"));
    }
}
