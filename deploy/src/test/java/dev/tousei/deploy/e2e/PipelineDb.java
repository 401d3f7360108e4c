package dev.tousei.deploy.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what the services stored in their databases (as the services' own roles, the local-only
 * credentials of application.properties): evidence per source event, control statuses and alerts per account. Only
 * the fault check uses it, to count lost and duplicated evidence and to compare the end state with a clean run's.
 */
final class PipelineDb {

    /** An alert reduced to what must match between two runs; the account stands for its position in the load. */
    record Alert(String kind, String controlId, String resourceId, String findingType, String state) {
    }

    private PipelineDb() {
    }

    /** Stored evidence rows per source event id, for the given source ids (absent: not stored). */
    static Map<String, Integer> evidenceRows(Collection<String> sourceIds) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection db = connect("evidence");
             PreparedStatement query = db.prepareStatement(
                     "select source_event_id, count(*) from evidence where source_event_id = any(?) "
                             + "group by source_event_id")) {
            query.setArray(1, db.createArrayOf("text", sourceIds.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getInt(2));
                }
            }
        }
        return rows;
    }

    /** Status of every control per account: account → (control → status). */
    static Map<String, Map<String, String>> statuses(Collection<String> accounts) throws SQLException {
        Map<String, Map<String, String>> statuses = new TreeMap<>();
        try (Connection db = connect("assessment");
             PreparedStatement query = db.prepareStatement(
                     "select account_id, control_id, status from control_status where account_id = any(?)")) {
            query.setArray(1, db.createArrayOf("varchar", accounts.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    statuses.computeIfAbsent(result.getString(1), account -> new TreeMap<>())
                            .put(result.getString(2), result.getString(3));
                }
            }
        }
        return statuses;
    }

    /** Every alert per account, the account id inside resource ids replaced by {@code <account>}. */
    static Map<String, List<Alert>> alerts(Collection<String> accounts) throws SQLException {
        Map<String, List<Alert>> alerts = new TreeMap<>();
        try (Connection db = connect("notification");
             PreparedStatement query = db.prepareStatement("select account_id, kind, control_id, resource_id, "
                     + "finding_type, state from alert where account_id = any(?) order by kind, control_id, "
                     + "resource_id, finding_type")) {
            query.setArray(1, db.createArrayOf("varchar", accounts.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String account = result.getString(1);
                    String resource = result.getString(4);
                    alerts.computeIfAbsent(account, key -> new ArrayList<>()).add(new Alert(result.getString(2),
                            result.getString(3), resource == null ? null : resource.replace(account, "<account>"),
                            result.getString(5), result.getString(6)));
                }
            }
        }
        return alerts;
    }

    private static Connection connect(String service) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + E2eStack.PG + "/" + service + E2eStack.DATABASE_SUFFIX,
                service,
                service);
    }
}
