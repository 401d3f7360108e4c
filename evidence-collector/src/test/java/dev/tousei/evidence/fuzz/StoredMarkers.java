package dev.tousei.evidence.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The evidence rows of a fuzz run, found by the marker in their source_event_id, over plain JDBC. */
public final class StoredMarkers implements AutoCloseable {

    private final Connection connection;

    public StoredMarkers(String jdbcUrl, String user, String password) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** source_event_id → rows, for the rows holding {@code markerPrefix}. */
    public Map<String, Long> rows(String markerPrefix) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select source_event_id, count(*) from evidence where strpos(source_event_id, ?) > 0 group by 1")) {
            statement.setString(1, markerPrefix);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return rows;
    }

    /** Every source_event_id in the table with its rows (for a database the run has to itself). */
    public Map<String, Long> allRows() throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select source_event_id, count(*) from evidence group by 1");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.put(result.getString(1), result.getLong(2));
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
