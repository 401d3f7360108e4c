package dev.tousei.evidence.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Chain heads (newest link per account) and anchors (where a chain resumes after retention). */
@ApplicationScoped
public class ChainRepository {

    private final Pool pool;

    ChainRepository(Pool pool) {
        this.pool = pool;
    }

    public record Link(long sequence, String hash) {
    }

    public Uni<Link> head(String accountId) {
        return single("select sequence, hash from chain_head where account_id = $1", accountId);
    }

    public Uni<Link> anchor(String accountId) {
        return single("select sequence, hash from chain_anchor where account_id = $1", accountId);
    }

    public Uni<List<String>> accounts() {
        return pool.query("select account_id from chain_head order by account_id").execute()
                .map(rows -> {
                    List<String> accounts = new ArrayList<>();
                    rows.forEach(row -> accounts.add(row.getString(0)));
                    return accounts;
                });
    }

    /**
     * Removes the account's evidence recorded before the cutoff, oldest first, and moves the anchor to the last
     * removed link, so verification of what remains still starts from a known hash.
     *
     * @return how many rows were removed
     */
    public Uni<Integer> prune(String accountId, Instant cutoff) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        select sequence, hash from evidence where account_id = $1 and recorded_at < $2
                        order by sequence desc limit 1""")
                .execute(Tuple.of(accountId, cutoff.atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    Row last = rows.iterator().next();
                    long sequence = last.getLong(0);
                    return connection.preparedQuery("""
                                    insert into chain_anchor (account_id, sequence, hash, pruned_at)
                                    values ($1, $2, $3, now())
                                    on conflict (account_id) do update
                                    set sequence = excluded.sequence, hash = excluded.hash, pruned_at = now()""")
                            .execute(Tuple.of(accountId, sequence, last.getString(1)))
                            .chain(() -> connection.preparedQuery(
                                            "delete from evidence where account_id = $1 and sequence <= $2")
                                    .execute(Tuple.of(accountId, sequence)))
                            .map(deleted -> deleted.rowCount());
                }));
    }

    private Uni<Link> single(String sql, String accountId) {
        return pool.preparedQuery(sql).execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? null
                        : new Link(rows.iterator().next().getLong(0), rows.iterator().next().getString(1)));
    }
}
