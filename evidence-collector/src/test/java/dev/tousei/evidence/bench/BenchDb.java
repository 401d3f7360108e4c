package dev.tousei.evidence.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The collector's database as the drivers see it, over plain JDBC. */
final class BenchDb implements AutoCloseable {

    private final Connection connection;

    BenchDb(BenchSettings settings) throws SQLException {
        this.connection = DriverManager.getConnection(settings.jdbcUrl(), settings.dbUser, settings.dbPassword);
        this.connection.setAutoCommit(true);
    }

    boolean schemaExists() throws SQLException {
        return longOf("select count(*) from pg_tables where schemaname = current_schema() and tablename = 'evidence'")
                > 0;
    }

    /** Other sessions on the same database (e.g. @QuarkusTest runs, which clean it at start). */
    long otherSessions() throws SQLException {
        return longOf("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
    }

    void truncate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("truncate evidence, chain_head, chain_anchor");
        }
    }

    /**
     * Rows stored so far, read cheaply: the sum of the chain heads' sequences, which the writer moves in the same
     * transaction as it inserts (no retention pruning happens here, so it equals count(*) of evidence). A count(*) over
     * a growing table of large rows every 500 ms would itself load the two-core machine.
     */
    long storedFast() {
        try {
            return longOf("select coalesce(sum(sequence), 0) from chain_head");
        } catch (SQLException e) {
            return -1; // the schema does not exist yet (Flyway runs at the collector's start)
        }
    }

    long count() throws SQLException {
        return longOf("select count(*) from evidence");
    }

    long duplicateDedupKeys() throws SQLException {
        return longOf("select count(*) - count(distinct dedup_key) from evidence");
    }

    /** Evidence above its account's publication watermark (chain_head.published_sequence). */
    long unpublished() throws SQLException {
        return longOf("select coalesce(sum(sequence - published_sequence), 0) from chain_head");
    }

    long withControlEffects() throws SQLException {
        return longOf("select count(*) from evidence where cardinality(control_ids) > 0");
    }

    /** Accounts whose sequences are not exactly 1..n, or whose head does not point at the last row. */
    long brokenSequences() throws SQLException {
        return longOf("""
                select count(*) from (
                  select e.account_id from evidence e join chain_head h using (account_id)
                  group by e.account_id, h.sequence, h.hash
                  having count(*) <> max(e.sequence) or min(e.sequence) <> 1 or max(e.sequence) <> h.sequence
                      or h.hash <> (select hash from evidence x where x.account_id = e.account_id
                                    order by sequence desc limit 1)
                ) broken""");
    }

    /** Rows per account. */
    Map<String, Long> rowsPerAccount() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select account_id, count(*) from evidence group by account_id order by account_id")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getLong(2));
            }
        }
        return rows;
    }

    Set<String> evidenceIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.setFetchSize(10_000);
            try (ResultSet result = statement.executeQuery("select id::text from evidence")) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
        return ids;
    }

    /** Seconds between the first and the last batch's recorded_at (the batch clock of the collector). */
    double recordedSpanSeconds() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select extract(epoch from max(recorded_at) - min(recorded_at)) from evidence")) {
            result.next();
            return result.getDouble(1);
        }
    }

    /** Rows in the first batch (they share the minimum recorded_at), to turn the span into a rate. */
    long firstBatchRows() throws SQLException {
        return longOf("select count(*) from evidence where recorded_at = (select min(recorded_at) from evidence)");
    }

    String tableSize() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select pg_size_pretty(pg_total_relation_size('evidence'))")) {
            result.next();
            return result.getString(1);
        }
    }

    private long longOf(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
